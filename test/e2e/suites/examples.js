'use strict';
/**
 * The example workflows in examples/, imported as `npm start` imports them (credentials mapped by
 * type to the sandbox credentials) and run as a user would: through their webhooks, their
 * triggers, or the editor's "Execute workflow".
 *
 * Every example file needs a scenario below; a scenario runs when the providers it uses are in
 * package.json. Triggers keep the example's parameters except Poll Times, which the test shortens
 * (see fastPollTimes) so that it does not wait minutes for n8n's schedule.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');

const { ROOT, runtime, sleep } = require('../stack');
const { fastPollTimes, waitFor, finishedExecutions, runManually, outputItems, undeploy } = require('../workflows');

const EXAMPLES = path.join(ROOT, 'examples');

function readExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
}

function providersOf(workflow) {
	const prefix = `${runtime.PACKAGE_NAME}.`;
	return [...new Set(workflow.nodes.filter((n) => n.type.startsWith(prefix)).map((n) => n.type.slice(prefix.length).replace(/Trigger$/, '')))];
}

/** Imports an example for this instance; triggers poll fast. Returns the saved workflow's id. */
async function importExample(stack, workflow) {
	const nodes = workflow.nodes.map((node) => (node.parameters?.pollTimes ? { ...node, parameters: { ...node.parameters, pollTimes: fastPollTimes() } } : node));
	const saved = await runtime.importWorkflow(stack.api, { ...workflow, nodes }, { credentials: stack.credentials });
	return saved.id;
}

const output = (execution, node, index = 0) => (outputItems(execution, node, index) || []).map((i) => i.json);

const scenarios = {
	'otp-verification.json': {
		title: 'send a code, a wrong code is refused (401), the right one verifies once (200)',
		async run({ stack, table, workflowId }) {
			const sandbox = stack.sandboxes.msegat;
			await runtime.activateWorkflow(stack.api, workflowId);
			const sent = await runtime.callWebhook(stack.api, 'otp/send', { body: { phone: '+966 50 123 4567' } });
			assert.equal(sent.status, 200, sent.text);
			assert.equal(sent.body.status, 'accepted');
			assert.match(String(sent.body.otpId), /^\d+$/);
			const otpRequest = (await sandbox.requests()).filter((r) => r.path === '/gw/sendOTPCode.php').pop();
			assert.equal((otpRequest.json || otpRequest.form).number, '966501234567');

			const code = await table.otpCode(sandbox, sent.body.otpId);
			const wrong = code === '1111' ? '2222' : '1111';
			const refused = await runtime.callWebhook(stack.api, 'otp/verify', { body: { otpId: sent.body.otpId, code: wrong } });
			assert.equal(refused.status, 401, refused.text);
			assert.equal(refused.body.verified, false);
			assert.ok(refused.body.reason, 'the answer says why');

			const verified = await runtime.callWebhook(stack.api, 'otp/verify', { body: { otpId: sent.body.otpId, code } });
			assert.equal(verified.status, 200, verified.text);
			assert.deepEqual(verified.body, { verified: true });

			const replay = await runtime.callWebhook(stack.api, 'otp/verify', { body: { otpId: sent.body.otpId, code } });
			assert.equal(replay.status, 401, 'a used code does not verify twice');
		},
	},

	'low-balance-alert.json': {
		title: 'the balance falls below the threshold: the admin gets one SMS with the balance',
		async run({ stack, workflowId, workflow }) {
			const sandbox = stack.sandboxes.smsClub;
			const threshold = workflow.nodes.find((n) => n.type.endsWith('.smsClubTrigger')).parameters.threshold;
			const admin = workflow.nodes.find((n) => n.name === 'Text the admin').parameters.to;
			await sandbox.action('setBalance', { money: threshold * 10 });
			await runtime.activateWorkflow(stack.api, workflowId);
			const balanceReads = async () => (await sandbox.requests()).filter((r) => r.path === '/sms/balance').length;
			const before = await balanceReads();
			await waitFor(async () => (await balanceReads()) > before, { what: 'a balance poll', timeoutMs: 20_000 });
			assert.equal((await finishedExecutions(stack, workflowId)).length, 0, 'no alert while the balance is fine');

			const low = threshold - 7.5;
			await sandbox.action('setBalance', { money: low });
			const [execution] = await waitFor(async () => {
				const list = await finishedExecutions(stack, workflowId);
				return list.length ? list : undefined;
			}, { what: 'the alert', timeoutMs: 20_000 });
			assert.equal(execution.status, 'success', runtime.executionError(execution));
			const [sms] = output(execution, 'Text the admin');
			assert.equal(sms.status, 'accepted');
			assert.equal(sms.to, admin);
			const sent = (await sandbox.requests()).filter((r) => r.path === '/sms/send');
			assert.equal(sent.length, 1, 'one SMS');
			assert.deepEqual(sent[0].json.phone, [admin]);
			assert.match(sent[0].json.message, new RegExp(`balance is low: ${low} UAH \\(alert below ${threshold}\\)`));

			await sleep(7_000);
			assert.equal((await finishedExecutions(stack, workflowId)).length, 1, 'one alert, not one per poll');
		},
	},

	'auto-reply-incoming-sms.json': {
		title: 'an incoming SMS gets one reply, to its sender, from the number it was sent to',
		async run({ stack, table, workflowId }) {
			const sandbox = stack.sandboxes.messangi;
			await runtime.activateWorkflow(stack.api, workflowId);
			const listReads = async () => (await sandbox.requests()).filter((r) => r.path.includes('tools/getMOMessages')).length;
			const before = await listReads();
			await waitFor(async () => (await listReads()) > before, { what: 'a poll of incoming messages', timeoutMs: 20_000 });

			const { added } = await table.receive(sandbox, { from: '584125550777', text: 'Do you deliver on Sunday?' });
			const [mo] = added;
			const [execution] = await waitFor(async () => {
				const list = await finishedExecutions(stack, workflowId);
				return list.length ? list : undefined;
			}, { what: 'the reply', timeoutMs: 20_000 });
			assert.equal(execution.status, 'success', runtime.executionError(execution));
			const replies = (await sandbox.action('sent')).filter((s) => s.to === mo.from);
			assert.equal(replies.length, 1);
			assert.equal(replies[0].from, mo.to, 'the reply comes from the number the customer wrote to');
			assert.match(replies[0].text, /Thanks for your message "Do you deliver on Sunday\?"/);

			await sleep(7_000);
			assert.equal((await sandbox.action('sent')).filter((s) => s.to === mo.from).length, 1, 'one reply, not one per poll');
		},
	},

	'campaign-with-budget-guard-and-preview.json': {
		title: 'the preview makes the pasted text one GSM-7 part; the guarded send goes once; over budget nothing is sent',
		async run({ stack, workflowId, workflow }) {
			const sandbox = stack.sandboxes.msegat;
			const contacts = JSON.parse(workflow.nodes.find((n) => n.name === 'Campaign list').parameters.jsonOutput).contacts;
			const phones = contacts.map((c) => c.phone.replace(/\D/g, ''));
			const execution = await runManually(stack, workflowId, 'Start campaign');
			assert.equal(execution.status, 'success', runtime.executionError(execution));

			const [preview] = output(execution, 'Preview text');
			assert.equal(output(execution, 'Preview text').length, 1, 'one preview for the campaign');
			assert.deepEqual([preview.segments, preview.encoding, preview.ucs2Characters], [1, 'GSM-7', []]);
			assert.deepEqual(preview.smartEncoding, { replaced: 4, from: 'UCS-2', to: 'GSM-7' });
			assert.doesNotMatch(preview.text, /[—–’…]/);

			const paths = (await sandbox.requests()).map((r) => r.path);
			assert.deepEqual(paths, ['/gw/calculateCost.php', '/gw/Credits.php', '/gw/sendsms.php'], 'the estimate and the balance, then one send');
			const [send] = (await sandbox.requests()).filter((r) => r.path === '/gw/sendsms.php');
			const body = send.json || send.form;
			assert.equal(body.msg, preview.text, 'the text previewed is the text sent');
			assert.equal(body.numbers, phones.join(','));
			assert.deepEqual(output(execution, 'Send campaign').map((r) => [r.to, r.status, r.encoding]), phones.map((p) => [p, 'accepted', 'GSM-7']));
			assert.equal(output(execution, 'Too long: shorten the text').length, 0);

			// The balance no longer covers the campaign: the run fails and nothing is sent.
			await sandbox.reset();
			await sandbox.action('setBalance', { balance: 2 });
			const refused = await runManually(stack, workflowId, 'Start campaign');
			assert.equal(refused.status, 'error');
			assert.match(runtime.executionError(refused), /Nothing was sent: Msegat estimates the campaign at 4 points, more than the balance of 2 points/);
			assert.deepEqual((await sandbox.requests()).map((r) => r.path), ['/gw/calculateCost.php', '/gw/Credits.php']);
		},
	},

	'bulk-campaign-with-status.json': {
		title: 'the list gets one bulk request; after the wait, statuses split delivered from not delivered',
		async run({ stack, workflowId, workflow }) {
			const sandbox = stack.sandboxes.smsClub;
			const contacts = JSON.parse(workflow.nodes.find((n) => n.name === 'Campaign list').parameters.jsonOutput).contacts;
			const phones = contacts.map((c) => c.phone.replace(/\D/g, ''));
			const execution = await runManually(stack, workflowId, 'Start campaign');
			assert.equal(execution.status, 'success', runtime.executionError(execution));

			const sends = (await sandbox.requests()).filter((r) => r.path === '/sms/send');
			assert.equal(sends.length, 1, 'one request for the whole list');
			assert.deepEqual(sends[0].json.phone, phones);
			const sent = output(execution, 'Send campaign');
			assert.deepEqual(sent.map((s) => [s.to, s.status]), phones.map((p) => [p, 'accepted']));

			const waitRun = execution.data.resultData.runData['Wait for delivery reports'][0];
			const statusRun = execution.data.resultData.runData['Get delivery status'][0];
			assert.ok(statusRun.startTime - waitRun.startTime >= 4_500, 'the statuses are read after the wait');

			// The sandbox delivers every number except those ending in 13.
			const delivered = output(execution, 'Delivered');
			const notDelivered = output(execution, 'Not delivered: follow up');
			const idsOf = (ending) => sent.filter((s) => ending(s.to)).map((s) => s.messageId).sort();
			assert.deepEqual(delivered.map((d) => d.messageId).sort(), idsOf((to) => !to.endsWith('13')));
			assert.deepEqual(notDelivered.map((d) => d.messageId).sort(), idsOf((to) => to.endsWith('13')));
			assert.ok(notDelivered.length > 0 && notDelivered.every((d) => d.status === 'UNDELIV'));
		},
	},
};

module.exports = (ctx) => {
	describe('example workflows', () => {
		const files = fs.existsSync(EXAMPLES) ? fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort() : [];

		it('every example has a scenario in this suite', () => {
			assert.ok(files.length >= 4, 'examples/ holds the example workflows');
			assert.deepEqual(files.filter((f) => !scenarios[f]), []);
		});

		it('every example imports as it is in the file (no credential of ours yet, as with npm start --no-sandbox)', async () => {
			for (const file of files) {
				const saved = await runtime.importWorkflow(ctx.stack.api, readExample(file));
				try {
					assert.equal(saved.name, readExample(file).name);
					assert.equal(saved.nodes.length, readExample(file).nodes.length, `${file}: every node kept`);
				} finally {
					await runtime.publicApi(ctx.stack.api, 'DELETE', `/workflows/${saved.id}`);
				}
			}
		});

		const active = new Map(ctx.selection.active.map((t) => [t.node, t]));
		for (const file of files) {
			const scenario = scenarios[file];
			if (!scenario) continue;
			const workflow = readExample(file);
			const missing = providersOf(workflow).filter((p) => !active.has(p));
			it(`${file}: ${scenario.title}`, { timeout: 120_000, skip: missing.length ? `needs ${missing.join(', ')} (not in package.json yet)` : false }, async () => {
				const { stack } = ctx;
				const [provider] = providersOf(workflow);
				const table = active.get(provider);
				await stack.sandboxes[table.provider].reset();
				const workflowId = await importExample(stack, workflow);
				try {
					await scenario.run({ stack, table, workflow, workflowId });
				} finally {
					await undeploy(stack, workflowId);
				}
			});
		}
	});
};
