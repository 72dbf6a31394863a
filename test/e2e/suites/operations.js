'use strict';
/**
 * Every operation of every provider: webhook → our node → Respond to Webhook in a real n8n,
 * checking the node's output (as n8n stored it), the webhook's answer, and what the provider's
 * sandbox received.
 */
const assert = require('node:assert/strict');
const { describe, it, before } = require('node:test');

const { runOperation } = require('../workflows');

function assertNoSecrets(table, stack, value) {
	const text = JSON.stringify(value);
	for (const secret of table.secrets(stack.sandboxes[table.provider].credentials)) {
		assert.ok(!text.includes(secret), `a credential secret appears in ${text.slice(0, 200)}`);
	}
}

module.exports = (ctx) => {
	for (const table of ctx.selection.active) {
		describe(`${table.label} operations`, () => {
			let sandbox;
			before(async () => {
				sandbox = ctx.stack.sandboxes[table.provider];
				await sandbox.reset();
			});
			for (const op of table.operations) {
				it(`${op.resource}.${op.operation}: ${op.title}`, { timeout: 120_000 }, async () => {
					const arranged = op.arrange ? await op.arrange(sandbox) : undefined;
					const input = typeof op.input === 'function' ? op.input(arranged) : op.input;
					const result = await runOperation(ctx.stack, table, { ...op, input });
					assert.equal(
						result.status,
						'success',
						`execution ${result.execution.id} ended ${result.status}: ${result.error ? `${result.error.message} ${result.error.description}` : ''}`,
					);
					assert.ok(result.output.length > 0, 'the node output items');
					// What the caller of the webhook got is exactly what the node output.
					assert.equal(result.response.status, 200);
					assert.deepEqual(result.response.body, result.output);
					assertNoSecrets(table, ctx.stack, result.output);
					await op.check({ ...result, arranged, sandbox, input });
				});
			}
		});
	}
	for (const table of ctx.selection.pending) {
		describe(`${table.label} operations`, { skip: `${table.node} is not in package.json yet` }, () => {
			it('skipped', () => {});
		});
	}
};

module.exports.assertNoSecrets = assertNoSecrets;
