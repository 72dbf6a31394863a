'use strict';
/**
 * Queue mode (N8N_E2E_QUEUE=1, `npm run test:e2e:queue`): what only a main with workers can show.
 * The other suites run unchanged on the same stack before this one (their executions ran on the
 * workers); here:
 * - the triggers' manual runs ("Fetch Test Event") run on a worker, with
 *   OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true, and the load-options lists answer from main;
 * - two 5,000-recipient SMSClub campaigns started together on two workers, the sandbox enforcing
 *   SMSClub's documented 9 requests a second, and the same with Messangi's one request per
 *   recipient (its sandbox enforcing 25 a second): every recipient `accepted` once, nobody twice,
 *   while a trigger of the same account polls on main and still reports what happens meanwhile.
 *   The 429 count, the busiest second and the time, next to one campaign on one worker alone, go
 *   to test-results/queue-bulk.json (BENCHMARKS.md quotes it).
 * The workers are restarted with one execution each for the campaigns, so that two started
 * together surely run on two processes; this suite therefore runs last.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before } = require('node:test');

const { ROOT, runtime, log, sleep } = require('../stack');
const { operationWorkflow, triggerWorkflow, deploy, undeploy, outputItems, runManually, waitFor, finishedExecutions, UNDER_TEST } = require('../workflows');

const QUEUE = process.env.N8N_E2E_QUEUE === '1';

/** The campaigns of the proof, per provider (sizes chosen to keep the suite near two minutes). */
const CAMPAIGNS = {
	smsClub: {
		recipients: 5000,
		limitPerSecond: 9,
		sendPath: '/sms/send',
		phone: (campaign, i) => `3805${campaign}${String(i).padStart(7, '0')}`,
		parameters: (text) => ({ to: '={{ $json.phone }}', message: text, sender: 'VashZakaz' }),
		prepare: (sandbox) => sandbox.action('setBalance', { money: 1_000_000 }),
		sent: async (sandbox, text) => (await sandbox.action('messages')).filter((m) => m.text === text).map((m) => m.phone),
		// The account's balance falls as the two campaigns spend it: the low-balance alert must
		// come once, from polls on main that share the account's rate with the workers.
		trigger: {
			event: 'lowBalance',
			pollPath: '/sms/balance',
			// 10,000 messages of one part at 0.5 UAH spend 5,000: the threshold is crossed halfway.
			parameters: { threshold: 1_000_000 - 2_500 },
			during: async () => {},
			check: (items) => {
				assert.equal(items.length, 1, `one alert: ${JSON.stringify(items)}`);
				assert.ok(items[0].balance < 1_000_000 - 2_500, `the alert reports a balance below the threshold: ${JSON.stringify(items[0])}`);
			},
		},
	},
	messangi: {
		recipients: 1000,
		limitPerSecond: 25,
		sendPath: 'tools/sendSMS',
		phone: (campaign, i) => `5841${campaign}${String(i).padStart(7, '0')}`,
		parameters: (text) => ({ to: '={{ $json.phone }}', message: text, sender: '12345', carrier: '', options: { concurrency: 8 } }),
		prepare: async () => {},
		sent: async (sandbox, text) => (await sandbox.action('sent')).filter((m) => m.text === text).map((m) => m.to),
		// A message arrives while the campaigns run: the incoming-message trigger must emit it once.
		trigger: {
			event: 'incomingMessage',
			pollPath: 'tools/getMOMessages',
			parameters: {},
			during: async (sandbox) => {
				await sleep(3_000);
				await sandbox.action('addIncoming', { from: '584125559999', text: 'E2E incoming during the campaigns' });
			},
			check: (items) => {
				assert.deepEqual(
					items.map((m) => [m.from, m.text]),
					[['584125559999', 'E2E incoming during the campaigns']],
				);
			},
		},
	},
};

/** Most requests inside any one second (a sliding window over their arrival times). */
function busiestSecond(times) {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= 1000) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}

/** What the gateway saw of the sends since `since`: attempts, 429s, and the busiest seconds. */
function sendTraffic(requests, sendPath) {
	const sends = requests.filter((r) => r.path.includes(sendPath));
	const accepted = sends.filter((r) => r.processed);
	return {
		requests: sends.length,
		refused429: sends.length - accepted.length,
		accepted: accepted.length,
		busiestSecondAccepted: busiestSecond(accepted.map((r) => r.time)),
		busiestSecondAttempted: busiestSecond(sends.map((r) => r.time)),
		// From the first send to the last: the time spent sending, without n8n's own work on the
		// execution before and after (reading 5,000 items, building 5,000 rows, saving them).
		sendingMs: sends.length ? Math.max(...sends.map((r) => r.time)) - Math.min(...sends.map((r) => r.time)) : 0,
	};
}

module.exports = function queueSuite(ctx) {
	describe('Queue mode: a main and two workers', { skip: !QUEUE && 'runs with N8N_E2E_QUEUE=1 (npm run test:e2e:queue)' }, () => {
		const results = {};
		/** Executions this suite started, by id, to check that workers ran them. */
		const ours = new Set();
		const ranOnWorker = (executionId) => ctx.stack.executionsByWorker().get(String(executionId));

		it('every process has the package installed, as n8n installs a community package', () => {
			const { stack } = ctx;
			assert.equal(stack.workers.length, 2, 'two workers');
			for (const folder of [stack.userFolder, ...stack.workers.map((w) => w.userFolder)]) {
				const manifest = path.join(folder, '.n8n', 'nodes', 'node_modules', runtime.PACKAGE_NAME, 'package.json');
				assert.ok(fs.existsSync(manifest), `${manifest} is missing`);
			}
		});

		describe("the triggers' manual runs (Fetch Test Event) run on a worker", () => {
			for (const table of ctx.selection.active) {
				const trigger = table.triggers[0];
				if (!trigger) continue;
				it(`${table.label}: ${trigger.event}`, async () => {
					const { stack } = ctx;
					const sandbox = stack.sandboxes[table.provider];
					await sandbox.reset();
					let expected;
					if (trigger.setBalance) {
						await trigger.setBalance(sandbox, 321);
						expected = (items) => assert.equal(items[0].balance, 321);
					} else if (table.provider === 'messangi') {
						await sandbox.action('addIncoming', { from: '584125550042', text: 'E2E fetch test event' });
						expected = (items) => assert.ok(items.some((m) => m.text === 'E2E fetch test event'), JSON.stringify(items));
					}
					const saved = await runtime.importWorkflow(stack.api, triggerWorkflow(stack, table, trigger), { credentials: stack.credentials });
					const execution = await runManually(stack, saved.id, UNDER_TEST);
					ours.add(String(execution.id));
					assert.equal(execution.status, 'success', runtime.executionError(execution));
					const items = (outputItems(execution) || []).map((i) => i.json);
					assert.ok(items.length >= 1, 'a sample item');
					if (expected) expected(items);
					await waitFor(() => ranOnWorker(execution.id), { timeoutMs: 10_000, what: `a worker's log line for execution ${execution.id}` });
				});
			}
		});

		describe('load-options lists answer with manual executions offloaded', () => {
			for (const table of ctx.selection.active) {
				const live = table.editor?.liveOptions;
				if (!live) continue;
				it(`${table.label}: ${live.parameter}`, async () => {
					const { stack } = ctx;
					const sandbox = stack.sandboxes[table.provider];
					await sandbox.reset();
					if (live.arrange) await live.arrange(sandbox);
					const { resource, operation } = table.editor.action;
					const credential = stack.credentials[table.credentialType];
					const options = await runtime.rest(stack.api, 'POST', '/dynamic-node-parameters/options', {
						nodeTypeAndVersion: { name: `${runtime.PACKAGE_NAME}.${table.node}`, version: 1 },
						path: `parameters.${live.parameter}`,
						methodName: 'getSenders',
						currentNodeParameters: { resource, operation },
						credentials: { [table.credentialType]: { id: credential.id, name: credential.name } },
					});
					assert.deepEqual(
						options.map((o) => o.name),
						live.expect,
					);
				});
			}
		});

		for (const table of ctx.selection.active) {
			const plan = CAMPAIGNS[table.provider];
			if (!plan) continue;
			describe(`${table.label}: two campaigns at once on two workers, the gateway enforcing ${plan.limitPerSecond} requests a second`, () => {
				const result = (results[table.provider] = { recipients: plan.recipients, limitPerSecond: plan.limitPerSecond });
				let sandbox;
				const campaigns = [];
				const polls = async () => (await sandbox.requests()).filter((r) => r.path.includes(plan.trigger.pollPath));
				before(async () => {
					const { stack } = ctx;
					if (stack.workerConcurrency !== 1) await stack.restartWorkers({ concurrency: 1 });
					sandbox = stack.sandboxes[table.provider];
					await sandbox.reset();
					await sandbox.config({ rateLimit: { perSecond: plan.limitPerSecond } });
					await plan.prepare(sandbox);
					// Three campaigns: one alone, then two together; each its own numbers and text.
					for (const n of [1, 2, 3]) {
						const text = `E2E queue campaign ${n} ${table.label}`;
						const phones = Array.from({ length: plan.recipients }, (_, i) => plan.phone(n, i));
						const { workflow, webhookPath } = operationWorkflow(stack, table, { resource: 'sms', operation: 'sendBulk', parameters: plan.parameters(text) });
						workflow.name = `e2e queue campaign ${n} ${table.label}`;
						campaigns.push({ n, text, phones, webhookPath, workflowId: await deploy(stack, workflow) });
					}
				});

				/** Starts the campaigns at once; resolves to what each did and what the gateway saw. */
				const run = async (list) => {
					const { stack } = ctx;
					const since = await sandbox.requestCount();
					const t0 = Date.now();
					const answers = await Promise.all(
						list.map((c) => runtime.callWebhook(stack.api, c.webhookPath, { body: { items: c.phones.map((phone) => ({ phone })) }, timeoutMs: 600_000 })),
					);
					const ms = Date.now() - t0;
					const traffic = sendTraffic(await sandbox.requestsSince(since), plan.sendPath);
					const done = [];
					for (const [i, c] of list.entries()) {
						assert.equal(answers[i].status, 200, `campaign ${c.n}: webhook answered ${answers[i].status} ${answers[i].text.slice(0, 300)}`);
						const execution = await runtime.waitForExecution(stack.api, { workflowId: c.workflowId, timeoutMs: 60_000 });
						ours.add(String(execution.id));
						done.push({ campaign: c, execution });
					}
					return { ms, traffic, done, t0, t1: t0 + ms };
				};

				/** Every recipient accepted in the output, and received exactly once by the gateway. */
				const checkCampaign = async ({ campaign, execution }) => {
					assert.equal(execution.status, 'success', runtime.executionError(execution));
					const rows = (outputItems(execution) || []).map((i) => i.json);
					assert.equal(rows.length, campaign.phones.length, 'one row per recipient');
					const notAccepted = rows.filter((r) => r.status !== 'accepted');
					assert.deepEqual(notAccepted.slice(0, 3), [], `${notAccepted.length} rows not accepted`);
					const received = await plan.sent(sandbox, campaign.text);
					const counts = new Map();
					for (const phone of received) counts.set(phone, (counts.get(phone) || 0) + 1);
					const twice = [...counts].filter(([, count]) => count > 1);
					assert.deepEqual(twice.slice(0, 3), [], `${twice.length} recipients received the campaign more than once`);
					assert.deepEqual([...counts.keys()].sort(), [...campaign.phones].sort(), 'the gateway received every recipient');
					return { worker: ranOnWorker(execution.id), executionId: execution.id, rows: rows.length, accepted: rows.length - notAccepted.length, receivedTwice: twice.length };
				};

				it('one campaign alone, on one worker', async () => {
					const { ms, traffic, done } = await run([campaigns[0]]);
					const [campaign] = await Promise.all(done.map(checkCampaign));
					result.alone = { ms, ...traffic, campaigns: [campaign] };
					log(`queue mode ${table.label}, one campaign alone: ${JSON.stringify(result.alone)}`);
					assert.ok(traffic.busiestSecondAccepted <= plan.limitPerSecond);
				});

				it('two campaigns started together on two workers: every recipient accepted once, a trigger on main still reporting', async () => {
					const { stack } = ctx;
					await plan.prepare(sandbox);
					const watched = await deploy(stack, triggerWorkflow(stack, table, { event: plan.trigger.event, parameters: plan.trigger.parameters }));
					try {
						// Activated and polling before the campaigns start.
						const polled = (await polls()).length;
						await waitFor(async () => (await polls()).length >= polled + 2, {
							timeoutMs: 30_000,
							what: 'two polls of the trigger',
						});
						const [{ ms, traffic, done, t0, t1 }] = await Promise.all([run([campaigns[1], campaigns[2]]), plan.trigger.during(sandbox)]);
						const checked = await Promise.all(done.map(checkCampaign));
						const during = (await polls()).filter((r) => r.time >= t0 && r.time <= t1);
						result.together = {
							ms,
							...traffic,
							campaigns: checked,
							triggerPollsDuringCampaigns: { polls: during.length, answered: during.filter((r) => r.processed).length, refused429: during.filter((r) => !r.processed).length },
						};
						log(`queue mode ${table.label}, two campaigns together: ${JSON.stringify(result.together)}`);
						assert.deepEqual(
							checked.map((c) => c.worker).sort(),
							[1, 2],
							'the two campaigns ran on the two workers',
						);
						assert.ok(traffic.busiestSecondAccepted <= plan.limitPerSecond);
						assert.ok(result.together.triggerPollsDuringCampaigns.answered >= 1, `the trigger's polls on main were answered during the campaigns: ${JSON.stringify(result.together.triggerPollsDuringCampaigns)}`);
						// The trigger: exactly one emission (its execution waits for a free worker), and no failed poll.
						const finished = () => finishedExecutions(stack, watched);
						await waitFor(async () => (await finished()).length > 0, { timeoutMs: 60_000, what: "the trigger's emission" });
						await sleep(4_000);
						const executions = await finished();
						assert.equal(executions.length, 1, `one execution of the trigger, got ${executions.length}: ${executions.map((e) => `${e.id} ${e.status} ${runtime.executionError(e) || ''}`).join('; ')}`);
						assert.equal(executions[0].status, 'success', runtime.executionError(executions[0]));
						plan.trigger.check((outputItems(executions[0]) || []).map((i) => i.json));
						ours.add(String(executions[0].id));
					} finally {
						await undeploy(stack, watched);
					}
				});

				it('results written', () => {
					assert.ok(result.alone && result.together, 'both runs measured');
					result.togetherVsAlone = Number((result.together.ms / result.alone.ms).toFixed(2));
					const file = path.join(ROOT, 'test-results', 'queue-bulk.json');
					fs.mkdirSync(path.dirname(file), { recursive: true });
					const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
					fs.writeFileSync(file, `${JSON.stringify({ ...previous, n8nVersion: runtime.N8N_VERSION, workers: 2, [table.provider]: result }, null, 2)}\n`);
				});

				it('cleanup', async () => {
					for (const c of campaigns) await undeploy(ctx.stack, c.workflowId);
					await sandbox.config({ rateLimit: null });
				});
			});
		}

		it('every execution this suite started ran on a worker', () => {
			const ran = ctx.stack.executionsByWorker();
			const onMain = [...ours].filter((id) => !ran.has(id));
			assert.ok(ours.size > 0);
			assert.deepEqual(onMain, [], 'executions that no worker ran');
		});
	});
};
