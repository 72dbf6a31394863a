'use strict';
/**
 * Micro-benchmark of the built package (dist/), in three parts:
 *
 * 1. CPU cost of our own code per 1,000 recipients for every bulk operation. The node's real
 *    `execute` runs against a fake IExecuteFunctions whose HTTP helper answers instantly,
 *    in memory, with the success reply each gateway really sends, so the whole path (reading
 *    parameters, validation, batching, transport, the credential's `authenticate`, reply
 *    parsing, output rows, redaction) is measured and no network or n8n engine is.
 * 2. Package load time: require() of every file n8n loads (package.json `n8n.nodes` and
 *    `n8n.credentials`) plus instantiating its classes, in fresh processes.
 * 3. Packed size, as `npm pack` would publish it.
 *
 * Prints one JSON document to stdout (also written to test-results/bench-micro.json) and a short
 * table to stderr. Plain CommonJS for Node >= 20, no dependencies beyond the repository's own.
 *
 *   node test/bench/micro.js
 *   MICRO_ONLY=Messangi,Msegat node test/bench/micro.js   # only these providers' cases
 *
 * Does not build: run `npm run build` first if dist/ is missing.
 */
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { performance } = require('perf_hooks');

const ROOT = path.resolve(__dirname, '..', '..');
const PKG = require(path.join(ROOT, 'package.json'));
const RESULT_FILE = path.join(ROOT, 'test-results', 'bench-micro.json');
const NODE24 = path.join(os.homedir(), '.cache', 'n8n-nodes-sms-gateways', 'node-v24.21.0-linux-x64', 'bin', 'node');

/** Budget for our own code per 1,000 recipients (CPU ms). */
const TARGET_CPU_MS_PER_1000 = 50;
const SIZES = [1000, 10000];
/**
 * Warm-up runs (at 1,000) before measuring, so that V8 has tiered up the hot code. The first is
 * kept and reported as the cold cost (a fresh n8n process sending its first bulk).
 */
const WARMUP_RUNS = 5;
/**
 * Measured runs per size. SMSClub's transport holds itself to 9 requests a second (~12 s of
 * sleeping per 10,000 recipients), so it gets the minimum.
 */
const RUNS = { default: { 1000: 7, 10000: 3 }, rateLimited: { 1000: 5, 10000: 2 } };
const LOAD_PROCESSES = 5;

// No forced gc() between runs, on purpose: a full collection discards V8's optimized code that
// refers to the previous run's (now dead) objects ("weak objects" deopts), so every run would pay
// ~20 ms of recompilation and the 1,000 figure came out twice the 10,000 one. Without it, the
// cost per 1,000 is the same at both sizes, and garbage is collected as it is in n8n.

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Fake gateways: each turns the request the node sent into the reply the real API gives for a
// successful send (shapes from nodes/<Provider>/types.ts and test/sandbox/<provider>.js). They
// also check the request was authenticated, so a broken `authenticate` cannot pass unnoticed.
// ---------------------------------------------------------------------------------------------

const BULK_TEXT = 'Your order has shipped. Track it in the app.';
const PERSONALIZED_TEXT = 'Hello {name}, your code is 1234';
/** PERSONALIZED_TEXT for the items' `name: 'Ann'`, as the gateway must receive it. */
const PERSONALIZED_FILLED = 'Hello Ann, your code is 1234';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** SMSClub: `{success_request: {info: {<messageId>: <phone>}}}` for every accepted number. */
function smsClubGateway(credentials) {
	let nextId = 100000;
	return (options) => {
		assert.strictEqual(options.headers.Authorization, `Bearer ${credentials.accessToken}`, 'SMSClub request without the bearer token');
		const body = JSON.parse(options.body);
		let phones;
		if (options.url.endsWith('/v2/sms/send')) {
			assert.ok(body.data_message.every((d) => d.message === PERSONALIZED_FILLED), 'SMSClub personalized text not filled in');
			phones = body.data_message.map((d) => String(d.phone));
		}
		else if (options.url.endsWith('/sms/send')) phones = body.phone.map(String);
		else throw new Error(`fake SMSClub: unexpected ${options.method} ${options.url}`);
		assert.ok(phones.length >= 1 && phones.length <= 100, `SMSClub request with ${phones.length} numbers`);
		const info = {};
		for (const phone of phones) info[String(nextId++)] = phone;
		return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify({ success_request: { info } }) };
	};
}

/** Msegat sendsms.php / sendVars.php with reqBulkId: `{"code":"1-<bulkId>","message":"Success"}`. */
function msegatGateway(credentials) {
	let nextBulkId = 5000;
	return (options) => {
		const body = JSON.parse(options.body);
		assert.ok(body.userName === credentials.userName && body.apiKey === credentials.apiKey, 'Msegat request without the login in its body');
		if (options.url.endsWith('/sendsms.php')) assert.ok(String(body.numbers).split(',').length >= 1);
		else if (options.url.endsWith('/sendVars.php')) {
			assert.ok(body.numbers.length === body.vars.length && body.vars.every((v) => v.name === 'Ann'), 'Msegat sendVars without the name of every recipient');
		}
		else throw new Error(`fake Msegat: unexpected ${options.method} ${options.url}`);
		return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify({ code: `1-${nextBulkId++}`, message: 'Success' }) };
	};
}

/** SMSgic POST /sendings: `{"message":"SMS champing created","sending_id":<id>}`. */
function smsgicGateway(credentials) {
	let nextId = 458;
	return (options) => {
		assert.strictEqual(options.headers.Authorization, `Bearer ${credentials.accessToken}`, 'SMSgic request without the bearer token');
		if (options.method !== 'POST' || !options.url.endsWith('/sendings')) throw new Error(`fake SMSgic: unexpected ${options.method} ${options.url}`);
		const body = JSON.parse(options.body);
		assert.ok(Array.isArray(body.recipients) && body.recipients.length > 0, 'SMSgic sending without recipients');
		return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify({ message: 'SMS champing created', sending_id: nextId++ }) };
	};
}

const escapeXml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const element = (name, value) => `<${name}>${escapeXml(value)}</${name}>`;

/**
 * Messangi tools/sendSMS (one number a request): checks the signature the credential appended,
 * then answers the XML the sandbox models on Messangi's document.
 */
function messangiGateway(credentials) {
	let nextId = 1;
	const prefix = `${credentials.baseUrl}/tools/sendSMS/`;
	return (options) => {
		if (options.method !== 'GET' || !options.url.startsWith(prefix)) throw new Error(`fake Messangi: unexpected ${options.method} ${options.url}`);
		const segments = options.url.slice(prefix.length).split('/').map(decodeURIComponent);
		const signature = segments.pop();
		const publicKey = segments.pop();
		const expected = crypto.createHmac('sha256', Buffer.from(credentials.privateKey, 'utf8')).update(segments.join('/'), 'utf8').digest('hex');
		assert.ok(publicKey === credentials.publicKey && signature === expected, 'Messangi request not signed correctly');
		const [, carrier, from, toB64, textB64] = segments;
		const message = [
			element('id', `-81747206767102${nextId++}`),
			element('carrier', carrier === 'null' ? 'carrierName' : carrier),
			element('from', from),
			element('to', Buffer.from(toB64, 'base64').toString('utf8')),
			element('text', Buffer.from(textB64, 'base64').toString('utf8')),
			element('status', 'SENT_TO_CARRIER'),
			element('statusDescription', 'Sent to Carrier'),
			element('encoding', 'UTF-8'),
			element('date', '2013-09-17T10:13:59.176-04:30'),
			element('timezone', 'America/Caracas'),
			element('clientId', 'As223sdadq8d8287v5v'),
		].join('');
		const body =
			'<?xml version="1.0" encoding="UTF-8"?>\n<response>\n' +
			`${element('input', 'sendSMS')}\n${element('status', 'OK')}\n${element('description', 'Completed')}\n` +
			`<result>\n<messages><message>${message}</message></messages>\n</result>\n</response>`;
		return { statusCode: 200, headers: { 'content-type': 'application/xml; charset=utf-8' }, body };
	};
}

// ---------------------------------------------------------------------------------------------
// Credentials applied as n8n applies them (cf. test/helpers/harness.ts `authenticateRequest`).
// ---------------------------------------------------------------------------------------------

/** Resolves `={{$credentials.x}}` strings, as n8n's expression engine does for generic auth. */
function resolveExpression(value, credentials) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{([\s\S]+?)\}\}/g, (_, expression) => String(new Function('$credentials', `return (${expression});`)(credentials)));
}

function resolveDeep(value, credentials) {
	if (typeof value === 'string') return resolveExpression(value, credentials);
	if (Array.isArray(value)) return value.map((v) => resolveDeep(v, credentials));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, credentials)]));
	return value;
}

/**
 * Returns the credential's `authenticate` as a function of the request. A function-type
 * authenticate (Msegat's body login, Messangi's signature) is our code and runs on every request;
 * a generic one is n8n's expression work, so its properties are resolved once, not per request,
 * to keep n8n's cost out of ours.
 */
function authenticatorFor(credentialType, credentials) {
	const auth = credentialType.authenticate;
	if (!auth) return async (options) => options;
	if (typeof auth === 'function') return (options) => auth(credentials, { ...options });
	const props = resolveDeep(auth.properties, credentials);
	return async (options) => {
		const result = { ...options };
		if (props.headers) result.headers = { ...(options.headers || {}), ...props.headers };
		if (props.qs) result.qs = { ...(options.qs || {}), ...props.qs };
		if (props.body) result.body = { ...(options.body || {}), ...props.body };
		return result;
	};
}

// ---------------------------------------------------------------------------------------------
// The fake execution context.
// ---------------------------------------------------------------------------------------------

function lookup(params, name) {
	if (name in params) return params[name];
	let current = params;
	for (const key of name.split('.')) {
		if (!current || typeof current !== 'object') return undefined;
		current = current[key];
	}
	return current;
}

/**
 * A minimal IExecuteFunctions. Parameters are values or functions of the item (standing in for
 * n8n expressions such as {{ $json.phone }}). Like n8n, a missing parameter without a fallback
 * throws, so a parameter the operation needs but the case forgot cannot go unnoticed.
 */
/** The node's parameters as n8n stores them: a function (an expression in n8n) as an `=` string. */
function asStored(params) {
	if (typeof params === 'function') return '={{ $json }}';
	if (!params || typeof params !== 'object' || Array.isArray(params)) return params;
	return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, asStored(value)]));
}

function createContext({ credentialType, credentials, params, items, gateway }) {
	// The nodes evaluate a parameter once per execution unless it holds an expression
	// (nodes/shared/parameters.ts), so the stored parameters must say which ones do.
	const node = { id: 'bench', name: 'Bench', type: 'n8n-nodes-sms-gateways.bench', typeVersion: 1, position: [0, 0], parameters: asStored(params) };
	const authenticate = authenticatorFor(credentialType, credentials);
	const stats = { requests: 0, fakeMs: 0 };
	const ctx = {
		getNode: () => node,
		getInputData: () => items,
		getNodeParameter(name, itemIndex, fallback) {
			let value = lookup(params, name);
			if (typeof value === 'function') value = value(items[itemIndex], itemIndex);
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`fake context: could not get parameter "${name}"`);
		},
		getCredentials: async (type) => {
			if (type !== credentialType.name) throw new Error(`fake context: no credential of type ${type}`);
			return credentials;
		},
		continueOnFail: () => false,
		getTimezone: () => 'UTC',
		getMode: () => 'manual',
		getExecutionId: () => 'bench-execution',
		logger: { debug() {}, info() {}, warn() {}, error() {}, verbose() {} },
		helpers: {
			async httpRequestWithAuthentication(type, requestOptions) {
				if (type !== credentialType.name) throw new Error(`fake context: node asked for credential ${type}, not ${credentialType.name}`);
				// The reply is read as the node asked for it: full response, body as text.
				assert.ok(requestOptions.returnFullResponse === true && requestOptions.encoding === 'text', 'node expects another reply shape than the fake gives');
				const sent = await authenticate(requestOptions);
				stats.requests++;
				const started = performance.now();
				const reply = gateway(sent);
				stats.fakeMs += performance.now() - started;
				return { ...reply, statusMessage: 'OK' };
			},
			returnJsonArray: (data) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (data, { itemData }) => data.map((d) => ({ ...d, pairedItem: itemData })),
		},
	};
	return { ctx, stats };
}

// ---------------------------------------------------------------------------------------------
// The cases.
// ---------------------------------------------------------------------------------------------

function loadDist(relative) {
	const file = path.join(ROOT, 'dist', relative);
	if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
	return require(file);
}

const to = (item) => item.json.phone;

/** Distinct numbers each gateway accepts (digit counts and prefixes from each node's rules). */
const PROVIDERS = {
	SMSClub: {
		node: () => loadDist('nodes/SmsClub/SmsClub.node.js').SmsClub,
		credential: () => new (loadDist('credentials/SmsClubApi.credentials.js').SmsClubApi)(),
		credentials: { accessToken: 'bench-smsclub-token-0123456789', baseUrl: 'https://im.smsclub.mobi' },
		gateway: smsClubGateway,
		phone: (i) => `380${500000000 + i}`,
		sender: 'VashZakaz',
		rateLimited: true,
		requestsFor: (n) => Math.ceil(n / 100),
	},
	Msegat: {
		node: () => loadDist('nodes/Msegat/Msegat.node.js').Msegat,
		credential: () => new (loadDist('credentials/MsegatApi.credentials.js').MsegatApi)(),
		credentials: { userName: 'bench-user', apiKey: 'bench-msegat-key-7f3a9c', baseUrl: 'https://www.msegat.com/gw' },
		gateway: msegatGateway,
		phone: (i) => `9665${10000000 + i}`,
		sender: 'MyShop',
		requestsFor: (n) => Math.ceil(n / 500),
	},
	SMSgic: {
		node: () => loadDist('nodes/Smsgic/Smsgic.node.js').Smsgic,
		credential: () => new (loadDist('credentials/SmsgicApi.credentials.js').SmsgicApi)(),
		credentials: { accessToken: 'bench-smsgic-token-0123456789', baseUrl: 'https://api.smsgic.com' },
		gateway: smsgicGateway,
		phone: (i) => `2010${10000000 + i}`,
		sender: 'MegaShop',
		requestsFor: (n) => Math.ceil(n / 1000),
	},
	Messangi: {
		node: () => loadDist('nodes/Messangi/Messangi.node.js').Messangi,
		credential: () => new (loadDist('credentials/MessangiApi.credentials.js').MessangiApi)(),
		credentials: {
			baseUrl: 'https://www.messangi.com/messangi_mmc/rest/api',
			instanceId: '43',
			publicKey: 'bench-public-key',
			privateKey: 'bench-private-key-5ecret',
		},
		gateway: messangiGateway,
		phone: (i) => `58412${1000000 + i}`,
		sender: '19893653744',
		requestsFor: (n) => n,
	},
};


const ALL_CASES = [
	{ provider: 'SMSClub', operation: 'sendBulk', message: BULK_TEXT },
	{ provider: 'SMSClub', operation: 'sendPersonalized', message: PERSONALIZED_TEXT },
	{ provider: 'Msegat', operation: 'sendBulk', message: BULK_TEXT },
	{ provider: 'Msegat', operation: 'sendPersonalized', message: PERSONALIZED_TEXT },
	{ provider: 'SMSgic', operation: 'sendBulk', message: BULK_TEXT },
	{ provider: 'Messangi', operation: 'sendBulk', message: BULK_TEXT },
];
// MICRO_ONLY=Messangi (or a comma-separated list of providers) measures only those.
const ONLY = (process.env.MICRO_ONLY || '').split(',').filter(Boolean);
const CASES = ALL_CASES.filter((c) => ONLY.length === 0 || ONLY.includes(c.provider));

function paramsFor(provider, testCase) {
	return { resource: 'sms', operation: testCase.operation, to, message: testCase.message, sender: provider.sender, carrier: '', options: {} };
}

/**
 * Fails loudly unless the node produced exactly one accepted row per recipient, in input order:
 * a benchmark of an error path would measure the wrong thing.
 */
function checkOutput(label, result, items, stats, expectedRequests) {
	assert.ok(Array.isArray(result) && Array.isArray(result[0]), `${label}: execute returned no output`);
	const rows = result[0];
	assert.strictEqual(rows.length, items.length, `${label}: ${rows.length} output rows for ${items.length} recipients`);
	for (let i = 0; i < rows.length; i++) {
		const { json, pairedItem } = rows[i];
		if (json.status !== 'accepted' || json.to !== items[i].json.phone || !pairedItem || pairedItem.item !== i) {
			throw new Error(`${label}: row ${i} is not an accepted send to ${items[i].json.phone}: ${JSON.stringify(rows[i]).slice(0, 400)}`);
		}
	}
	assert.strictEqual(stats.requests, expectedRequests, `${label}: ${stats.requests} requests, expected ${expectedRequests}`);
}

async function runOnce(testCase, recipients) {
	const provider = PROVIDERS[testCase.provider];
	const NodeClass = provider.node();
	const credentialType = provider.credential();
	const items = Array.from({ length: recipients }, (_, i) => ({ json: { phone: provider.phone(i), name: 'Ann' } }));
	const { ctx, stats } = createContext({
		credentialType,
		credentials: provider.credentials,
		params: paramsFor(provider, testCase),
		items,
		gateway: provider.gateway(provider.credentials),
	});
	const node = new NodeClass();
	const cpuBefore = process.cpuUsage();
	const wallBefore = performance.now();
	const result = await node.execute.call(ctx);
	const wallMs = performance.now() - wallBefore;
	const cpu = process.cpuUsage(cpuBefore);
	checkOutput(`${testCase.provider} ${testCase.operation} x${recipients}`, result, items, stats, provider.requestsFor(recipients));
	return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs, requests: stats.requests, fakeMs: stats.fakeMs };
}

async function measureCpu() {
	const results = [];
	for (const testCase of CASES) {
		const provider = PROVIDERS[testCase.provider];
		const runs = provider.rateLimited ? RUNS.rateLimited : RUNS.default;
		const warmups = [];
		for (let i = 0; i < WARMUP_RUNS; i++) warmups.push(await runOnce(testCase, SIZES[0]));
		for (const recipients of SIZES) {
			const samples = [];
			for (let i = 0; i < runs[recipients]; i++) samples.push(await runOnce(testCase, recipients));
			const cpuMsPer1000 = (median(samples.map((s) => s.cpuMs)) * 1000) / recipients;
			results.push({
				provider: testCase.provider,
				operation: `sms.${testCase.operation}`,
				recipients,
				runs: samples.length,
				cpuMsPer1000: round(cpuMsPer1000),
				withinTarget: cpuMsPer1000 < TARGET_CPU_MS_PER_1000,
				// The first warm-up: cost in a process that has not run this operation before.
				coldCpuMsPer1000: recipients === SIZES[0] ? round((warmups[0].cpuMs * 1000) / SIZES[0]) : undefined,
				cpuMsRuns: samples.map((s) => round(s.cpuMs)),
				wallMs: round(median(samples.map((s) => s.wallMs))),
				requests: samples[0].requests,
				// The fake gateways' own reply building, included above (nothing is subtracted).
				fakeGatewayMsPer1000: round((median(samples.map((s) => s.fakeMs)) * 1000) / recipients),
			});
		}
	}
	return results;
}

// ---------------------------------------------------------------------------------------------
// Load time, in fresh processes: what n8n pays when it loads the package.
// ---------------------------------------------------------------------------------------------

/**
 * Runs in the child. n8n-workflow is required first and timed on its own: n8n has it loaded
 * before any community package, so it is not part of the package's load time.
 */
const LOAD_SCRIPT = `
const path = require('path');
const files = JSON.parse(process.argv[1]);
const root = process.argv[2];
const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;
let t = process.hrtime.bigint();
require(require.resolve('n8n-workflow', { paths: [root] }));
const n8nWorkflowMs = ms(t);
const perFile = {};
for (const file of files) {
	t = process.hrtime.bigint();
	const mod = require(path.join(root, file));
	const requireMs = ms(t);
	t = process.hrtime.bigint();
	let classes = 0;
	for (const value of Object.values(mod)) {
		if (typeof value !== 'function' || !value.prototype) continue;
		const instance = new value();
		const description = instance.description || instance.properties;
		if (!description) throw new Error(file + ': ' + value.name + ' has no description or properties');
		classes++;
	}
	if (classes === 0) throw new Error(file + ' exports no class');
	perFile[file] = { requireMs, instantiateMs: ms(t) };
}
process.stdout.write(JSON.stringify({ n8nWorkflowMs, perFile }));
`;

function measureLoad() {
	const binary = fs.existsSync(NODE24) ? NODE24 : process.execPath;
	const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
	const files = [...PKG.n8n.nodes, ...PKG.n8n.credentials];
	const samples = [];
	for (let i = 0; i < LOAD_PROCESSES; i++) {
		const out = execFileSync(binary, ['-e', LOAD_SCRIPT, JSON.stringify(files), ROOT], { cwd: ROOT, encoding: 'utf8' });
		samples.push(JSON.parse(out));
	}
	const totalOf = (s) => Object.values(s.perFile).reduce((sum, f) => sum + f.requireMs + f.instantiateMs, 0);
	return {
		node: { binary, version, node24: binary === NODE24 },
		processes: LOAD_PROCESSES,
		totalMs: round(median(samples.map(totalOf))),
		totalMsRuns: samples.map((s) => round(totalOf(s))),
		n8nWorkflowMs: round(median(samples.map((s) => s.n8nWorkflowMs))),
		files: files.map((file) => ({
			file,
			bytes: fs.statSync(path.join(ROOT, file)).size,
			ms: round(median(samples.map((s) => s.perFile[file].requireMs + s.perFile[file].instantiateMs))),
			requireMs: round(median(samples.map((s) => s.perFile[file].requireMs))),
			instantiateMs: round(median(samples.map((s) => s.perFile[file].instantiateMs))),
		})),
	};
}

// ---------------------------------------------------------------------------------------------
// Packed size.
// ---------------------------------------------------------------------------------------------

function measurePack() {
	// stdio: npm writes notices to stderr; only stdout is the JSON.
	const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	const [info] = JSON.parse(out);
	return {
		filename: info.filename,
		tarballBytes: info.size,
		unpackedBytes: info.unpackedSize,
		files: info.entryCount ?? info.files.length,
		largest: [...info.files]
			.sort((a, b) => b.size - a.size)
			.slice(0, 5)
			.map((f) => ({ path: f.path, bytes: f.size })),
	};
}

// ---------------------------------------------------------------------------------------------

/** The newest source file later than the oldest built file: the numbers may describe old code. */
function staleDistWarning() {
	const built = [...PKG.n8n.nodes, ...PKG.n8n.credentials].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs);
	const oldestBuild = Math.min(...built);
	const newer = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (/\.ts$/.test(entry.name) && fs.statSync(full).mtimeMs > oldestBuild) newer.push(path.relative(ROOT, full));
		}
	};
	walk(path.join(ROOT, 'nodes'));
	walk(path.join(ROOT, 'credentials'));
	return { builtAt: new Date(oldestBuild).toISOString(), sourcesNewerThanBuild: newer };
}

function printTable(result) {
	const lines = [];
	const pad = (text, width) => String(text).padEnd(width);
	const padL = (text, width) => String(text).padStart(width);
	lines.push(`CPU of our code per 1,000 recipients (target < ${TARGET_CPU_MS_PER_1000} ms), median:`);
	lines.push(`  ${pad('provider', 9)} ${pad('operation', 22)} ${padL('recipients', 10)} ${padL('runs', 4)} ${padL('cpu/1000', 9)} ${padL('cold/1000', 9)} ${padL('wall ms', 9)} ${padL('requests', 8)}`);
	for (const r of result.cpu) {
		lines.push(
			`  ${pad(r.provider, 9)} ${pad(r.operation, 22)} ${padL(r.recipients, 10)} ${padL(r.runs, 4)} ${padL(r.cpuMsPer1000.toFixed(2), 9)} ${padL(r.coldCpuMsPer1000 === undefined ? '' : r.coldCpuMsPer1000.toFixed(2), 9)} ${padL(r.wallMs.toFixed(0), 9)} ${padL(r.requests, 8)}${r.withinTarget ? '' : '  OVER TARGET'}`,
		);
	}
	const load = result.load;
	lines.push(`Load (${load.node.version}, median of ${load.processes} processes): ${load.totalMs} ms for ${load.files.length} files (n8n-workflow itself: ${load.n8nWorkflowMs} ms)`);
	for (const f of load.files) lines.push(`  ${pad(f.file, 48)} ${padL(f.ms.toFixed(2), 8)} ms`);
	const pack = result.pack;
	lines.push(`Pack: ${pack.tarballBytes} B tarball, ${pack.unpackedBytes} B unpacked, ${pack.files} files; largest: ${pack.largest.map((f) => `${f.path} ${f.bytes}`).join(', ')}`);
	if (result.dist.sourcesNewerThanBuild.length) lines.push(`WARNING: sources newer than dist/: ${result.dist.sourcesNewerThanBuild.join(', ')}`);
	process.stderr.write(`${lines.join('\n')}\n`);
}

async function main() {
	const started = performance.now();
	const loadBefore = os.loadavg().map((l) => round(l));
	const dist = staleDistWarning();
	const cpu = await measureCpu();
	const load = measureLoad();
	const pack = measurePack();
	const result = {
		machine: {
			cpus: os.cpus().length,
			model: os.cpus()[0]?.model,
			node: process.version,
			platform: `${os.platform()} ${os.arch()}`,
			memoryGb: round(os.totalmem() / 2 ** 30, 1),
			// Other work on the machine skews even CPU time (caches, shared cores): judge by these.
			loadAverageBefore: loadBefore,
			loadAverageAfter: os.loadavg().map((l) => round(l)),
		},
		targetCpuMsPer1000: TARGET_CPU_MS_PER_1000,
		cpu,
		load,
		pack,
		dist,
		durationS: round((performance.now() - started) / 1000, 1),
		at: new Date().toISOString(),
	};
	const text = JSON.stringify(result, null, 2);
	fs.mkdirSync(path.dirname(RESULT_FILE), { recursive: true });
	fs.writeFileSync(RESULT_FILE, `${text}\n`);
	process.stdout.write(`${text}\n`);
	printTable(result);
}

main().catch((error) => {
	process.stderr.write(`bench failed: ${error && error.stack ? error.stack : error}\n`);
	process.exit(1);
});
