'use strict';
/** n8n loaded what package.json declares, and the provider tables cover all of it. */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');

const { ROOT, runtime } = require('../stack');
const { nodeType, operationsOf, eventsOf } = require('../description');

function declared() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	// dist/credentials/SmsClubApi.credentials.js → smsClubApi (the class name, first letter lowered)
	const typeName = (file, suffix) => {
		const base = path.basename(file, suffix);
		return base.charAt(0).toLowerCase() + base.slice(1);
	};
	return {
		nodes: (pkg.n8n?.nodes || []).map((f) => typeName(f, '.node.js')),
		credentials: (pkg.n8n?.credentials || []).map((f) => typeName(f, '.credentials.js')),
	};
}

module.exports = (ctx) => {
	describe('package in n8n', () => {
		it('n8n loaded every node and credential package.json declares (installed from npm pack)', () => {
			const { loaded } = ctx.stack;
			const want = declared();
			assert.ok(want.nodes.length > 0, 'package.json declares nodes');
			const nodeNames = new Set(loaded.nodes.map((n) => n.name));
			const missingNodes = want.nodes.filter((n) => !nodeNames.has(`${runtime.PACKAGE_NAME}.${n}`));
			assert.deepEqual(missingNodes, [], `nodes n8n did not load; see test-results/e2e-n8n.log`);
			const credentialNames = new Set(loaded.credentials.map((c) => c.name));
			assert.deepEqual(
				want.credentials.filter((c) => !credentialNames.has(c)),
				[],
				'credentials n8n did not load',
			);
			// Installed the way n8n installs a community package: a copy of the packed files.
			const installed = path.join(ctx.stack.userFolder, '.n8n', 'nodes', 'node_modules', runtime.PACKAGE_NAME);
			assert.equal(fs.lstatSync(installed).isSymbolicLink(), false, 'the package is a packed copy, not a link to the repo');
		});

		it('every declared node has an e2e provider table', () => {
			assert.deepEqual(ctx.selection.uncovered, [], 'add a table in test/e2e/providers for these nodes');
		});

		for (const table of ctx.selection.active) {
			it(`${table.label}: the table covers every operation and trigger event the loaded node offers`, () => {
				const description = nodeType(ctx.stack.loaded, table.node);
				assert.ok(description, `${table.node} is loaded`);
				const offered = operationsOf(description).map((o) => `${o.resource}.${o.operation}`).sort();
				const tested = [...new Set(table.operations.map((o) => `${o.resource}.${o.operation}`))].sort();
				assert.deepEqual(tested, offered, 'operations in the node vs. operations in the e2e table');
				assert.ok(description.usableAsTool, 'action nodes are usable as AI tools (docs/contract.md)');
				if (table.trigger) {
					const trigger = nodeType(ctx.stack.loaded, table.trigger);
					assert.ok(trigger, `${table.trigger} is loaded`);
					assert.deepEqual(
						[...new Set(table.triggers.map((t) => t.event))].sort(),
						eventsOf(trigger).sort(),
						'trigger events in the node vs. in the e2e table',
					);
				}
				const sandbox = ctx.stack.sandboxes[table.provider];
				assert.ok(sandbox, `a ${table.provider} sandbox runs (test/sandbox/index.js)`);
				assert.ok(ctx.stack.credentials[table.credentialType], `a ${table.credentialType} credential points at the sandbox`);
			});
		}
		for (const table of ctx.selection.pending) {
			it(`${table.label}: table ready`, { skip: `${table.node} is not in package.json yet` }, () => {});
		}
	});
};
