'use strict';
/**
 * Every trigger event, activated in n8n and polled by n8n's scheduler (every 3 s, see
 * fastPollTimes), in steps: nothing is emitted while nothing happens, new data is emitted once,
 * not again on later polls, not again after a deactivate/activate (what an n8n restart does), and
 * the next new data is emitted once. A failed step does not hide the steps after it: each step
 * counts only the executions that appeared during it.
 */
const assert = require('node:assert/strict');
const { describe, it } = require('node:test');

const { runtime } = require('../stack');
const { triggerWorkflow, deploy, undeploy, outputItems, waitFor, finishedExecutions, UNDER_TEST } = require('../workflows');

module.exports = (ctx) => {
	for (const table of ctx.selection.active) {
		describe(`${table.label} trigger`, () => {
			for (const trigger of table.triggers) {
				it(`${table.trigger} ${trigger.event}`, { timeout: 180_000 }, async (t) => {
					const { stack } = ctx;
					const sandbox = stack.sandboxes[table.provider];
					await sandbox.reset();
					if (trigger.quiet) await trigger.quiet(sandbox);

					const polls = async () => (await sandbox.requests()).filter((r) => r.path.includes(trigger.pollPath));
					const waitForPolls = async (count) => {
						const start = (await polls()).length;
						await waitFor(async () => (await polls()).length >= start + count, {
							timeoutMs: 15_000 + count * 5_000,
							what: `${count} poll(s) of ${trigger.pollPath}`,
						});
					};
					let workflowId;
					const executions = () => finishedExecutions(stack, workflowId);
					/** Waits for the next execution after `known` and returns its trigger items. */
					const nextEmission = async (known) => {
						const list = await waitFor(async () => {
							const done = await executions();
							return done.length > known ? done : undefined;
						}, { timeoutMs: 20_000, what: `an execution after #${known}` });
						const execution = list[known];
						assert.equal(execution.status, 'success', `execution ${execution.id} ${execution.status}: ${runtime.executionError(execution)}`);
						return outputItems(execution, UNDER_TEST).map((i) => i.json);
					};
					const noEmissionDuring = async (what, action) => {
						const known = (await executions()).length;
						await action();
						const extra = (await executions()).slice(known);
						assert.deepEqual(
							extra.map((e) => outputItems(e, UNDER_TEST).map((i) => i.json)),
							[],
							`${what}: nothing may be emitted, but ${extra.length} execution(s) were`,
						);
					};

					workflowId = await deploy(stack, triggerWorkflow(stack, table, trigger));
					try {
						await t.test('activated, it polls on schedule and emits nothing while nothing is new', () =>
							// n8n polls once at activation, then on its schedule.
							noEmissionDuring('no news', () => waitForPolls(2)),
						);

						let known = (await executions()).length;
						await t.test('new data is emitted once', async () => {
							const expected = await trigger.produce(sandbox, 1, { waitForPolls });
							trigger.check(await nextEmission(known), expected);
						});

						await t.test('the same data is not emitted again on later polls', () => noEmissionDuring('later polls', () => waitForPolls(2)));

						await t.test('nor after the workflow is deactivated and activated again (as on an n8n restart)', () =>
							noEmissionDuring('re-activation', async () => {
								await runtime.deactivateWorkflow(stack.api, workflowId);
								// activation polls at once, with the trigger's remembered state
								await runtime.activateWorkflow(stack.api, workflowId);
								await waitForPolls(2);
							}),
						);

						known = (await executions()).length;
						await t.test('the next new data is emitted once', async () => {
							const expected = await trigger.produce(sandbox, 2, { waitForPolls });
							trigger.check(await nextEmission(known), expected);
							await noEmissionDuring('after the second event', () => waitForPolls(1));
						});

						await t.test("polls come from n8n's scheduler every few seconds", async () => {
							const times = (await polls()).map((r) => r.time);
							const gaps = times
								.slice(1)
								.map((time, i) => time - times[i])
								.sort((a, b) => a - b);
							const median = gaps[Math.floor(gaps.length / 2)];
							assert.ok(times.length >= 6 && median < 4_500, `polled ${times.length} times, median gap ${median} ms`);
						});
					} finally {
						await undeploy(stack, workflowId);
					}
				});
			}
		});
	}
};
