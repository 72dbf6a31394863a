'use strict';
/** Msegat in real n8n (see README.md in this folder for the shape of a provider table). */
const assert = require('node:assert/strict');

const { previewRow } = require('../previewRow');

const paths = (requests) => requests.map((r) => `${r.method} ${r.path}`);
/** Msegat takes form or JSON bodies alike; the node sends JSON. */
const params = (request) => request.json || request.form || {};

/** Sends straight to the sandbox (as an earlier workflow would have) and returns the bulk id. */
async function sendDirect(sandbox, numbers, msg) {
	const res = await sandbox.call('POST', '/gw/sendsms.php', {
		body: { ...sandbox.credentials, baseUrl: undefined, numbers: numbers.join(','), msg, userSender: 'MyShop', msgEncoding: 'UTF8', reqBulkId: 'true' },
	});
	const match = /^1-(\d+)$/.exec(String(res.body.code));
	assert.ok(match, `sandbox refused the preparatory send: ${res.text}`);
	return match[1];
}

async function sendOtpDirect(sandbox, number) {
	const res = await sandbox.call('POST', '/gw/sendOTPCode.php', {
		headers: { lang: 'En' },
		body: { userName: sandbox.credentials.userName, apiKey: sandbox.credentials.apiKey, number, userSender: 'auth-mseg', lang: 'En' },
	});
	assert.equal(String(res.body.code), '1', `sandbox refused the preparatory OTP: ${res.text}`);
	const { code } = await sandbox.action('otpCode', { id: res.body.id });
	return { id: String(res.body.id), code };
}

function assertLogin(requests, sandbox) {
	for (const r of requests) {
		assert.equal(params(r).userName, sandbox.credentials.userName, `${r.path} carries the account's userName`);
		assert.equal(params(r).apiKey, sandbox.credentials.apiKey, `${r.path} carries the API key`);
	}
}

module.exports = {
	provider: 'msegat',
	label: 'Msegat',
	node: 'msegat',
	trigger: 'msegatTrigger',
	credentialType: 'msegatApi',
	secrets: (credentials) => [credentials.apiKey],
	/** For the OTP example: the code the person's phone shows for an otpId. */
	otpCode: async (sandbox, otpId) => (await sandbox.action('otpCode', { id: otpId })).code,

	operations: [
		previewRow({ provider: 'msegat', to: '966501234567', costPath: '/gw/calculateCost.php' }),
		{
			resource: 'sms',
			operation: 'send',
			title: 'each item sends to its own numbers with the login in the body',
			input: [{ phone: '+966 50 123 4567' }, { phone: '966551112233, 966551112244' }],
			parameters: { to: '={{ $json.phone }}', message: 'E2E Msegat send: your parcel has arrived', sender: 'MyShop' },
			async check({ output, items, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['POST /gw/sendsms.php', 'POST /gw/sendsms.php']);
				assertLogin(requests, sandbox);
				assert.deepEqual(requests.map((r) => params(r).numbers), ['966501234567', '966551112233,966551112244']);
				assert.ok(requests.every((r) => params(r).msg === 'E2E Msegat send: your parcel has arrived' && params(r).userSender === 'MyShop'));
				assert.deepEqual(output.map((o) => [o.to, o.status, o.provider]), [
					['966501234567', 'accepted', 'msegat'],
					['966551112233', 'accepted', 'msegat'],
					['966551112244', 'accepted', 'msegat'],
				]);
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1, 1]);
				const bulks = await sandbox.action('bulks');
				for (const row of output) {
					const bulk = bulks.find((b) => b.bulkId === String(row.bulkId));
					assert.ok(bulk, `bulkId ${row.bulkId} is one the gateway issued`);
					assert.ok(bulk.rows.some((r) => r.number === row.to));
				}
			},
		},
		{
			resource: 'sms',
			operation: 'sendBulk',
			title: 'recipients of all items in batches of the chosen size, a repeated number once',
			input: [{ phone: '966500000001' }, { phone: '966500000002, 966500000003' }, { phone: '966500000004' }, { phone: '966500000001' }],
			parameters: { to: '={{ $json.phone }}', message: 'E2E Msegat bulk: sale today', sender: 'MyShop', options: { batchSize: 3 } },
			async check({ output, items, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['POST /gw/sendsms.php', 'POST /gw/sendsms.php']);
				assertLogin(requests, sandbox);
				assert.deepEqual(requests.map((r) => params(r).numbers), ['966500000001,966500000002,966500000003', '966500000004']);
				assert.deepEqual(output.map((o) => o.to), ['966500000001', '966500000002', '966500000003', '966500000004']);
				assert.ok(output.every((o) => o.status === 'accepted'));
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1, 1, 2]);
				assert.equal(new Set(output.map((o) => o.bulkId)).size, 2, 'one bulk id per request');
			},
		},
		{
			resource: 'sms',
			operation: 'sendPersonalized',
			title: 'one sendVars request, Msegat fills each text from the item',
			input: [
				{ phone: '966501110001', name: 'Sara', order: 'A1' },
				{ phone: '966501110002', name: 'علي', order: 'B2' },
			],
			parameters: { to: '={{ $json.phone }}', message: 'Hi {name}, order {order} has shipped', sender: 'MyShop' },
			async check({ output, items, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['POST /gw/sendVars.php']);
				const p = params(requests[0]);
				assert.equal(p.msg, 'Hi {name}, order {order} has shipped');
				assert.deepEqual(p.vars, [
					{ name: 'Sara', order: 'A1' },
					{ name: 'علي', order: 'B2' },
				]);
				assert.deepEqual(output.map((o) => [o.to, o.status, o.encoding]), [
					['966501110001', 'accepted', 'GSM-7'],
					['966501110002', 'accepted', 'UCS-2'],
				]);
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1]);
				const bulk = (await sandbox.action('bulks')).find((b) => b.bulkId === String(output[0].bulkId));
				assert.deepEqual(bulk.rows.map((r) => r.text), ['Hi Sara, order A1 has shipped', 'Hi علي, order B2 has shipped']);
			},
		},
		{
			resource: 'sms',
			operation: 'getCost',
			title: "Msegat's contacts and points beside the local segment count",
			parameters: { to: '966501234567, 966501234568', message: 'E2E cost '.repeat(20).trim() },
			async check({ output, requests }) {
				assert.deepEqual(paths(requests), ['POST /gw/calculateCost.php']);
				assert.equal(params(requests[0]).contacts, '966501234567,966501234568');
				// 179 characters of English: 2 parts each, as Msegat bills it
				assert.deepEqual(output, [{ provider: 'msegat', contacts: 2, points: 4, segments: 2, encoding: 'GSM-7' }]);
			},
		},
		{
			resource: 'sms',
			operation: 'getStatus',
			title: 'one row per recipient of a bulk sent earlier',
			async arrange(sandbox) {
				const bulkId = await sendDirect(sandbox, ['966501230000', '966501230013'], 'E2E status probe');
				// the sandbox reports a final status one second after sending
				await new Promise((resolve) => setTimeout(resolve, 1200));
				return bulkId;
			},
			input: (bulkId) => [{ bulkId }],
			parameters: { bulkId: '={{ $json.bulkId }}', returnAll: true },
			async check({ output, requests, arranged }) {
				assert.deepEqual(paths(requests), ['POST /gw/getMessages.php']);
				assert.equal(String(params(requests[0]).reqBulkId), arranged);
				assert.deepEqual(output.map((o) => [o.bulkId, o.to, o.status]), [
					[arranged, '966501230000', 'Delivered'],
					[arranged, '966501230013', 'Failed'],
				]);
				assert.ok(output.every((o) => /^\d+$/.test(o.messageId)));
			},
		},
		{
			resource: 'account',
			operation: 'getBalance',
			title: 'the balance Credits.php answers, as a number',
			arrange: (sandbox) => sandbox.action('setBalance', { balance: 321.5 }),
			parameters: {},
			async check({ output, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['POST /gw/Credits.php']);
				assertLogin(requests, sandbox);
				assert.deepEqual(output, [{ provider: 'msegat', balance: 321.5 }]);
			},
		},
		{
			resource: 'sender',
			operation: 'getAll',
			title: 'every sender name with its status',
			parameters: { returnAll: true },
			async check({ output, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['POST /gw/senders.php']);
				const { senders } = await sandbox.state();
				assert.deepEqual(
					output,
					senders.map((s) => ({ provider: 'msegat', sender: s.SenderID, status: s.Status })),
				);
			},
		},
		{
			resource: 'otp',
			operation: 'send',
			title: 'a code sent through the free OTP sender returns its otpId',
			parameters: { to: '+966 50 999 0001', sender: 'auth-mseg', options: { language: 'en' } },
			async check({ output, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['POST /gw/sendOTPCode.php']);
				assert.equal(requests[0].headers.lang, 'En');
				assert.deepEqual(params(requests[0]).number, '966509990001');
				assert.equal(output.length, 1);
				assert.equal(output[0].status, 'accepted');
				assert.equal(output[0].to, '966509990001');
				const { code } = await sandbox.action('otpCode', { id: output[0].otpId });
				assert.match(code, /^\d{4}$/, 'the otpId is one the gateway issued a code for');
			},
		},
		{
			resource: 'otp',
			operation: 'verify',
			title: 'the right code verifies, a wrong one does not (no failure, a branchable answer)',
			async arrange(sandbox) {
				return [await sendOtpDirect(sandbox, '966509990002'), await sendOtpDirect(sandbox, '966509990003')];
			},
			input: ([good, bad]) => [
				{ otpId: good.id, code: good.code },
				{ otpId: bad.id, code: bad.code === '1111' ? '2222' : '1111' },
			],
			parameters: { otpId: '={{ $json.otpId }}', code: '={{ $json.code }}', sender: 'auth-mseg' },
			async check({ output, items, requests, arranged }) {
				assert.deepEqual(paths(requests), ['POST /gw/verifyOTPCode.php', 'POST /gw/verifyOTPCode.php']);
				assert.deepEqual(output.map((o) => [o.otpId, o.verified]), [
					[arranged[0].id, true],
					[arranged[1].id, false],
				]);
				assert.equal(output[1].reason, 'notFound');
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1]);
			},
		},
		{
			resource: 'template',
			operation: 'getAll',
			title: 'every template with id, title and body',
			parameters: { returnAll: true },
			async check({ output, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['POST /gw/GetMessageTemplates.php']);
				const { templates } = await sandbox.state();
				assert.deepEqual(
					output,
					templates.map((t) => ({ provider: 'msegat', id: t.id, title: t.title, body: t.msgBody })),
				);
			},
		},
	],

	triggers: [
		{
			event: 'lowBalance',
			parameters: { threshold: 100 },
			pollPath: '/gw/Credits.php',
			setBalance: (sandbox, balance) => sandbox.action('setBalance', { balance }),
			quiet(sandbox) {
				return this.setBalance(sandbox, 500);
			},
			async produce(sandbox, round, { waitForPolls }) {
				if (round === 1) {
					await this.setBalance(sandbox, 60);
					return { balance: 60 };
				}
				await this.setBalance(sandbox, 250);
				await waitForPolls(1);
				await this.setBalance(sandbox, 12);
				return { balance: 12 };
			},
			check(items, expected) {
				assert.equal(items.length, 1);
				assert.deepEqual({ ...items[0], checkedAt: undefined }, { provider: 'msegat', balance: expected.balance, threshold: 100, checkedAt: undefined });
			},
		},
	],

	outages: [
		{
			title: 'a balance read during an outage is retried, then fails with a readable error',
			resource: 'account',
			operation: 'getBalance',
			parameters: {},
			fault: { status: 503, times: 4, match: { path: '/gw/Credits.php' }, body: 'Service Unavailable' },
			error: /Msegat is having trouble \(HTTP 503\)/,
			check(requests) {
				assert.equal(requests.filter((r) => r.path === '/gw/Credits.php').length, 4, 'a read is tried 4 times');
			},
		},
		{
			title: 'a send that meets a server error is not re-sent and says the outcome is unknown',
			resource: 'sms',
			operation: 'send',
			parameters: { to: '966501234567', message: 'E2E outage send', sender: 'MyShop' },
			fault: { status: 503, times: 1, match: { path: '/gw/sendsms.php' } },
			error: /Msegat answered HTTP 503.*not known whether the SMS went out/s,
			check(requests) {
				assert.equal(requests.filter((r) => r.path === '/gw/sendsms.php').length, 1, 'a send is never repeated after the gateway may have acted');
			},
		},
	],

	editor: {
		search: ['SMS', 'Msegat'],
		action: { resource: 'sms', operation: 'send' },
		triggerEvent: 'lowBalance',
		liveOptions: {
			parameter: 'sender',
			arrange: (sandbox) =>
				sandbox.action('setSenders', {
					senders: [
						{ SenderID: 'MyShop', Status: 'Activated' },
						{ SenderID: 'E2eEditor', Status: 'Activated' },
					],
				}),
			// the node adds Msegat's free OTP test sender to the account's activated names
			expect: ['MyShop', 'E2eEditor', 'auth-mseg (free test sender, one-time codes only)'],
		},
	},
};
