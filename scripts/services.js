'use strict';
/**
 * Redis and Postgres for n8n's queue mode, from Debian's packages (`redis-server`, `postgresql`),
 * each started in a folder of its own on a port of its own and stopped by its PID: nothing is
 * registered with the system, and a crash of the caller still kills them (process 'exit').
 *
 * Postgres refuses to run as root: when this runs as root (CI), the server runs as Debian's
 * `postgres` user, which owns its data folder. Its settings favour speed over durability
 * (fsync off): a test database, thrown away at stop().
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn, execFileSync } = require('node:child_process');
const { killGroup } = require('./n8n-runtime');

const POSTGRES_BIN = process.env.N8N_SMS_POSTGRES_BIN || findPostgresBin();
const REDIS_SERVER = process.env.N8N_SMS_REDIS_SERVER || '/usr/bin/redis-server';

function findPostgresBin() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

// Every server started here, killed when this process ends however it ends.
const started = new Set();
process.on('exit', () => {
	for (const child of started) killGroup(child, 'SIGKILL');
});

/** The uid and gid a server runs as: ours, or Debian's `postgres` user when we are root. */
function serverUser(name) {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

/** Spawns a server in its own process group; its output goes to `logFile`. */
function spawnServer(command, args, { logFile, user = {}, env = process.env }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env, ...user });
	fs.closeSync(out);
	started.add(child);
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	exited.then(() => started.delete(child));
	let stopping;
	const stop = () =>
		(stopping ??= (async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			killGroup(child, 'SIGTERM');
			const late = await Promise.race([exited.then(() => false), sleep(15_000).then(() => true)]);
			if (late) {
				killGroup(child, 'SIGKILL');
				await exited;
			}
		})());
	return { child, exited, stop };
}

async function waitUntil(check, { timeoutMs, what, exited, logFile }) {
	const deadline = Date.now() + timeoutMs;
	let gone = null;
	exited.then((how) => (gone = how));
	for (;;) {
		if (gone) throw new Error(`${what} exited (${gone.signal || `code ${gone.code}`}) before it was ready:\n${tail(logFile)}`);
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`${what} was not ready after ${timeoutMs / 1000} s:\n${tail(logFile)}`);
		await sleep(200);
	}
}

function tail(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

function quietly(command, args, options = {}) {
	try {
		execFileSync(command, args, { stdio: 'ignore', ...options });
		return true;
	} catch {
		return false;
	}
}

/** What is missing to run queue mode here, as the Debian packages to install (empty: nothing). */
function missingPackages() {
	const missing = [];
	if (!fs.existsSync(REDIS_SERVER)) missing.push('redis-server');
	if (!POSTGRES_BIN || !fs.existsSync(path.join(POSTGRES_BIN, 'postgres'))) missing.push('postgresql');
	return missing;
}

function requirePackages() {
	const missing = missingPackages();
	if (missing.length) {
		throw new Error(`Queue mode needs Redis and Postgres: install them with \`apt-get install -y --no-install-recommends ${missing.join(' ')}\``);
	}
}

/**
 * Starts a Redis on `port` keeping nothing on disk; resolves once it answers PING.
 * @returns {Promise<{ host: string, port: number, pid: number, logFile: string, stop: () => Promise<void> }>}
 */
async function startRedis({ port, dir, log = () => {} }) {
	requirePackages();
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const server = spawnServer(
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		{ logFile },
	);
	const cli = path.join(path.dirname(REDIS_SERVER), 'redis-cli');
	await waitUntil(async () => quietly(cli, ['-h', '127.0.0.1', '-p', String(port), 'ping']), {
		timeoutMs: 20_000,
		what: 'Redis',
		exited: server.exited,
		logFile,
	});
	log(`Redis ready on 127.0.0.1:${port} (pid ${server.child.pid})`);
	return { host: '127.0.0.1', port, pid: server.child.pid, logFile, stop: server.stop };
}

/**
 * Creates a Postgres cluster in `dir` (user `n8n`, trusted on 127.0.0.1 only), starts it on `port`
 * and creates the database `n8n`; resolves once it accepts connections. With `keep`, a cluster
 * already in `dir` is started as it is, and stop() leaves it there (`npm start -- --queue`).
 * @returns {Promise<{ host: string, port: number, user: string, database: string, version: string, pid: number, logFile: string, query: (sql: string) => Promise<any[]>, stop: () => Promise<void> }>}
 */
async function startPostgres({ port, dir, keep = false, log = () => {} }) {
	requirePackages();
	const user = serverUser('postgres');
	const data = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	fs.mkdirSync(data, { recursive: true });
	fs.mkdirSync(socketDir, { recursive: true });
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(logFile, '');
	if (user.uid !== undefined) {
		for (const p of [dir, data, socketDir, logFile]) fs.chownSync(p, user.uid, user.gid);
	}
	// A clean environment: the caller's PG* variables must not point the tools elsewhere.
	const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: dir };
	const fresh = !(keep && fs.existsSync(path.join(data, 'PG_VERSION')));
	if (fresh) {
		fs.rmSync(data, { recursive: true, force: true });
		fs.mkdirSync(data);
		if (user.uid !== undefined) fs.chownSync(data, user.uid, user.gid);
		execFileSync(path.join(POSTGRES_BIN, 'initdb'), ['-D', data, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
			stdio: 'ignore',
			env,
			cwd: dir,
			...user,
		});
	}
	const server = spawnServer(
		path.join(POSTGRES_BIN, 'postgres'),
		['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', socketDir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		{ logFile, user, env },
	);
	const connect = ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n'];
	await waitUntil(async () => quietly(path.join(POSTGRES_BIN, 'pg_isready'), [...connect, '-d', 'postgres'], { env }), {
		timeoutMs: 30_000,
		what: 'Postgres',
		exited: server.exited,
		logFile,
	});
	if (fresh) execFileSync(path.join(POSTGRES_BIN, 'createdb'), [...connect, 'n8n'], { stdio: 'ignore', env });
	const version = execFileSync(path.join(POSTGRES_BIN, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
	log(`Postgres ready on 127.0.0.1:${port} (${version}, pid ${server.child.pid})`);
	/** Rows of a read-only query, as objects (psql's JSON). */
	const query = async (sql) => {
		const out = execFileSync(path.join(POSTGRES_BIN, 'psql'), [...connect, '-d', 'n8n', '-At', '-v', 'ON_ERROR_STOP=1', '-c', `SELECT coalesce(json_agg(t), '[]') FROM (${sql}) t`], {
			encoding: 'utf8',
			env,
		});
		return JSON.parse(out.trim() || '[]');
	};
	const stop = async () => {
		await server.stop();
		if (!keep) fs.rmSync(dir, { recursive: true, force: true });
	};
	return { host: '127.0.0.1', port, user: 'n8n', database: 'n8n', version, pid: server.child.pid, logFile, query, stop };
}

/**
 * Redis and Postgres for one queue-mode n8n, in folders under `dir` (Redis keeps nothing on disk;
 * Postgres keeps its data there with `keep`). `env` is what every n8n process of it gets.
 */
async function startQueueServices({ dir, redisPort, postgresPort, encryptionKey, keep = false, log = () => {} }) {
	fs.mkdirSync(dir, { recursive: true });
	// As root, Debian's `postgres` user runs the server and must reach its folder: ours is opened
	// to it, and where a parent is closed to it (root's home) the data goes to the temp folder.
	let postgresDir = path.join(dir, 'postgres');
	const user = serverUser('postgres');
	if (user.uid !== undefined) {
		fs.chmodSync(dir, 0o755);
		if (!quietly('test', ['-x', dir], user)) {
			postgresDir = path.join(os.tmpdir(), `n8n-sms-postgres-${crypto.createHash('sha1').update(dir).digest('hex').slice(0, 8)}`);
			log(`Postgres keeps its data in ${postgresDir}: ${dir} is closed to the postgres user`);
		}
	}
	const redis = await startRedis({ port: redisPort, dir: path.join(dir, 'redis'), log });
	let postgres;
	try {
		postgres = await startPostgres({ port: postgresPort, dir: postgresDir, keep, log });
	} catch (error) {
		await redis.stop();
		throw error;
	}
	return {
		redis,
		postgres,
		env: queueEnv({ redis, postgres, encryptionKey }),
		stop: async () => {
			await Promise.allSettled([redis.stop(), postgres.stop()]);
			if (!keep) fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/**
 * n8n's queue-mode settings for a main or a worker using these servers (the same on every
 * process, with one encryption key so that each can read the credentials the others saved).
 * Manual runs go to the workers too, as n8n 3 makes the only way.
 */
function queueEnv({ redis, postgres, encryptionKey }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		N8N_ENCRYPTION_KEY: encryptionKey,
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

function tempDir(prefix) {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

module.exports = { startRedis, startPostgres, startQueueServices, queueEnv, missingPackages, requirePackages, tempDir };
