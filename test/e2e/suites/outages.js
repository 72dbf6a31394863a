'use strict';
/**
 * A provider outage, injected through the sandbox's control API, must end the execution with an
 * error a user can act on: which item, what happened, what to do, and no secret, no stack trace.
 */
const assert = require('node:assert/strict');
const { describe, it, beforeEach } = require('node:test');

const { runOperation } = require('../workflows');
const { assertNoSecrets } = require('./operations');

module.exports = (ctx) => {
	for (const table of ctx.selection.active) {
		describe(`${table.label} outage`, () => {
			let sandbox;
			beforeEach(async () => {
				sandbox = ctx.stack.sandboxes[table.provider];
				// also drops any fault a failed test left behind
				await sandbox.reset();
			});
			for (const outage of table.outages) {
				it(outage.title, { timeout: 120_000 }, async () => {
					if (outage.arrange) await outage.arrange(sandbox);
					await sandbox.fault(outage.fault);
					const result = await runOperation(ctx.stack, table, { ...outage, input: outage.input });
					assert.equal(result.status, 'error', `the execution must fail, it ended ${result.status}`);
					assert.ok(result.error, 'n8n recorded the error on our node');
					const text = `${result.error.message}\n${result.error.description}`;
					assert.match(text, outage.error);
					assert.match(result.error.message, /^\[item \d+\] /, 'the message names the item');
					assert.doesNotMatch(text, /\n\s+at .+\(.+:\d+:\d+\)|\[object Object\]|undefined/, 'no stack trace or unformatted value');
					assertNoSecrets(table, ctx.stack, result.execution.data);
					// The caller of the webhook learns that it failed.
					assert.ok(result.response.status >= 500, `webhook answered ${result.response.status}`);
					outage.check(result.requests);
				});
			}
		});
	}
};
