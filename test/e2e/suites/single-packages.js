'use strict';
/**
 * The four single-service packages (packages/<name>/, written by `npm run build`; see
 * scripts/packages.js), each installed ALONE into a fresh n8n from its `npm pack` tarball, as
 * n8n Cloud or a verified-only instance installs it: n8n loads exactly its node, trigger and
 * credential; its credential test passes against the sandbox; one send and its trigger's manual
 * run ("Fetch Test Event") work, with node types `n8n-nodes-<gateway>.<name>`.
 *
 * One n8n after the other (each about 15 s to start), beside the suite's main instance, on ports
 * of the e2e range; the gateway sandboxes are the main stack's. Default mode only: the package
 * is the same in the durable and queue modes, which the main instance covers.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const { ROOT, MODE, OWNER, portsInRange, runtime, log } = require('../stack');
const { runOperation, triggerWorkflow, runManually, outputItems, UNDER_TEST } = require('../workflows');
const { singlePackages } = require('../../../scripts/packages');

const OURS = ['msegatApi', 'smsgicApi', 'messangiApi', 'smsClubApi'];
const lowerFirst = (name) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * What the package declares: node type names and credential type names, as n8n derives them
 * (with the AI Agent tool variant n8n adds for the action node, `usableAsTool`).
 */
function declared(single) {
	const names = single.pkg.n8n.nodes.map((file) => lowerFirst(path.basename(file, '.node.js')));
	const tools = names.filter((name) => !name.endsWith('Trigger')).map((name) => `${name}Tool`);
	return {
		nodes: [...names, ...tools].map((name) => `${single.name}.${name}`).sort(),
		credentials: single.pkg.n8n.credentials.map((file) => lowerFirst(path.basename(file, '.credentials.js'))),
	};
}

/** A fresh n8n with only this package installed; returns a stack the workflow helpers take. */
async function startAlone(ctx, single, table) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-sms-e2e-${single.provider}-`));
	const [port, brokerPort] = await portsInRange(2);
	const n8n = await runtime.startN8n({
		port,
		userFolder,
		log,
		packageDir: single.dir,
		install: 'pack',
		env: {
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		},
	});
	const stop = async () => {
		await n8n.stop();
		const kept = path.join(ROOT, 'test-results', `e2e-n8n-single-${single.provider}.log`);
		fs.mkdirSync(path.dirname(kept), { recursive: true });
		if (fs.existsSync(n8n.logFile)) fs.copyFileSync(n8n.logFile, kept);
		if (process.env.N8N_E2E_KEEP) log(`kept ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		const api = await runtime.bootstrap({ url: n8n.url, ...OWNER });
		const loaded = await runtime.loadedTypes(api);
		const sandboxes = { [table.provider]: ctx.stack.sandboxes[table.provider] };
		const { credentials } = await runtime.createSandboxCredentials(api, sandboxes, { loadedCredentialTypes: loaded.credentials.map((c) => c.name) });
		return { api, n8n, loaded, credentials, sandboxes, userFolder, packageName: single.name, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = (ctx) => {
	describe('Single-service packages, each alone in a fresh n8n', { skip: MODE !== 'default' && 'runs in the default mode (npm run test:e2e)' }, () => {
		for (const single of singlePackages()) {
			describe(single.name, () => {
				let alone;
				let table;
				before(
					async () => {
						const want = declared(single);
						table = ctx.selection.active.find((t) => t.credentialType === want.credentials[0]);
						assert.ok(table, `an e2e provider table for ${want.credentials[0]}`);
						alone = await startAlone(ctx, single, table);
					},
					{ timeout: 5 * 60_000 },
				);
				after(async () => {
					if (alone) await alone.stop();
				});

				it('loads exactly its node, trigger and credential (installed from npm pack)', () => {
					const want = declared(single);
					const community = alone.loaded.nodes
						.map((n) => n.name)
						.filter((name) => !name.startsWith('n8n-nodes-base.') && !name.startsWith('@n8n/'));
					assert.deepEqual([...new Set(community)].sort(), want.nodes, 'community node types n8n loaded');
					const ourCredentials = alone.loaded.credentials.map((c) => c.name).filter((name) => OURS.includes(name));
					assert.deepEqual(ourCredentials, want.credentials, 'credential types of ours n8n loaded');
					const installed = path.join(alone.userFolder, '.n8n', 'nodes', 'node_modules', single.name);
					assert.equal(fs.lstatSync(installed).isSymbolicLink(), false, 'a packed copy, not a link');
					assert.deepEqual(fs.readdirSync(installed).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json']);
				});

				it('its credential test passes against the sandbox', async () => {
					const credential = alone.credentials[table.credentialType];
					assert.ok(credential, `a ${table.credentialType} credential was created`);
					const data = alone.sandboxes[table.provider].credentials;
					const result = await runtime.rest(alone.api, 'POST', '/credentials/test', {
						credentials: { id: credential.id, name: credential.name, type: table.credentialType, data },
					});
					assert.equal(result?.status, 'OK', `credential test: ${JSON.stringify(result)}`);
				});

				it('sms.send works through its own node type', { timeout: 120_000 }, async () => {
					const op = table.operations.find((o) => o.resource === 'sms' && o.operation === 'send');
					const sandbox = alone.sandboxes[table.provider];
					await sandbox.reset();
					const arranged = op.arrange ? await op.arrange(sandbox) : undefined;
					const input = typeof op.input === 'function' ? op.input(arranged) : op.input;
					const result = await runOperation(alone, table, { ...op, input });
					assert.equal(result.status, 'success', `execution ${result.execution.id}: ${result.error ? result.error.message : ''}`);
					assert.equal(result.execution.workflowData.nodes.find((n) => n.name === UNDER_TEST).type, `${single.name}.${table.node}`);
					await op.check({ ...result, arranged, sandbox, input });
				});

				it("its trigger's manual run (Fetch Test Event) returns a sample", { timeout: 120_000 }, async () => {
					const trigger = table.triggers[0];
					const sandbox = alone.sandboxes[table.provider];
					await sandbox.reset();
					let expected;
					if (trigger.setBalance) {
						await trigger.setBalance(sandbox, 321);
						expected = (items) => assert.equal(items[0].balance, 321);
					} else if (table.provider === 'messangi') {
						await sandbox.action('addIncoming', { from: '584125550042', text: 'E2E single package' });
						expected = (items) => assert.ok(items.some((m) => m.text === 'E2E single package'), JSON.stringify(items));
					}
					const saved = await runtime.importWorkflow(alone.api, triggerWorkflow(alone, table, trigger), { credentials: alone.credentials });
					const execution = await runManually(alone, saved.id, UNDER_TEST);
					assert.equal(execution.status, 'success', runtime.executionError(execution));
					const items = (outputItems(execution) || []).map((i) => i.json);
					assert.ok(items.length >= 1, 'a sample item');
					if (expected) expected(items);
				});
			});
		}
	});
};
