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
	// A *To* that only reads an input field (`{{ $json.phone }}`) is read from the item without n8n's
	// expression engine (nodes/shared/parameters.ts). The same items through the same field
	// written so that n8n must evaluate it (`{{ ($json.phone) }}`) give the same rows and sends.
	const msegat = ctx.selection.active.find((table) => table.provider === 'msegat');
	describe('a To that only reads an input field', { skip: !msegat && 'Msegat is not in package.json' }, () => {
		it('Msegat Send Bulk: {{ $json.phone }} read from the item gives what n8n evaluates', { timeout: 120_000 }, async () => {
			const phones = ['966501230001', 966501230002, [966501230003, '966501230004'], '+966 50 123 0005', '966501230001, 966501230006', null, { n: 1 }, true, '0501230007', '', undefined];
			const input = phones.map((phone) => (phone === undefined ? { other: 1 } : { phone }));
			const run = async (to) => {
				const result = await runOperation(ctx.stack, msegat, {
					resource: 'sms',
					operation: 'sendBulk',
					input,
					parameters: { to, message: 'E2E plain field', sender: 'MyShop', options: {} },
					settings: { onError: 'continueRegularOutput' },
				});
				assert.equal(result.status, 'success', result.error?.message);
				return {
					rows: result.items.map((item) => ({ item: item.pairedItem, to: item.json.to, status: item.json.status, error: item.json.error })),
					sent: result.requests.filter((r) => r.path.endsWith('/sendsms.php')).map((r) => (r.form || r.json).numbers),
				};
			};
			const direct = await run('={{ $json.phone }}');
			const evaluated = await run('={{ ($json.phone) }}');
			assert.deepEqual(direct, evaluated);
			assert.deepEqual(direct.sent, ['966501230001,966501230002,966501230003,966501230004,966501230005,966501230006'], 'the valid numbers, each once');
			assert.ok(direct.rows.filter((r) => r.error).length >= 5, 'the items without a valid number are errors naming the item');
		});
	});

	for (const table of ctx.selection.pending) {
		describe(`${table.label} operations`, { skip: `${table.node} is not in package.json yet` }, () => {
			it('skipped', () => {});
		});
	}
};

module.exports.assertNoSecrets = assertNoSecrets;
