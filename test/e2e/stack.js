'use strict';
/**
 * The stack every end-to-end test runs against: the gateway sandboxes and ONE real n8n (started
 * once for the whole suite, because an n8n start costs ~10 s), with our package installed the way
 * a user gets it (npm pack), an owner, an API key and one credential per sandbox.
 *
 * Everything here goes through n8n's and the sandboxes' HTTP interfaces, as a user or another
 * program would: the suite proves the product, not our internals.
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const runtime = require('../../scripts/n8n-runtime');
const services = require('../../scripts/services');
const { startAll } = require('../sandbox');

const ROOT = path.resolve(__dirname, '..', '..');
const OWNER = { email: 'e2e@example.com', password: 'E2eSmsGateways1', firstName: 'End', lastName: 'ToEnd' };
// The range this suite may use, so that it never collides with `npm start` (5678) or other suites.
const PORT_RANGE = [5700, 5799];
/**
 * How n8n runs poll triggers (scripts/n8n-runtime.js POLLER_MODES): N8N_E2E_POLLER=durable runs
 * the suite against n8n's database-backed scheduler, whose poll state commits with the execution.
 */
const POLLER_MODE = process.env.N8N_E2E_POLLER || 'default';
/**
 * N8N_E2E_QUEUE=1: n8n in queue mode, as users who outgrow one process run it: Redis and Postgres
 * (Debian's packages, started here and stopped by PID), a main (editor, API, webhooks, triggers'
 * polls) and QUEUE_WORKERS workers that run every execution, manual ones included
 * (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS, which n8n 3 makes the only way). Each process has its own
 * user folder with the package installed in it, as n8n needs it on every process.
 */
const QUEUE = process.env.N8N_E2E_QUEUE === '1';
const QUEUE_WORKERS = 2;
const MODE = QUEUE ? 'queue' : POLLER_MODE;

function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function portFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** Free ports inside PORT_RANGE, starting at a random place so that parallel runs rarely meet. */
async function portsInRange(count) {
	const [low, high] = PORT_RANGE;
	const size = high - low + 1;
	const start = crypto.randomInt(size);
	const found = [];
	for (let i = 0; i < size && found.length < count; i++) {
		const port = low + ((start + i) % size);
		if (await portFree(port)) found.push(port);
	}
	if (found.length < count) throw new Error(`Fewer than ${count} free ports in ${low}-${high}`);
	return found;
}

/** Node and trigger names our package.json declares right now (providers land one by one). */
function declaredNodeNames() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return (pkg.n8n?.nodes || []).map((file) => {
		// dist/nodes/SmsClub/SmsClubTrigger.node.js → class SmsClubTrigger → name smsClubTrigger
		const base = path.basename(file, '.node.js');
		return base.charAt(0).toLowerCase() + base.slice(1);
	});
}

/** A client for one sandbox's control API (/__sandbox/...). */
function sandboxClient(provider, sandbox) {
	const control = async (method, action, body) => {
		const res = await runtime.http(`${sandbox.url}/__sandbox/${action}`, { method, body });
		if (!res.ok) throw new Error(`${provider} sandbox ${method} ${action}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
		return res.body;
	};
	return {
		provider,
		url: sandbox.url,
		credentials: sandbox.credentials,
		requests: () => control('GET', 'requests'),
		state: () => control('GET', 'state'),
		reset: () => control('POST', 'reset', {}),
		fault: (fault) => control('POST', 'faults', fault),
		/** Sandbox settings that outlive reset(): `latencyMs` (added to every request), `rateLimit`. */
		config: (settings) => control('POST', 'config', settings),
		action: (name, body = {}) => control('POST', name, body),
		/** Requests received after `since` (a count from an earlier requests() call). */
		async requestsSince(since) {
			return (await control('GET', 'requests')).slice(since);
		},
		async requestCount() {
			return (await control('GET', 'requests')).length;
		},
		/** Calls the provider API itself, authenticated as n8n would be, e.g. to prepare data. */
		call: (method, route, options = {}) => runtime.http(`${sandbox.url}${route}`, { method, ...options }),
	};
}

/**
 * Starts the sandboxes and n8n; returns everything the tests need and a stop().
 * N8N_E2E_KEEP=1 keeps the temp user folder for inspection. `env` is added to n8n's environment
 * (the CPU profile of test/bench/profile.js passes NODE_OPTIONS that way).
 */
async function startStack({ env: extraEnv = {} } = {}) {
	const started = Date.now();
	const pollerEnv = runtime.pollerModeEnv(POLLER_MODE);
	log(`poller mode: ${POLLER_MODE}${POLLER_MODE === 'durable' ? ` (${Object.keys(pollerEnv).join(', ')})` : " (n8n's in-memory cron)"}`);
	const installed = await runtime.ensureN8n({ log });
	const sandboxes = await startAll({ host: '127.0.0.1', port: 0 });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-sms-e2e-'));
	const [port, brokerPort, ...queuePorts] = await portsInRange(QUEUE ? 4 + 2 * QUEUE_WORKERS : 2);
	let queue;
	if (QUEUE) {
		try {
			queue = await startQueueServices(queuePorts);
		} catch (error) {
			await sandboxes.closeAll();
			throw error;
		}
	}
	const options = {
		port,
		userFolder,
		runtime: installed,
		log,
		env: {
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			// Manual runs (the bulk campaign example) must be kept for the test to read them.
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			// Scheduled polls are logged at debug level: the log then shows when each poll ran.
			N8N_LOG_LEVEL: process.env.N8N_E2E_LOG_LEVEL || 'debug',
			...pollerEnv,
			...(queue ? queue.env : {}),
			...extraEnv,
		},
	};
	let n8n;
	const workers = [];
	try {
		n8n = await runtime.startN8n({ ...options, packageDir: ROOT, install: 'pack' });
		// Workers after the main, which has run the database migrations by then.
		if (queue) workers.push(...(await Promise.all(queue.workerPorts.map((ports, i) => startWorker(installed, queue, ports, i + 1)))));
	} catch (error) {
		await Promise.allSettled([...workers.map((w) => w.stop()), n8n?.stop()]);
		await Promise.allSettled([sandboxes.closeAll(), queue?.stop()]);
		throw error;
	}
	const stop = async () => {
		await Promise.allSettled([n8n.stop(), ...workers.map((w) => w.stop()), sandboxes.closeAll()]);
		if (queue) await queue.stop();
		// The user folders go, but n8n's logs stay for whoever has to explain a failure.
		const kept = path.join(ROOT, 'test-results', MODE === 'default' ? 'e2e-n8n.log' : `e2e-n8n-${MODE}.log`);
		fs.mkdirSync(path.dirname(kept), { recursive: true });
		if (fs.existsSync(n8n.logFile)) fs.copyFileSync(n8n.logFile, kept);
		for (const [i, worker] of workers.entries()) {
			if (fs.existsSync(worker.logFile)) fs.copyFileSync(worker.logFile, kept.replace(/\.log$/, `-worker-${i + 1}.log`));
		}
		for (const folder of [userFolder, ...workers.map((w) => w.userFolder)]) {
			if (process.env.N8N_E2E_KEEP) log(`kept ${folder}`);
			else fs.rmSync(folder, { recursive: true, force: true });
		}
	};
	try {
		const api = await runtime.bootstrap({ url: n8n.url, ...OWNER });
		const loaded = await runtime.loadedTypes(api);
		const { credentials, skipped } = await runtime.createSandboxCredentials(api, sandboxes, {
			loadedCredentialTypes: loaded.credentials.map((c) => c.name),
		});
		const clients = Object.fromEntries(Object.entries(sandboxes).map(([name, sb]) => [name, sandboxClient(name, sb)]));
		log(
			`stack ready in ${Math.round((Date.now() - started) / 1000)} s: n8n ${n8n.url}` +
				(queue ? ` in queue mode with ${workers.length} workers (Redis ${queue.redis.port}, ${queue.postgres.version} ${queue.postgres.port})` : '') +
				`, sandboxes ${Object.keys(sandboxes).join(', ')}`,
		);
		const stack = { api, n8n, loaded, credentials, skippedCredentials: skipped, sandboxes: clients, owner: OWNER, userFolder, pollerMode: POLLER_MODE, queue: Boolean(queue), workers, workerConcurrency: 10, stop };
		/** In queue mode: which worker (1, 2, ...) ran each execution, from the workers' logs. */
		stack.executionsByWorker = () => {
			const ran = new Map();
			for (const [i, worker] of workers.entries()) {
				const text = fs.existsSync(worker.logFile) ? fs.readFileSync(worker.logFile, 'utf8') : '';
				for (const match of text.matchAll(/Worker started execution (\d+)/g)) ran.set(match[1], i + 1);
			}
			return ran;
		};
		/**
		 * Stops n8n and starts it again on the same port and user folder. The package stays
		 * installed, and the owner, credentials, workflows, executions and the triggers' state are
		 * in n8n's database. The login and API key are kept when n8n still accepts them, else the
		 * owner logs in again.
		 * - restart(): as `systemctl restart` would: SIGTERM, n8n shuts down gracefully.
		 * - crash(): SIGKILL to n8n's process group, as a crash or power cut: nothing is flushed.
		 */
		const startAgain = async (how) => {
			const t0 = Date.now();
			await (how === 'crash' ? n8n.kill('SIGKILL') : n8n.stop());
			n8n = await runtime.startN8n(options);
			stack.n8n = n8n;
			if (!(await stillAccepted(stack.api))) Object.assign(stack.api, await runtime.bootstrap({ url: n8n.url, ...OWNER }));
			log(`n8n ${how === 'crash' ? 'killed' : 'stopped'} and ready again in ${Math.round((Date.now() - t0) / 1000)} s (pid ${n8n.pid})`);
		};
		stack.restart = () => startAgain('restart');
		/**
		 * Queue mode: stops the workers and starts them again taking `concurrency` executions each
		 * (1: two executions started together surely run on two different workers).
		 */
		stack.restartWorkers = async ({ concurrency }) => {
			await Promise.all(workers.map((w) => w.stop()));
			const again = await Promise.all(
				queue.workerPorts.map((ports, i) => startWorker(installed, queue, ports, i + 1, { concurrency, userFolder: workers[i].userFolder })),
			);
			workers.splice(0, workers.length, ...again);
			stack.workerConcurrency = concurrency;
		};
		stack.crash = () => startAgain('crash');
		/** Rows of a table for one workflow, from n8n's database (Postgres in queue mode, else SQLite). */
		const rowsOf = (table, columns, workflowId) => {
			const id = String(workflowId).replace(/[^\w-]/g, '');
			const sql = `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${table} WHERE "workflowId" = '${id}' ORDER BY 1`;
			return queue ? queue.postgres.query(sql) : runtime.queryDatabase({ runtime: installed, userFolder, sql });
		};
		/** Rows of n8n's poller_state table for a workflow (the durable mode's poll state). */
		stack.pollerState = (workflowId) => rowsOf('poller_state', ['workflowId', 'nodeId', 'cursor'], workflowId);
		/** The workflow's executions as stored, whatever n8n's main process holds in memory. */
		stack.executionRows = (workflowId) => rowsOf('execution_entity', ['id', 'status', 'stoppedAt'], workflowId);
		return stack;
	} catch (error) {
		log(`n8n log: ${n8n.logFile}`);
		await stop();
		throw error;
	}
}

/**
 * Redis and Postgres on two of `ports`; the others go to the workers (health check and task-runner
 * broker, two each). `env` is what every n8n process of the stack gets.
 */
async function startQueueServices(ports) {
	const [redisPort, postgresPort, ...rest] = ports;
	const started = await services.startQueueServices({
		dir: services.tempDir('n8n-sms-e2e-queue-'),
		redisPort,
		postgresPort,
		encryptionKey: crypto.randomBytes(24).toString('hex'),
		log,
	});
	const workerPorts = [];
	for (let i = 0; i + 1 < rest.length; i += 2) workerPorts.push({ health: rest[i], broker: rest[i + 1] });
	return { ...started, workerPorts };
}

/**
 * One `n8n worker` with its own user folder and the package installed there (n8n's default
 * concurrency, 10 executions at once). Given the `userFolder` of a stopped worker, it starts again
 * with what is installed there.
 */
async function startWorker(installed, queue, ports, number, { concurrency = 10, userFolder } = {}) {
	const fresh = !userFolder;
	userFolder ??= fs.mkdtempSync(path.join(os.tmpdir(), `n8n-sms-e2e-worker${number}-`));
	return runtime.startN8n({
		command: 'worker',
		args: [`--concurrency=${concurrency}`],
		port: ports.health,
		userFolder,
		runtime: installed,
		...(fresh ? { packageDir: ROOT, install: 'pack' } : {}),
		log: (message) => log(`worker ${number}: ${message}`),
		env: {
			N8N_RUNNERS_BROKER_PORT: String(ports.broker),
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			N8N_LOG_LEVEL: 'info',
			...queue.env,
		},
	});
}

/** True when n8n still takes this login cookie and API key (after a restart). */
async function stillAccepted(api) {
	try {
		await runtime.publicApi(api, 'GET', '/workflows?limit=1');
		await runtime.rest(api, 'GET', '/me');
		return true;
	} catch {
		return false;
	}
}

module.exports = { ROOT, OWNER, MODE, startStack, declaredNodeNames, portsInRange, sleep, log, runtime };
