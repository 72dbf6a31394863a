#!/usr/bin/env node
'use strict';

/**
 * `npm start`: the product as a user runs it. Builds the package, installs n8n the first time (into
 * a cache folder outside git), starts the gateway sandboxes, starts n8n on http://localhost:5678 with
 * our package loaded as a community package, creates the owner, one credential per provider pointing
 * at its sandbox, imports examples/*.json, and prints how to log in. Ctrl-C stops all of it.
 *
 * Options:
 *   --no-sandbox       (or SMS_SANDBOX=0) no sandboxes and no credentials: for real provider accounts
 *   --port N           n8n's port (default 5678)
 *   --sandbox-port N   first sandbox port, the others follow (default: free ports)
 *   --no-build         use dist/ as it is
 *   --link             symlink the repo into n8n instead of installing the packed package
 *   --reset            forget the previous n8n data (owner, credentials, workflows, executions)
 *   --verbose          echo n8n's log on the terminal
 *   --queue            queue mode: Redis and Postgres (Debian's redis-server and postgresql,
 *                      started here and stopped with the rest), the main on --port and
 *                      --workers N workers (default 2) running every execution; its data is kept
 *                      apart from the single-process one (<cache>/queue, <cache>/user-queue*)
 *   --workers N        how many workers with --queue
 *
 * Environment: N8N_SMS_CACHE (cache folder, default ~/.cache/n8n-nodes-sms-gateways),
 * N8N_SMS_USER_FOLDER (n8n's data, default <cache>/user), N8N_SMS_OWNER_EMAIL, N8N_SMS_OWNER_PASSWORD.
 */

const fs = require('node:fs');
const crypto = require('node:crypto');
const path = require('node:path');
const net = require('node:net');
const { spawn } = require('node:child_process');
const runtime = require('./n8n-runtime');
const services = require('./services');

const ROOT = path.resolve(__dirname, '..');
const OWNER_EMAIL = process.env.N8N_SMS_OWNER_EMAIL || 'owner@example.com';
// n8n requires 8-64 characters with a digit and an upper-case letter.
const OWNER_PASSWORD = process.env.N8N_SMS_OWNER_PASSWORD || 'SmsGateways1';

function parseArgs(argv) {
	const args = { sandbox: !/^(0|false|no|off)$/i.test(process.env.SMS_SANDBOX || ''), port: 5678, build: true };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const v = Number(argv[++i]);
			if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`${arg} needs a port number`);
			return v;
		};
		if (arg === '--no-sandbox') args.sandbox = false;
		else if (arg === '--sandbox') args.sandbox = true;
		else if (arg === '--port') args.port = value();
		else if (arg === '--sandbox-port') args.sandboxPort = value();
		else if (arg === '--no-build') args.build = false;
		else if (arg === '--link') args.link = true;
		else if (arg === '--reset') args.reset = true;
		else if (arg === '--verbose') args.verbose = true;
		else if (arg === '--queue') args.queue = true;
		else if (arg === '--workers') {
			args.workers = Number(argv[++i]);
			if (!Number.isInteger(args.workers) || args.workers < 1 || args.workers > 8) throw new Error('--workers needs a number from 1 to 8');
		}
		else if (arg === '--help' || arg === '-h') args.help = true;
		else throw new Error(`Unknown option ${arg} (try --help)`);
	}
	return args;
}

function say(message) {
	process.stdout.write(`${message}\n`);
}

function log(message) {
	process.stderr.write(`[start] ${message}\n`);
}

function portFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function build() {
	return new Promise((resolve, reject) => {
		log('Building the package (npm run build) ...');
		const child = spawn('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (exit code ${code})`))));
	});
}

function readExamples() {
	const dir = path.join(ROOT, 'examples');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

async function importExamples(api, credentials, loaded) {
	const nodeTypes = new Set(loaded.nodes.map((n) => n.name));
	const results = [];
	for (const { file, workflow } of readExamples()) {
		const missingNodes = [...new Set((workflow.nodes || []).map((n) => n.type))].filter((t) => !nodeTypes.has(t));
		if (missingNodes.length) {
			results.push({ file, name: workflow.name, skipped: `needs ${missingNodes.join(', ')}` });
			continue;
		}
		try {
			const saved = await runtime.upsertWorkflow(api, workflow, { credentials });
			const result = { file, name: saved.name, id: saved.id };
			// Activate what the example asks for, but only when every credential it uses exists here:
			// otherwise its triggers would fail on every poll.
			const usedTypes = (workflow.nodes || []).flatMap((n) => Object.keys(n.credentials || {}));
			if (workflow.active && usedTypes.every((t) => credentials[t])) {
				await runtime.activateWorkflow(api, saved.id);
				result.active = true;
			}
			results.push(result);
		} catch (error) {
			results.push({ file, name: workflow.name, skipped: error.message });
		}
	}
	return results;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		say(fs.readFileSync(__filename, 'utf8').match(/\/\*\*([\s\S]*?)\*\//)[1].replace(/^ \* ?/gm, '').trim());
		return;
	}
	const stack = { n8n: null, sandboxes: null, workers: [], queue: null };
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		log('Stopping ...');
		await Promise.allSettled([stack.n8n && stack.n8n.stop(), ...stack.workers.map((w) => w.stop()), stack.sandboxes && stack.sandboxes.closeAll()]);
		// Redis and Postgres last: n8n flushes to them on its way out.
		if (stack.queue) await stack.queue.stop();
		process.exit(code);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			// A second Ctrl-C does not wait: the exit handler of n8n-runtime kills n8n's process group.
			if (stopping) process.exit(130);
			stopAll(0);
		});
	}
	// `npm start` runs this script with `exec`, so a signal to npm's process reaches it (npm
	// forwards SIGINT and SIGTERM to its child). Should the parent go away without a signal (npm
	// killed with SIGKILL, a closed terminal), this process is re-parented: everything stops too.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) stopAll(0);
	}, 1000).unref();

	if (!(await portFree(args.port))) {
		throw new Error(`Port ${args.port} is in use (another n8n?). Stop it or choose another with --port.`);
	}
	if (args.build) await build();
	const installed = await runtime.ensureN8n({ log });
	const userFolder = path.resolve(process.env.N8N_SMS_USER_FOLDER || path.join(installed.cacheDir, args.queue ? 'user-queue' : 'user'));
	const workerCount = args.queue ? (args.workers ?? 2) : 0;
	const workerFolders = Array.from({ length: workerCount }, (_, i) => `${userFolder}-worker-${i + 1}`);
	const queueDir = path.join(installed.cacheDir, 'queue');
	if (args.reset) {
		for (const folder of [userFolder, ...workerFolders, ...(args.queue ? [queueDir] : [])]) {
			log(`Removing ${folder} (--reset) ...`);
			fs.rmSync(folder, { recursive: true, force: true });
		}
	}
	let queueEnv = {};
	if (args.queue) {
		// Postgres keeps the data between runs, so the credentials' encryption key is kept too.
		const keyFile = path.join(queueDir, 'encryption-key');
		fs.mkdirSync(queueDir, { recursive: true });
		if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, crypto.randomBytes(24).toString('hex'), { mode: 0o600 });
		stack.queue = await services.startQueueServices({
			dir: queueDir,
			redisPort: await runtime.freePort(),
			postgresPort: await runtime.freePort(),
			encryptionKey: fs.readFileSync(keyFile, 'utf8').trim(),
			keep: true,
			log,
		});
		queueEnv = stack.queue.env;
	}

	if (args.sandbox) {
		const { startAll } = require('../test/sandbox');
		stack.sandboxes = await startAll({ host: '127.0.0.1', port: args.sandboxPort || 0 });
	}

	// n8n applies our bundles' source maps, so a stack trace in its log names our TypeScript.
	const n8nEnv = { ...queueEnv, NODE_OPTIONS: '--enable-source-maps' };
	stack.n8n = await runtime.startN8n({
		port: args.port,
		userFolder,
		packageDir: ROOT,
		install: args.link ? 'link' : 'pack',
		runtime: installed,
		log,
		env: n8nEnv,
		onOutput: args.verbose ? (line) => process.stderr.write(`[n8n] ${line}\n`) : undefined,
	});
	// Workers after the main, which runs the database migrations; each has the package installed
	// in its own user folder, as n8n needs it on every process.
	for (const [i, folder] of workerFolders.entries()) {
		const worker = await runtime.startN8n({
			command: 'worker',
			port: await runtime.freePort(),
			userFolder: folder,
			packageDir: ROOT,
			install: args.link ? 'link' : 'pack',
			runtime: installed,
			log: (message) => log(`worker ${i + 1}: ${message}`),
			env: n8nEnv,
			onOutput: args.verbose ? (line) => process.stderr.write(`[worker ${i + 1}] ${line}\n`) : undefined,
		});
		stack.workers.push(worker);
		worker.exited.then((exit) => {
			if (stopping) return;
			log(`worker ${i + 1} stopped unexpectedly (${exit.signal || `exit code ${exit.code}`}). Its last lines:\n${worker.logs.slice(-30).join('\n')}`);
			stopAll(1);
		});
	}
	stack.n8n.exited.then((exit) => {
		if (stopping) return;
		log(`n8n stopped unexpectedly (${exit.signal || `exit code ${exit.code}`}). Its last lines:\n${stack.n8n.logs.slice(-30).join('\n')}`);
		stopAll(1);
	});

	let api;
	try {
		api = await runtime.bootstrap({ url: stack.n8n.url, email: OWNER_EMAIL, password: OWNER_PASSWORD });
	} catch (error) {
		throw new Error(
			`${error.message}\nThis n8n already has an owner with another login: start with --reset to begin anew, or set N8N_SMS_OWNER_EMAIL and N8N_SMS_OWNER_PASSWORD.`,
		);
	}
	const loaded = await runtime.loadedTypes(api);
	const ours = loaded.nodes.filter((n) => n.name.startsWith(`${runtime.PACKAGE_NAME}.`)).map((n) => n.name);
	if (!ours.length) log(`Warning: n8n loaded none of our nodes; see ${stack.n8n.logFile}`);

	let credentials = {};
	let skipped = {};
	if (stack.sandboxes) {
		({ credentials, skipped } = await runtime.createSandboxCredentials(api, stack.sandboxes, {
			loadedCredentialTypes: loaded.credentials.map((c) => c.name),
		}));
	}
	const examples = await importExamples(api, credentials, loaded);

	const lines = [
		'',
		`n8n ${runtime.N8N_VERSION} is running: ${stack.n8n.publicUrl}`,
		...(stack.queue
			? [
					`  queue mode: ${stack.workers.length} worker(s) (pids ${stack.workers.map((w) => w.pid).join(', ')}), Redis 127.0.0.1:${stack.queue.redis.port} (pid ${stack.queue.redis.pid}), ${stack.queue.postgres.version} 127.0.0.1:${stack.queue.postgres.port} (pid ${stack.queue.postgres.pid})`,
				]
			: []),
		`  login:     ${OWNER_EMAIL} / ${OWNER_PASSWORD}`,
		`  our nodes: ${ours.map((n) => n.split('.')[1]).join(', ') || 'none'}`,
	];
	if (stack.sandboxes) {
		lines.push('  sandboxes (fake gateways; requests they received: <url>/__sandbox/requests):');
		for (const [provider, sandbox] of Object.entries(stack.sandboxes)) {
			const type = runtime.PROVIDER_CREDENTIAL_TYPES[provider];
			const credential = credentials[type];
			lines.push(
				`    ${provider.padEnd(9)} ${sandbox.url}  ${credential ? `credential "${credential.name}"` : `no credential: ${skipped[provider]}`}`,
			);
		}
	} else {
		lines.push('  no sandboxes: create credentials for your real provider accounts in n8n');
	}
	if (examples.length) {
		lines.push('  example workflows:');
		for (const e of examples) {
			lines.push(`    ${e.name} (${e.file}): ${e.skipped ? `not imported: ${e.skipped}` : e.active ? 'active' : 'imported'}`);
		}
	}
	lines.push(`  n8n's log: ${stack.n8n.logFile}`);
	for (const [i, worker] of stack.workers.entries()) lines.push(`  worker ${i + 1}'s log: ${worker.logFile}`);
	lines.push('', 'Press Ctrl-C to stop.');
	say(lines.join('\n'));
}

main().catch(async (error) => {
	log(error.message || String(error));
	// n8n-runtime's exit handler kills any n8n this process started.
	process.exit(1);
});
