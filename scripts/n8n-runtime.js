'use strict';

/**
 * Runs a real n8n with this package loaded as a community package.
 *
 * Used by `npm start` (scripts/start.js) and by the end-to-end suite, so it only depends on Node
 * built-ins and runs on the Node that runs our tooling (20+). n8n itself needs Node 24, so the first
 * call to ensureN8n() installs Node 24 and n8n from the npm registry into a cache folder outside
 * git; later calls reuse it.
 */

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn } = require('node:child_process');

// Pinned on purpose: n8n@latest did not install from the registry when this was written (a missing
// transitive version), and an exact pair of versions makes every developer and CI run the same n8n.
const N8N_VERSION = process.env.N8N_SMS_N8N_VERSION || '2.41.1';
const NODE_VERSION = process.env.N8N_SMS_NODE_VERSION || '24.21.0';
// n8n asks for linkedom ^0.18.13; 0.18.15 depends on a package the registry does not serve
// (cssomnom), so npm install fails unless the previous release is pinned. Likewise tldts 7.6.4
// (via tough-cookie) asks for tldts-core ^7.6.4, which the registry does not serve.
const N8N_OVERRIDES = { linkedom: '0.18.14', tldts: '7.6.0' };
// Native modules that n8n needs compiled for Node 24 (install scripts are skipped, see below).
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

const PACKAGE_NAME = 'n8n-nodes-sms-gateways';
const MARKER = '.installed.json';

function defaultLog(message) {
	process.stderr.write(`[n8n] ${message}\n`);
}

function cacheDir() {
	return path.resolve(
		process.env.N8N_SMS_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-sms-gateways'),
	);
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function formatDuration(ms) {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
	} catch {
		return undefined;
	}
}

// The marker is written last, so a folder without it is a half-finished install (interrupted,
// failed): it is removed and done again rather than trusted.
function writeMarker(dir, data) {
	fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ ...data, at: new Date().toISOString() }, null, '\t'));
}

/** Runs a command, its output going to our stderr (stdout stays clean for callers' results). */
function run(command, args, { cwd, env, log = defaultLog, quiet = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd,
			env: env || process.env,
			stdio: ['ignore', quiet ? 'pipe' : process.stderr, quiet ? 'pipe' : process.stderr],
		});
		let output = '';
		if (quiet) {
			child.stdout.on('data', (d) => (output += d));
			child.stderr.on('data', (d) => (output += d));
		}
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (code === 0) return resolve(output);
			if (quiet && output) log(output.trim().split('\n').slice(-30).join('\n'));
			reject(new Error(`${command} ${args.join(' ')} failed (${signal || `exit code ${code}`}) in ${cwd || process.cwd()}`));
		});
	});
}

function nodePackageName() {
	// The Node.js project publishes its binaries to npm as node-<platform>-<arch>.
	const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
	if (!platform) throw new Error(`No Node ${NODE_VERSION} package for platform ${process.platform}`);
	return `node-${platform}-${process.arch}`;
}

// npm exports its whole configuration to scripts (npm_config_prefix, npm_config_local_prefix, ...):
// when we run under `npm start`, a nested npm would inherit them and could install into our repo.
// Only settings that say how to reach the registry are passed on.
const NPM_PASS_THROUGH = /^npm_config_(cache|registry|userconfig|globalconfig|cafile|ca|cert|key|proxy|https?_proxy|no_?proxy|strict_ssl|fetch_\w+|maxsockets|prefer_offline|offline|.*registry.*)$/i;

/** The caller's environment without what npm put there for the script that runs us. */
function cleanEnv(base = process.env) {
	const env = {};
	for (const [key, value] of Object.entries(base)) {
		if (/^npm_/i.test(key) && !NPM_PASS_THROUGH.test(key)) continue;
		if (key === 'INIT_CWD') continue;
		env[key] = value;
	}
	return env;
}

/** An npm environment that builds native modules against Node 24 rather than the system Node. */
function npmEnv(nodeDir) {
	const env = cleanEnv();
	// ~/.npmrc may point nodedir at the system Node's headers; node-gyp must use Node 24's.
	env.npm_config_nodedir = nodeDir;
	env.PATH = `${path.join(nodeDir, 'bin')}${path.delimiter}${env.PATH || ''}`;
	env.npm_config_fund = 'false';
	env.npm_config_audit = 'false';
	env.npm_config_update_notifier = 'false';
	return env;
}

async function ensureNode(root, log) {
	const dir = path.join(root, `node-v${NODE_VERSION}-${process.platform}-${process.arch}`);
	const nodeBin = path.join(dir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
	if (readMarker(dir) && fs.existsSync(nodeBin)) return { nodeDir: dir, nodeBin };

	const started = Date.now();
	const pkg = `${nodePackageName()}@${NODE_VERSION}`;
	log(`Installing Node ${NODE_VERSION} (npm package ${pkg}) into ${dir} ...`);
	await fsp.rm(dir, { recursive: true, force: true });
	const tmp = await fsp.mkdtemp(path.join(root, 'tmp-node-'));
	try {
		const out = await run('npm', ['pack', pkg, '--pack-destination', tmp, '--silent'], { cwd: tmp, env: cleanEnv(), log, quiet: true });
		const tgz = path.join(tmp, out.trim().split('\n').pop().trim());
		await run('tar', ['-xzf', tgz, '-C', tmp], { log, quiet: true });
		await fsp.rename(path.join(tmp, 'package'), dir);
	} finally {
		await fsp.rm(tmp, { recursive: true, force: true });
	}
	const version = (await run(nodeBin, ['--version'], { log, quiet: true })).trim();
	if (version !== `v${NODE_VERSION}`) throw new Error(`${nodeBin} reports ${version}, expected v${NODE_VERSION}`);
	writeMarker(dir, { node: version });
	log(`Node ${version} ready (${formatDuration(Date.now() - started)}).`);
	return { nodeDir: dir, nodeBin };
}

async function ensureN8nInstall(root, nodeDir, log) {
	const dir = path.join(root, `n8n-${N8N_VERSION}-node-v${NODE_VERSION}`);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = readMarker(dir);
	if (marker && fs.existsSync(n8nBin)) return { n8nDir: dir, n8nBin };

	const started = Date.now();
	log(`Installing n8n ${N8N_VERSION} into ${dir}; the first time this takes several minutes and about 3 GB ...`);
	await fsp.rm(dir, { recursive: true, force: true });
	await fsp.mkdir(dir, { recursive: true });
	await fsp.writeFile(
		path.join(dir, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-sms-gateways-runtime',
				private: true,
				description: 'n8n installed by n8n-nodes-sms-gateways scripts/n8n-runtime.js',
				dependencies: { n8n: N8N_VERSION },
				overrides: N8N_OVERRIDES,
			},
			null,
			'\t',
		),
	);
	const env = npmEnv(nodeDir);
	// npm prints nothing for minutes when not on a terminal: a heartbeat shows it is alive.
	const heartbeat = setInterval(() => {
		log(`... still installing n8n (${formatDuration(Date.now() - started)})`);
	}, 30_000);
	try {
		// Install scripts of n8n's ~2400 dependencies are skipped: some fetch binaries from outside the
		// npm registry, which is unreachable on CI machines. The native modules n8n needs are compiled
		// for Node 24 right after.
		// npm's reify of a tree this size sometimes fails on its own moves (ENOTEMPTY on a nested
		// node_modules, seen on this machine on a fresh folder): a second run resumes from what is
		// on disk and finishes.
		for (let attempt = 1; ; attempt++) {
			try {
				await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env, log });
				break;
			} catch (error) {
				if (attempt >= 3) throw error;
				log(`npm install failed (${String(error.message).split('\n')[0]}); trying again (${attempt + 1} of 3) ...`);
			}
		}
		log(`Compiling native modules (${NATIVE_MODULES.join(', ')}) for Node ${NODE_VERSION} ...`);
		await run('npm', ['rebuild', ...NATIVE_MODULES, '--loglevel=error'], { cwd: dir, env, log });
	} finally {
		clearInterval(heartbeat);
	}
	const version = (await run(path.join(nodeDir, 'bin', 'node'), [n8nBin, '--version'], { cwd: dir, env, log, quiet: true }))
		.trim()
		.split('\n')
		.pop();
	if (version.trim() !== N8N_VERSION) throw new Error(`n8n --version printed ${version}, expected ${N8N_VERSION}`);
	writeMarker(dir, { n8n: N8N_VERSION, node: NODE_VERSION });
	log(`n8n ${N8N_VERSION} ready (installed in ${formatDuration(Date.now() - started)}).`);
	return { n8nDir: dir, n8nBin };
}

/**
 * Makes sure Node 24 and n8n are installed in the cache folder (installing them the first time).
 * @returns {Promise<{ nodeBin: string, n8nBin: string, nodeDir: string, n8nDir: string, cacheDir: string }>}
 */
async function ensureN8n({ log = defaultLog } = {}) {
	const root = cacheDir();
	await fsp.mkdir(root, { recursive: true });
	// Two first runs at once (two terminals, parallel test files) must not install into the same folder.
	return withLock(path.join(root, '.install.lock'), log, async () => {
		const { nodeDir, nodeBin } = await ensureNode(root, log);
		const { n8nDir, n8nBin } = await ensureN8nInstall(root, nodeDir, log);
		return { nodeBin, n8nBin, nodeDir, n8nDir, cacheDir: root };
	});
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Runs fn while holding a lock directory (mkdir is atomic); a lock left by a dead process is taken over. */
async function withLock(lockDir, log, fn) {
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let pid;
			try {
				pid = Number.parseInt(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'), 10);
			} catch {
				// the holder has not written its pid yet, or has just released the lock
			}
			if (pid && !pidAlive(pid)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`Waiting for another process${pid ? ` (pid ${pid})` : ''} that is installing n8n into ${path.dirname(lockDir)} ...`);
			announced = true;
			await sleep(1000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}


/** A TCP port that is free right now on `host` (the OS picks it). */
function freePort(host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, host, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * Puts our package where n8n looks for community packages: <userFolder>/.n8n/nodes/node_modules.
 *
 * mode 'pack' (default) installs what `npm pack` would publish, as n8n's own installer would: it
 * proves the `files` list is complete and that the built nodes need nothing from our devDependencies
 * at run time (they resolve n8n-workflow from n8n, as in production). mode 'link' symlinks the repo
 * instead, which is quicker to iterate on but resolves modules from the repo's node_modules.
 */
async function installPackage({ packageDir, userFolder, mode = 'pack', log = defaultLog }) {
	const pkg = JSON.parse(await fsp.readFile(path.join(packageDir, 'package.json'), 'utf8'));
	const declared = [...(pkg.n8n?.nodes || []), ...(pkg.n8n?.credentials || [])];
	const missing = declared.filter((file) => !fs.existsSync(path.join(packageDir, file)));
	if (missing.length) {
		throw new Error(`${pkg.name} is not built (missing ${missing.join(', ')}): run \`npm run build\` in ${packageDir}`);
	}
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
	await fsp.mkdir(path.dirname(target), { recursive: true });
	// n8n's community package service reads this file; a real install would have written it.
	const nodesPackageJson = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(nodesPackageJson)) {
		await fsp.writeFile(nodesPackageJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	await fsp.rm(target, { recursive: true, force: true });
	if (mode === 'link') {
		await fsp.symlink(path.resolve(packageDir), target, 'dir');
		return { name: pkg.name, version: pkg.version, dir: target, mode };
	}
	const tmp = await fsp.mkdtemp(path.join(nodesDir, '.pack-'));
	try {
		// Scripts are skipped: the caller has built the package already, and a prepack hook that
		// rebuilt it here would slow every start.
		const out = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], {
			cwd: packageDir,
			env: cleanEnv(),
			log,
			quiet: true,
		});
		const filename = JSON.parse(out.slice(out.indexOf('[')))[0].filename;
		await run('tar', ['-xzf', path.join(tmp, filename), '-C', tmp], { log, quiet: true });
		await fsp.rename(path.join(tmp, 'package'), target);
	} finally {
		await fsp.rm(tmp, { recursive: true, force: true });
	}
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
		await run('npm', ['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], {
			cwd: target,
			env: cleanEnv(),
			log,
			quiet: true,
		});
	}
	return { name: pkg.name, version: pkg.version, dir: target, mode };
}

// Every n8n we started, so that they are killed even when the caller crashes before stop().
const running = new Set();
process.on('exit', () => {
	for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
	try {
		// The child leads its own process group (detached), which also holds n8n's task runners.
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

function groupAlive(child) {
	try {
		process.kill(-child.pid, 0);
		return true;
	} catch {
		return false;
	}
}

// Settings that keep n8n from calling home (there is no outside network here, and tests must not
// depend on it) and from showing first-run prompts. The caller's environment may override them.
const QUIET_DEFAULTS = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
	N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
	// Plain http on localhost: a secure cookie would never be sent back.
	N8N_SECURE_COOKIE: 'false',
	// Refreshes a list of MCP servers from n8n's cloud on start: only errors without a network.
	N8N_DISABLED_MODULES: 'mcp-registry',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	// Our package is not on n8n's vetted list; saying so also silences a deprecation warning.
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	// The package is placed by us, not installed through n8n: never try to fetch it again.
	N8N_REINSTALL_MISSING_PACKAGES: 'false',
	N8N_LOG_LEVEL: 'info',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
};

/**
 * n8n's two ways of running poll triggers, as environment for startN8n's `env`.
 * - default: an in-memory cron per trigger; the trigger's static data is saved with the workflow.
 * - durable: the database-backed scheduler; each poll is a task, and the poll state lives in the
 *   `poller_state` table and is committed together with the execution it starts. All four flags
 *   are needed: without the publication service n8n only warns and stays in the default mode.
 *   The two intervals (10 s and 5 s by default) are shortened so that polls every second happen.
 */
const POLLER_MODES = {
	default: {},
	durable: {
		N8N_SCHEDULER_ENABLED: 'true',
		N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
		N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
		N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
		N8N_SCHEDULER_MATERIALIZATION_INTERVAL: '1',
		N8N_SCHEDULER_EXECUTOR_INTERVAL: '1',
	},
};

function pollerModeEnv(mode = 'default') {
	if (!POLLER_MODES[mode]) throw new Error(`Unknown poller mode "${mode}": use ${Object.keys(POLLER_MODES).join(' or ')}`);
	return { ...POLLER_MODES[mode] };
}

/**
 * Runs a read-only SQL query on n8n's SQLite database (<userFolder>/.n8n/database.sqlite) and
 * returns the rows. Our tooling may run on Node 20, which has no SQLite; the query runs in the
 * Node 24 that runs n8n (node:sqlite), in a child process.
 */
async function queryDatabase({ runtime, userFolder, sql, params = [] }) {
	const { nodeBin } = runtime || (await ensureN8n());
	const file = path.join(path.resolve(userFolder), '.n8n', 'database.sqlite');
	const script = `
		const { DatabaseSync } = require('node:sqlite');
		const [file, sql, params] = JSON.parse(process.argv[1]);
		const db = new DatabaseSync(file, { readOnly: true });
		// n8n may be writing right now: wait for its lock rather than failing at once.
		db.exec('PRAGMA busy_timeout = 5000');
		process.stdout.write(JSON.stringify(db.prepare(sql).all(...params)));
		db.close();`;
	// stdout and stderr are read together: no warning may be printed.
	const out = await run(nodeBin, ['--no-warnings', '-e', script, JSON.stringify([file, sql, params])], { quiet: true });
	return JSON.parse(out);
}

/**
 * Starts n8n with our package loaded as a community package and waits until it is ready.
 * @param {object} o
 * @param {number} [o.port] HTTP port (0 or absent: a free one)
 * @param {string} o.userFolder N8N_USER_FOLDER; n8n keeps its database and settings in <userFolder>/.n8n
 * @param {string} [o.packageDir] our package's root (built); absent: no community package
 * @param {'pack'|'link'} [o.install] how the package is placed, see installPackage()
 * @param {string} [o.host] address to listen on (default 127.0.0.1: nothing outside this machine)
 * @param {object} [o.env] extra environment for n8n (wins over everything)
 * @param {(line: string) => void} [o.onOutput] called with each line n8n prints
 * @param {number} [o.timeoutMs] how long to wait for readiness
 * @param {'start'|'worker'} [o.command] `n8n start` (a main: editor, API, triggers) or `n8n worker`
 *   (queue mode: runs executions taken from Redis). A worker serves only its health check, on
 *   `port` (QUEUE_HEALTH_CHECK_PORT), which is what readiness waits for.
 * @param {string[]} [o.args] more arguments for the command (e.g. `--concurrency=10`)
 * @returns {Promise<{ url: string, port: number, userFolder: string, pid: number, logs: string[], logFile: string, stop: () => Promise<void>, kill: (signal?: string) => Promise<void> }>}
 */
async function startN8n({
	port,
	userFolder,
	packageDir,
	install = 'pack',
	host = '127.0.0.1',
	env = {},
	onOutput,
	timeoutMs = 180_000,
	log = defaultLog,
	runtime,
	command = 'start',
	args = [],
} = {}) {
	if (!userFolder) throw new Error('startN8n needs a userFolder');
	const { nodeBin, nodeDir, n8nBin } = runtime || (await ensureN8n({ log }));
	userFolder = path.resolve(userFolder);
	await fsp.mkdir(path.join(userFolder, '.n8n'), { recursive: true });
	if (packageDir) {
		const installed = await installPackage({ packageDir, userFolder, mode: install, log });
		log(`Loaded ${installed.name}@${installed.version} into ${installed.dir} (${installed.mode})`);
	}
	port = port || (await freePort(host));
	// Each instance needs its own task-runner broker port, or a second n8n fails to start.
	const brokerPort = env.N8N_RUNNERS_BROKER_PORT || (await freePort('127.0.0.1'));
	const publicUrl = `http://localhost:${port}`;
	// NODE_OPTIONS meant for our tooling (e.g. jest's) must not reach n8n.
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'NODE_OPTIONS'));
	const childEnv = {
		...QUIET_DEFAULTS,
		...inherited,
		PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH || ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: host,
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${publicUrl}/`,
		N8N_WEBHOOK_URL: `${publicUrl}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...(command === 'worker'
			? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), QUEUE_HEALTH_CHECK_ADDRESS: host }
			: {}),
		...env,
	};
	const logFile = path.join(userFolder, 'n8n.log');
	const logStream = fs.createWriteStream(logFile, { flags: 'a' });
	const logs = [];
	const started = Date.now();
	const child = spawn(nodeBin, [n8nBin, command, ...args], {
		cwd: userFolder,
		env: childEnv,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.add(child);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			running.delete(child);
			resolve(exited);
		});
	});
	const onChunk = (stream) => {
		let rest = '';
		stream.setEncoding('utf8');
		stream.on('data', (chunk) => {
			logStream.write(chunk);
			const lines = (rest + chunk).split('\n');
			rest = lines.pop();
			for (const line of lines) {
				logs.push(line);
				if (logs.length > 5000) logs.splice(0, logs.length - 5000);
				if (onOutput) onOutput(line);
			}
		});
	};
	onChunk(child.stdout);
	onChunk(child.stderr);

	let logClosed;
	const closeLog = () => (logClosed ??= new Promise((resolve) => logStream.end(resolve)));
	let stopping;
	const stop = () =>
		(stopping ??= (async () => {
			if (!exited) {
				killGroup(child, 'SIGTERM');
				const timer = sleep(20_000).then(() => 'timeout');
				if ((await Promise.race([exitPromise, timer])) === 'timeout') killGroup(child, 'SIGKILL');
				await exitPromise;
			}
			// n8n may leave its task runner behind if it died abruptly.
			if (groupAlive(child)) killGroup(child, 'SIGKILL');
			await closeLog();
		})());

	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) {
			await stop();
			throw new Error(`n8n exited (${exited.signal || `code ${exited.code}`}) before it was ready:\n${logs.slice(-40).join('\n')}`);
		}
		try {
			const res = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n was not ready after ${formatDuration(timeoutMs)}:\n${logs.slice(-40).join('\n')}`);
		}
		await sleep(250);
	}
	const readyMs = Date.now() - started;
	log(`n8n ${command === 'worker' ? 'worker (health check) ' : ''}ready on ${publicUrl} in ${formatDuration(readyMs)} (pid ${child.pid}, user folder ${userFolder})`);
	// kill(): an abrupt end for crash tests (SIGKILL by default), the whole process group at once
	// as a power cut would; it resolves once n8n has exited and the group is gone.
	const kill = async (signal = 'SIGKILL') => {
		killGroup(child, signal);
		await exitPromise;
		if (groupAlive(child)) killGroup(child, 'SIGKILL');
		await closeLog();
	};
	return { url, publicUrl, port, brokerPort, userFolder, pid: child.pid, readyMs, logs, logFile, stop, kill, exited: exitPromise };
}

/** A fetch that returns { status, headers, body } with JSON parsed, and never throws on HTTP errors. */
async function http(url, { method = 'GET', headers = {}, body, timeoutMs = 30_000 } = {}) {
	const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' };
	if (body !== undefined) {
		if (typeof body === 'string' || body instanceof Uint8Array) {
			init.body = body;
		} else {
			init.body = JSON.stringify(body);
			init.headers['content-type'] ??= 'application/json';
		}
	}
	const res = await fetch(url, init);
	const text = await res.text();
	let parsed = text;
	if ((res.headers.get('content-type') || '').includes('json') && text) {
		try {
			parsed = JSON.parse(text);
		} catch {
			// leave as text
		}
	}
	return { status: res.status, ok: res.ok, headers: res.headers, body: parsed, text };
}

function describe(res) {
	const body = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
	return `HTTP ${res.status}: ${body.slice(0, 500)}`;
}

// A fixed browser id: n8n binds the auth cookie to the browser-id header it was issued with.
const BROWSER_ID = 'n8n-nodes-sms-gateways-runtime';

/** Calls n8n's internal REST API (/rest/...) as the logged-in owner; returns the `data` field. */
async function rest(api, method, route, body) {
	const res = await http(`${api.url}/rest${route}`, {
		method,
		body,
		headers: { cookie: api.cookie, 'browser-id': BROWSER_ID },
	});
	if (!res.ok) throw new Error(`${method} /rest${route} failed: ${describe(res)}`);
	return res.body && typeof res.body === 'object' && 'data' in res.body ? res.body.data : res.body;
}

/** Calls n8n's public API (/api/v1/...) with the API key; returns the parsed body. */
async function publicApi(api, method, route, body) {
	const res = await http(`${api.url}/api/v1${route}`, {
		method,
		body,
		headers: { 'x-n8n-api-key': api.apiKey, accept: 'application/json' },
	});
	if (!res.ok) {
		const error = new Error(`${method} /api/v1${route} failed: ${describe(res)}`);
		error.status = res.status;
		error.body = res.body;
		throw error;
	}
	return res.body;
}

function authCookie(res) {
	const cookies = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [res.headers.get('set-cookie')];
	const auth = cookies.filter(Boolean).find((c) => c.startsWith('n8n-auth='));
	return auth && auth.split(';')[0];
}

/**
 * Makes the instance usable by scripts: sets up the owner (or logs in if there is one already) and
 * creates a fresh API key with every scope the owner may grant, replacing older keys of ours.
 * @returns {Promise<{ url: string, apiKey: string, cookie: string, email: string, password: string }>}
 */
async function bootstrap({ url, email, password, firstName = 'Owner', lastName = 'Example', apiKeyLabel = PACKAGE_NAME }) {
	const headers = { 'browser-id': BROWSER_ID };
	const setup = await http(`${url}/rest/owner/setup`, { method: 'POST', headers, body: { email, password, firstName, lastName } });
	if (!setup.ok && !(setup.status === 400 && /already/i.test(setup.text))) {
		throw new Error(`Owner setup failed: ${describe(setup)}`);
	}
	const login = await http(`${url}/rest/login`, { method: 'POST', headers, body: { emailOrLdapLoginId: email, password } });
	const cookie = login.ok && authCookie(login);
	if (!cookie) throw new Error(`Login as ${email} failed (an owner with another password exists?): ${describe(login)}`);
	const api = { url, cookie, email, password };
	// Only scopes the owner's role allows are accepted; the instance tells which they are.
	const scopes = await rest(api, 'GET', '/api-keys/scopes');
	const existing = await rest(api, 'GET', '/api-keys');
	for (const key of Array.isArray(existing) ? existing : existing?.items || []) {
		if (key.label === apiKeyLabel) await rest(api, 'DELETE', `/api-keys/${key.id}`);
	}
	const created = await rest(api, 'POST', '/api-keys', { label: apiKeyLabel, scopes, expiresAt: null });
	api.apiKey = created.rawApiKey;
	return api;
}

/** Lists everything behind a cursor-paginated public API route. */
async function listAll(api, route) {
	const items = [];
	let cursor;
	do {
		const sep = route.includes('?') ? '&' : '?';
		const page = await publicApi(api, 'GET', `${route}${sep}limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		items.push(...(page.data || []));
		cursor = page.nextCursor;
	} while (cursor);
	return items;
}

/** Creates a credential; returns { id, name, type }. */
async function createCredential(api, { name, type, data }) {
	const created = await publicApi(api, 'POST', '/credentials', { name, type, data });
	return { id: created.id, name: created.name, type: created.type };
}

/** Creates the credential, or updates the one of ours with that name and type (restarts reuse ids). */
async function upsertCredential(api, { name, type, data }) {
	const found = (await listAll(api, '/credentials')).find((c) => c.name === name && c.type === type);
	if (!found) return createCredential(api, { name, type, data });
	await publicApi(api, 'PATCH', `/credentials/${found.id}`, { name, type, data });
	return { id: found.id, name, type };
}

// Fields the public API accepts when creating or replacing a workflow (it rejects the rest).
const WORKFLOW_FIELDS = ['name', 'description', 'nodes', 'connections', 'settings', 'staticData', 'pinData'];

/**
 * Prepares an exported workflow for the public API: keeps the accepted fields and points every
 * node's credentials of a given type at the credential made for this instance.
 * @param {object} workflow workflow JSON as exported from n8n
 * @param {Record<string, {id: string, name: string}>} [credentials] by credential type
 */
function prepareWorkflow(workflow, credentials = {}) {
	const body = {};
	for (const key of WORKFLOW_FIELDS) if (workflow[key] !== undefined && workflow[key] !== null) body[key] = workflow[key];
	body.settings = { executionOrder: 'v1', ...(workflow.settings || {}) };
	body.connections ??= {};
	body.nodes = (workflow.nodes || []).map((node) => {
		if (!node.credentials) return node;
		const mapped = {};
		for (const [type, ref] of Object.entries(node.credentials)) {
			mapped[type] = credentials[type] ? { id: credentials[type].id, name: credentials[type].name } : ref;
		}
		return { ...node, credentials: mapped };
	});
	return body;
}

/** Imports a workflow (see prepareWorkflow); returns the created workflow (with its id). */
async function importWorkflow(api, workflow, { credentials } = {}) {
	return publicApi(api, 'POST', '/workflows', prepareWorkflow(workflow, credentials));
}

/** Imports the workflow, or replaces the one with the same name (restarts keep ids and URLs). */
async function upsertWorkflow(api, workflow, { credentials } = {}) {
	const found = (await listAll(api, `/workflows?name=${encodeURIComponent(workflow.name)}`)).find((w) => w.name === workflow.name);
	if (!found) return importWorkflow(api, workflow, { credentials });
	return publicApi(api, 'PUT', `/workflows/${found.id}`, prepareWorkflow(workflow, credentials));
}

/** Activates (n8n 2.x: publishes) a workflow: its triggers and webhooks start working. */
async function activateWorkflow(api, id) {
	try {
		return await publicApi(api, 'POST', `/workflows/${id}/publish`, {});
	} catch (error) {
		// n8n before 2.0 only knows /activate.
		if (error.status !== 404 || !/not found|cannot post/i.test(JSON.stringify(error.body || ''))) throw error;
		return publicApi(api, 'POST', `/workflows/${id}/activate`);
	}
}

async function deactivateWorkflow(api, id) {
	try {
		return await publicApi(api, 'POST', `/workflows/${id}/unpublish`);
	} catch (error) {
		if (error.status !== 404) throw error;
		return publicApi(api, 'POST', `/workflows/${id}/deactivate`);
	}
}

/**
 * Calls a production webhook (`/webhook/<path>`) of an active workflow. Right after activation n8n
 * answers 404 for a moment, so 404s are retried until `timeoutMs`.
 * @returns {Promise<{ status: number, ok: boolean, headers: Headers, body: any, text: string }>}
 */
async function callWebhook(api, webhookPath, { method = 'POST', body, query, headers, timeoutMs = 15_000, test = false } = {}) {
	const qs = query ? `?${new URLSearchParams(query)}` : '';
	const target = `${api.url}/${test ? 'webhook-test' : 'webhook'}/${webhookPath.replace(/^\//, '')}${qs}`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await http(target, { method, body, headers, timeoutMs: Math.max(timeoutMs, 30_000) });
		if (res.status !== 404 || Date.now() > deadline) return res;
		await sleep(250);
	}
}

/**
 * Lists executions, newest first, with their data by default.
 * @param {object} [filter] { workflowId, status ('success'|'error'|'waiting'|...), limit, includeData }
 */
async function getExecutions(api, { workflowId, status, limit = 20, includeData = true } = {}) {
	const params = new URLSearchParams({ includeData: String(includeData), limit: String(limit) });
	if (workflowId) params.set('workflowId', String(workflowId));
	if (status) params.set('status', status);
	return (await publicApi(api, 'GET', `/executions?${params}`)).data || [];
}

async function getExecution(api, id, { includeData = true } = {}) {
	return publicApi(api, 'GET', `/executions/${id}?includeData=${includeData}`);
}

/**
 * Waits until an execution of the workflow has finished and matches `predicate` (default: any
 * finished execution whose id is not in `exclude`); returns it with its data.
 */
async function waitForExecution(api, { workflowId, predicate = () => true, exclude = [], timeoutMs = 30_000, intervalMs = 500 } = {}) {
	const skip = new Set(exclude.map(String));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await getExecutions(api, { workflowId, limit: 50 });
		const hit = executions.find((e) => !skip.has(String(e.id)) && e.stoppedAt && e.status !== 'running' && e.status !== 'new' && predicate(e));
		if (hit) return hit;
		if (Date.now() > deadline) throw new Error(`No matching finished execution of workflow ${workflowId} within ${formatDuration(timeoutMs)}`);
		await sleep(intervalMs);
	}
}

/**
 * Output items of one node in an execution fetched with data: an array per output branch
 * (`[[{ json }...], ...]` as n8n stores them) of the node's last run.
 */
function nodeOutput(execution, nodeName) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!runs || !runs.length) return undefined;
	const last = runs[runs.length - 1];
	return last.data?.main || [];
}

/** The error an execution stopped with, as a sentence (or undefined). */
function executionError(execution) {
	const error = execution?.data?.resultData?.error;
	if (!error) return undefined;
	return [error.message, error.description].filter(Boolean).join(': ');
}

/** Node and credential types the running instance has loaded (as the editor sees them). */
async function loadedTypes(api) {
	const headers = { cookie: api.cookie, 'browser-id': BROWSER_ID };
	const [nodes, credentials] = await Promise.all([
		http(`${api.url}/types/nodes.json`, { headers }),
		http(`${api.url}/types/credentials.json`, { headers }),
	]);
	if (!nodes.ok || !credentials.ok) throw new Error(`Could not read the loaded types: ${describe(nodes.ok ? credentials : nodes)}`);
	const parse = (r) => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body);
	return { nodes: parse(nodes), credentials: parse(credentials) };
}

// Sandbox name (test/sandbox startAll() keys) → n8n credential type of our package.
const PROVIDER_CREDENTIAL_TYPES = {
	msegat: 'msegatApi',
	smsgic: 'smsgicApi',
	messangi: 'messangiApi',
	smsClub: 'smsClubApi',
};

const PROVIDER_LABELS = { msegat: 'Msegat', smsgic: 'SMSgic', messangi: 'Messangi', smsClub: 'SMSClub' };

/**
 * Creates (or updates) one credential per running sandbox whose credential type the instance has
 * loaded, named "<Provider> sandbox". Returns { [credentialType]: { id, name, type } } for
 * importWorkflow's `credentials`, and the providers skipped with why.
 */
async function createSandboxCredentials(api, sandboxes, { loadedCredentialTypes } = {}) {
	const known = new Set(loadedCredentialTypes || (await loadedTypes(api)).credentials.map((c) => c.name));
	const credentials = {};
	const skipped = {};
	for (const [provider, sandbox] of Object.entries(sandboxes)) {
		const type = PROVIDER_CREDENTIAL_TYPES[provider];
		if (!type) {
			skipped[provider] = 'no credential type known for this sandbox';
			continue;
		}
		if (!known.has(type)) {
			skipped[provider] = `credential type ${type} is not in the package yet`;
			continue;
		}
		const name = `${PROVIDER_LABELS[provider]} sandbox`;
		credentials[type] = await upsertCredential(api, { name, type, data: sandbox.credentials });
	}
	return { credentials, skipped };
}

module.exports = {
	N8N_VERSION,
	NODE_VERSION,
	PACKAGE_NAME,
	PROVIDER_CREDENTIAL_TYPES,
	cacheDir,
	ensureN8n,
	freePort,
	installPackage,
	startN8n,
	killGroup,
	pollerModeEnv,
	queryDatabase,
	bootstrap,
	http,
	rest,
	publicApi,
	listAll,
	createCredential,
	upsertCredential,
	createSandboxCredentials,
	prepareWorkflow,
	importWorkflow,
	upsertWorkflow,
	activateWorkflow,
	deactivateWorkflow,
	callWebhook,
	getExecutions,
	getExecution,
	waitForExecution,
	nodeOutput,
	executionError,
	loadedTypes,
};

// `node scripts/n8n-runtime.js` installs (or checks) the cached n8n and prints where it is.
if (require.main === module) {
	ensureN8n().then(
		(r) => console.log(JSON.stringify(r, null, '\t')),
		(e) => {
			console.error(e);
			process.exit(1);
		},
	);
}
