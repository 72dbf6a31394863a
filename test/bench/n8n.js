'use strict';
/**
 * The in-n8n half of `npm run bench`: our bulk operations against what a user would build instead
 * (n8n's own HTTP Request node calling the gateway once per item), and the Messangi trigger
 * draining a backlog, all in one real n8n against the gateway sandboxes with 20 ms added to every
 * request and each provider's documented rate limit enforced by the sandbox.
 *
 * It reuses the e2e stack (test/e2e/stack.js): same n8n, same install of our package (npm pack),
 * same sandboxes. Times are n8n's own: the `executionTime` it records for the node under test.
 *
 * Environment: BENCH_SIZES=1000,10000 (recipients), BENCH_ONLY=bulk,faults,scale,messangi,trigger,
 * BENCH_PROVIDERS=smsClub,msegat,smsgic (bulk, faults, scale), BENCH_FAULT_SIZE=10000,
 * BENCH_SCALE=1000,10000,100000, BENCH_SCALE_PROVIDERS (default: BENCH_PROVIDERS), BENCH_BACKLOG=100000 (incoming messages for the trigger),
 * BENCH_REPEAT=5 (runs of ours, the batched workflow and the one-recipient run; the median is reported),
 * BENCH_MAX_PER_POLL=10000 (its limit).
 */
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startStack, runtime, sleep, log } = require('../e2e/stack');
const { deploy, undeploy } = require('../e2e/workflows');

const PACKAGE = runtime.PACKAGE_NAME;
const LATENCY_MS = 20;
const SIZES = (process.env.BENCH_SIZES || '1000,10000').split(',').map(Number);
const ONLY = (process.env.BENCH_ONLY || '').split(',').filter(Boolean);
const BACKLOG = Number(process.env.BENCH_BACKLOG || 100_000);
const PROVIDERS = (process.env.BENCH_PROVIDERS || '').split(',').filter(Boolean);
const FAULT_SIZE = Number(process.env.BENCH_FAULT_SIZE || 10_000);
const SCALE_SIZES = (process.env.BENCH_SCALE || '1000,10000,100000').split(',').map(Number);
const SCALE_PROVIDERS = (process.env.BENCH_SCALE_PROVIDERS || '').split(',').filter(Boolean);
const wanted = (group) => ONLY.length === 0 || ONLY.includes(group);
/** Runs of ours, the batched workflow and the one-recipient run whose median is reported (BENCH_REPEAT). */
const REPEAT = Number(process.env.BENCH_REPEAT || 5);

// ---------------------------------------------------------------------------------------------
// The providers: our node's parameters, and the HTTP Request node a user would configure instead.
// `rateLimit` is what the provider documents (the sandbox enforces it with 429s); the baseline's
// batching is what a careful user would set for that limit: none where none is published.

const text = 'Spring sale: 20% off everything today only';

const BULK = {
	smsClub: {
		label: 'SMSClub',
		node: 'smsClub',
		credentialType: 'smsClubApi',
		rateLimit: { perSecond: 9 }, // nodes/SmsClub/PROVIDER.md: 9 requests/s
		largestBatch: 100, // smsclub.txt: at most 100 numbers a request
		parallel: 9, // nodes/SmsClub/actions/sms/deliver.ts: lanes, paced to 9 a second
		phone: (i) => `38067${String(1_000_000 + i).padStart(7, '0')}`,
		ours: { message: text, sender: 'VashZakaz', options: {} },
		sendPath: '/sms/send',
		sentNumbers: (request) => request.json?.phone ?? [],
		// `numbers`: an expression giving the request's numbers (one item's, or a chunk's)
		request: (sandbox, numbers) => ({
			method: 'POST',
			url: `${sandbox.url}/sms/send`,
			jsonBody: `={{ JSON.stringify({ phone: ${numbers}, message: ${JSON.stringify(text)}, src_addr: "VashZakaz" }) }}`,
			// 9 requests, then wait: the limit is 9 a second, and arrivals jitter
			batching: { batchSize: 9, batchInterval: 1100 },
		}),
		// whether the HTTP Request node's item `json` (full response, never error) is an accepted send
		okSource: 'json.statusCode === 200 && Boolean(json.body?.success_request?.info)',
	},
	msegat: {
		label: 'Msegat',
		node: 'msegat',
		credentialType: 'msegatApi',
		rateLimit: null, // msegat.txt publishes no rate limit
		largestBatch: 500, // unpublished: our default Batch Size (M0040 splits it further if needed)
		parallel: 5, // the default Parallel Requests; the first batch goes alone
		firstAlone: true,
		phone: (i) => `9665${String(10_000_000 + i).padStart(8, '0')}`,
		ours: { message: text, sender: 'MyShop', options: {} },
		sendPath: '/gw/sendsms.php',
		sentNumbers: (request) => String((request.form || request.json || {}).numbers ?? '').split(',').filter(Boolean),
		request: (sandbox, numbers) => ({
			method: 'POST',
			url: `${sandbox.url}/gw/sendsms.php`,
			jsonBody: `={{ JSON.stringify({ numbers: ${numbers}.join(','), msg: ${JSON.stringify(text)}, userSender: "MyShop", msgEncoding: "UTF8" }) }}`,
			batching: null,
		}),
		okSource: "json.statusCode === 200 && ['1', 1, 'M0000'].includes(json.body?.code ?? json.body)",
		// The same call our node makes for a batch (JSON, the login in the body), for the bare client.
		bareRequest: (creds, numbers) => ({
			method: 'POST',
			url: `${creds.baseUrl}/sendsms.php`,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ userName: creds.userName, apiKey: creds.apiKey, numbers: numbers.join(','), userSender: 'MyShop', msg: text, msgEncoding: 'UTF8' }),
		}),
	},
	smsgic: {
		label: 'SMSgic',
		node: 'smsgic',
		credentialType: 'smsgicApi',
		rateLimit: null, // smsgic.txt limits only /sendings/calculate (3000 a minute)
		largestBatch: 1000, // unpublished: our default Batch Size
		parallel: 5, // the default Parallel Requests
		phone: (i) => `4477009${String(10_000 + i).padStart(5, '0')}`,
		ours: { message: text, sender: 'MEGA', options: {} },
		sendPath: '/sendings',
		sentNumbers: (request) => (request.method === 'POST' && Array.isArray(request.json?.recipients) ? request.json.recipients : []),
		request: (sandbox, numbers) => ({
			method: 'POST',
			url: `${sandbox.url}/sendings`,
			jsonBody: `={{ JSON.stringify({ recipients: ${numbers}, message: ${JSON.stringify(text)}, sender: "MEGA" }) }}`,
			batching: null,
		}),
		okSource: 'json.statusCode >= 200 && json.statusCode < 300',
		bareRequest: (creds, numbers) => ({
			method: 'POST',
			url: `${creds.baseUrl}/sendings`,
			headers: { 'content-type': 'application/json', authorization: `Bearer ${creds.accessToken}` },
			body: JSON.stringify({ recipients: numbers, message: text, sender: 'MEGA' }),
		}),
	},
};

for (const provider of Object.values(BULK)) {
	// The HTTP Request node once per item (the existing peer) and the test of its answers.
	provider.baseline = (sandbox) => provider.request(sandbox, '[$json.phone]');
	provider.baselineOk = new Function('json', `return ${provider.okSource};`);
}

// Messangi publishes no rate limit either. The sandbox enforces one that our default of 5
// parallel requests (250 a second at 20 ms) stays under, and that an unthrottled workflow breaks.
const MESSANGI_LIMIT = { perSecond: 300 };
const MESSANGI_CONCURRENCY = 5;
/** Messangi as the bench and the profiler send to it: Send Bulk's parameters, its numbers, the sandbox's limit. */
const MESSANGI = {
	label: 'Messangi',
	node: 'messangi',
	credentialType: 'messangiApi',
	rateLimit: MESSANGI_LIMIT,
	phone: (i) => `58412${String(1_000_000 + i).padStart(7, '0')}`,
	ours: { message: text, sender: '12345', carrier: '', options: { concurrency: MESSANGI_CONCURRENCY } },
};

// ---------------------------------------------------------------------------------------------
// n8n process readings (Linux /proc): resident memory and CPU time of the n8n main process.

const CLOCK_TICKS = 100;
function processCpuMs(pid) {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
function rssMb(pid) {
	const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}
/** Samples RSS every 50 ms until stopped; returns the peak. */
function rssSampler(pid) {
	let peak = rssMb(pid);
	const timer = setInterval(() => {
		peak = Math.max(peak, rssMb(pid));
	}, 50);
	return () => {
		clearInterval(timer);
		return Math.max(peak, rssMb(pid));
	};
}

// ---------------------------------------------------------------------------------------------
// Workflows: Webhook (answers at once) → Split Out (one item per recipient) → the node measured.

const MEASURED = 'Measured';

function credentialRef(stack, type) {
	const credential = stack.credentials[type];
	return { [type]: { id: credential.id, name: credential.name } };
}

/**
 * Webhook → Split Out → the measured node, or a chain of measured nodes (`[{ name, ... }]`, the
 * batched workflow a power user builds: Code → HTTP Request → Code); their times are added up.
 */
function benchWorkflow(name, measured) {
	const path = `bench-${crypto.randomUUID()}`;
	const node = (n, type, typeVersion, x, parameters, extra = {}) => ({ id: crypto.randomUUID(), name: n, type, typeVersion, position: [x, 0], parameters, ...extra });
	const chain = Array.isArray(measured) ? measured : [{ name: MEASURED, ...measured }];
	const names = ['Items', ...chain.map((n) => n.name)];
	return {
		path,
		names: chain.map((n) => n.name),
		workflow: {
			name,
			nodes: [
				node('Webhook', 'n8n-nodes-base.webhook', 2, 0, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, { webhookId: crypto.randomUUID() }),
				node('Items', 'n8n-nodes-base.splitOut', 1, 220, { fieldToSplitOut: 'body.items', options: {} }),
				...chain.map((n, i) => ({ id: crypto.randomUUID(), position: [440 + 220 * i, 0], ...n })),
			],
			connections: Object.fromEntries([
				['Webhook', { main: [[{ node: 'Items', type: 'main', index: 0 }]] }],
				...names.slice(0, -1).map((from, i) => [from, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
			]),
		},
	};
}

function ourNode(stack, provider, operation, parameters) {
	return {
		type: `${PACKAGE}.${provider.node}`,
		typeVersion: 1,
		parameters: { resource: 'sms', operation, to: '={{ $json.phone }}', ...parameters },
		credentials: credentialRef(stack, provider.credentialType),
	};
}

/** n8n's HTTP Request node, one request per item, authenticated with our credential type. */
function httpRequestNode(stack, provider, { method, url, jsonBody, batching }) {
	const parameters = {
		method,
		url,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: provider.credentialType,
		options: {
			// every item's answer is kept, so failures are counted rather than stopping the run
			response: { response: { fullResponse: true, neverError: true } },
			...(batching ? { batching: { batch: batching } } : {}),
		},
	};
	if (jsonBody) Object.assign(parameters, { sendBody: true, specifyBody: 'json', jsonBody });
	return { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters, credentials: credentialRef(stack, provider.credentialType) };
}

/**
 * Calls n8n's API again when n8n is briefly unavailable: while the HTTP Request node has 10,000
 * requests in flight, n8n's own database ping can time out and its API answers 503 for a moment.
 */
async function patiently(call, attempts = 30) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			if (attempt >= attempts || (error.status !== undefined && error.status !== 503)) throw error;
			await sleep(2000);
		}
	}
}

/**
 * n8n for the bench: its default log level (at debug, the e2e suite's, n8n logs every expression it
 * evaluates, which would slow the HTTP Request node and ours alike), and test/bench/gcHook.js
 * preloaded so that `collectGarbage` can start each measured run from a collected heap.
 * `nodeOptions`: more for n8n's process (test/bench/profile.js adds V8's profiler).
 */
async function startBenchStack({ nodeOptions = '' } = {}) {
	const marker = path.join(os.tmpdir(), `bench-gc-${process.pid}-${crypto.randomUUID()}`);
	const stack = await startStack({
		env: { N8N_LOG_LEVEL: 'info', NODE_OPTIONS: `--expose-gc --require ${path.join(__dirname, 'gcHook.js')} ${nodeOptions}`.trim(), BENCH_GC_MARKER: marker },
	});
	stack.collectGarbage = async () => {
		fs.rmSync(marker, { force: true });
		process.kill(stack.n8n.pid, 'SIGUSR2');
		for (const deadline = Date.now() + 30_000; !fs.existsSync(marker); await sleep(20)) {
			if (Date.now() > deadline) throw new Error('n8n did not collect its garbage within 30 s (test/bench/gcHook.js not loaded?)');
		}
	};
	const stop = stack.stop;
	stack.stop = async () => {
		await stop();
		fs.rmSync(marker, { force: true });
	};
	return stack;
}

/** Runs a bench workflow once with `items`; returns the measured node's time, output and n8n's CPU and memory. */
async function runOnce(stack, name, measured, items) {
	const { workflow, path, names } = benchWorkflow(name, measured);
	const workflowId = await deploy(stack, workflow);
	const pid = stack.n8n.pid;
	// Each measured run starts from a collected heap: none pays for the garbage of the one before.
	if (stack.collectGarbage) await stack.collectGarbage();
	try {
		const cpuBefore = processCpuMs(pid);
		const rssBefore = rssMb(pid);
		const stopSampling = rssSampler(pid);
		const started = Date.now();
		// The monotonic clock V8 stamps CPU profile samples with (test/bench/profile.js).
		const fromUs = process.hrtime.bigint() / 1000n;
		const answer = await runtime.callWebhook(stack.api, path, { body: { items }, timeoutMs: 120_000 });
		if (answer.status !== 200) throw new Error(`${name}: webhook answered ${answer.status} ${answer.text?.slice(0, 200)}`);
		let summary;
		for (;;) {
			const [latest] = await patiently(() => runtime.getExecutions(stack.api, { workflowId, limit: 1, includeData: false }));
			if (latest?.stoppedAt && !['running', 'new', 'waiting'].includes(latest.status)) {
				summary = latest;
				break;
			}
			if (Date.now() - started > 60 * 60_000) throw new Error(`${name}: no finished execution after an hour`);
			await sleep(500);
		}
		const wallMs = Date.now() - started;
		const n8nCpuMs = processCpuMs(pid) - cpuBefore;
		const rssPeak = stopSampling();
		const execution = await patiently(() => runtime.getExecution(stack.api, summary.id));
		const runs = names.map((n) => execution.data?.resultData?.runData?.[n]?.[0]);
		if (runs.some((run) => !run)) throw new Error(`${name}: a measured node did not run (${runtime.executionError(execution) || execution.status})`);
		const [first] = runs;
		const last = runs[runs.length - 1];
		return {
			status: execution.status,
			error: runtime.executionError(execution),
			nodeMs: runs.reduce((sum, run) => sum + run.executionTime, 0),
			wallMs,
			n8nCpuMs,
			rssGrowthMb: rssPeak - rssBefore,
			// The node's own run on the monotonic clock: wall-clock start here and there, mapped through `started`.
			window: { fromUs: fromUs + BigInt((first.startTime - started) * 1000), toUs: fromUs + BigInt((last.startTime + last.executionTime - started) * 1000) },
			output: (last.data?.main?.[0] || []).map((item) => item.json),
		};
	} finally {
		await undeploy(stack, workflowId);
	}
}

/** A failed HTTP Request item as status and the start of the body, to show what went wrong. */
function describeFailure(json) {
	if (!json) return undefined;
	const body = typeof json.body === 'string' ? json.body : JSON.stringify(json.body ?? json.error ?? json);
	return `${json.statusCode ?? '?'} ${String(body).replace(/\s+/g, ' ').slice(0, 160)}`;
}

async function prepareSandbox(sandbox, { rateLimit }) {
	await sandbox.reset();
	await sandbox.action('config', { latencyMs: LATENCY_MS, rateLimit: rateLimit ?? null });
	if (sandbox.provider !== 'messangi') await sandbox.action('setBalance', { balance: 1e9 });
}

/**
 * Requests to the send path, how often each number arrived in them (`counts`), and how often the
 * gateway processed it (`processedCounts`: a 429 refused before processing does not count).
 */
async function received(sandbox, provider) {
	const requests = (await sandbox.requests()).filter((r) => r.path.endsWith(provider.sendPath) && r.method === 'POST');
	const counts = new Map();
	const processedCounts = new Map();
	for (const request of requests) {
		for (const number of provider.sentNumbers(request)) {
			counts.set(number, (counts.get(number) || 0) + 1);
			if (request.processed) processedCounts.set(number, (processedCounts.get(number) || 0) + 1);
		}
	}
	return { requests: requests.length, processed: requests.filter((r) => r.processed).length, counts, processedCounts };
}

// ---------------------------------------------------------------------------------------------

async function benchBulk(stack, key, n) {
	const provider = BULK[key];
	const sandbox = stack.sandboxes[key];
	const items = Array.from({ length: n }, (_, i) => ({ phone: provider.phone(i) }));
	const result = { provider: provider.label, recipients: n, rateLimit: provider.rateLimit?.perSecond ?? null, largestBatch: provider.largestBatch };

	// One execution first, not measured, for ours and the batched workflow alike: the first run of
	// a node in a process also pays for V8 compiling its code; n8n serves many executions.
	const warmUp = items.slice(0, Math.min(n, 1000));
	await prepareSandbox(sandbox, provider);
	await runOnce(stack, `bench ${key} sendBulk warm-up`, ourNode(stack, provider, 'sendBulk', provider.ours), warmUp);
	await prepareSandbox(sandbox, provider);
	await runOnce(stack, `bench ${key} batched warm-up`, batchedChain(stack, provider, sandbox), warmUp);

	log(`${provider.label} sendBulk, ${n} recipients, ${REPEAT} runs`);
	const ours = await runMedian(stack, sandbox, provider, `bench ${key} sendBulk ${n}`, ourNode(stack, provider, 'sendBulk', provider.ours), items);
	const got = await received(sandbox, provider);
	const accepted = ours.output.filter((o) => o.status === 'accepted').length;
	const twice = [...got.counts.values()].filter((c) => c > 1).length;
	result.ours = {
		nodeMs: ours.nodeMs,
		runsMs: ours.runsMs,
		wallMs: ours.wallMs,
		n8nCpuMs: ours.n8nCpuMs,
		requests: got.requests,
		minimumRequests: Math.ceil(n / provider.largestBatch),
		accepted,
		failed: ours.output.length - accepted,
		receivedDistinct: got.counts.size,
		receivedTwice: twice,
		status: ours.status,
	};

	await prepareSandbox(sandbox, provider);
	log(`${provider.label} HTTP Request node, ${n} items`);
	const base = await runOnce(stack, `bench ${key} httpRequest ${n}`, httpRequestNode(stack, provider, provider.baseline(sandbox)), items);
	const baseGot = await received(sandbox, provider);
	const ok = base.output.filter(provider.baselineOk).length;
	result.httpRequest = {
		nodeMs: base.nodeMs,
		wallMs: base.wallMs,
		n8nCpuMs: base.n8nCpuMs,
		requests: baseGot.requests,
		accepted: ok,
		failed: base.output.length - ok,
		status: base.status,
		batching: provider.baseline(sandbox).batching,
		firstFailure: describeFailure(base.output.find((json) => !provider.baselineOk(json))),
	};
	result.speedup = base.nodeMs / ours.nodeMs;

	log(`${provider.label} batched workflow (Code → HTTP Request per ${provider.largestBatch} numbers → Code), ${n} items, ${REPEAT} runs`);
	const batched = await runMedian(stack, sandbox, provider, `bench ${key} batched ${n}`, batchedChain(stack, provider, sandbox), items);
	const batchedGot = await received(sandbox, provider);
	const batchedOk = batched.output.filter((o) => o.status === 'accepted').length;
	result.batched = {
		nodeMs: batched.nodeMs,
		runsMs: batched.runsMs,
		wallMs: batched.wallMs,
		n8nCpuMs: batched.n8nCpuMs,
		requests: batchedGot.requests,
		accepted: batchedOk,
		failed: batched.output.length - batchedOk,
		status: batched.status,
	};
	result.vsBatched = batched.nodeMs / ours.nodeMs;

	// The ideal: the minimum requests, `parallel` at a time (Msegat's first batch alone), or the
	// rate limit's floor, plus n8n's fixed cost of one execution of the node (one recipient, less
	// its one request's latency).
	const one = await runMedian(stack, sandbox, provider, `bench ${key} sendBulk 1`, ourNode(stack, provider, 'sendBulk', provider.ours), items.slice(0, 1));
	const minimum = result.ours.minimumRequests;
	const rounds = provider.firstAlone ? 1 + Math.ceil((minimum - 1) / provider.parallel) : Math.ceil(minimum / provider.parallel);
	const wireMs = Math.max(rounds * LATENCY_MS, provider.rateLimit ? ((minimum - 1) / provider.rateLimit.perSecond) * 1000 + LATENCY_MS : 0);
	result.ours.fixedMs = Math.max(0, one.nodeMs - LATENCY_MS);
	result.ours.idealMs = wireMs + result.ours.fixedMs;
	result.ours.ratioToIdeal = ours.nodeMs / result.ours.idealMs;
	// The same ideal with the sandbox's real round trips: a bare Node client sending the same
	// batches, as many at a time, against the same sandbox (test/bench/bareClient.js).
	if (provider.bareRequest) {
		await prepareSandbox(sandbox, provider);
		const numbers = items.map((item) => item.phone);
		const requests = [];
		for (let i = 0; i < numbers.length; i += provider.largestBatch) requests.push(provider.bareRequest(sandbox.credentials, numbers.slice(i, i + provider.largestBatch)));
		log(`${provider.label} bare Node client (the floor), ${requests.length} requests`);
		const floor = await bareClientFloor(requests, provider.parallel, provider.firstAlone);
		if (floor.ok !== requests.length) throw new Error(`${provider.label}: the bare client's requests were refused (${floor.ok} of ${requests.length} accepted)`);
		result.ours.floorMs = floor.ms;
		result.ours.floorIdealMs = floor.ms + result.ours.fixedMs;
		result.ours.ratioToFloorIdeal = ours.nodeMs / result.ours.floorIdealMs;
	}
	return result;
}

/**
 * The run of median node time among REPEAT runs of the same workflow (each from a reset sandbox and
 * a collected heap), with every run's time in `runsMs`: single runs of a few hundred ms vary by
 * ±15 % with what else n8n's process does meanwhile (its database, its timers).
 */
async function runMedian(stack, sandbox, provider, name, measured, items) {
	const runs = [];
	for (let i = 0; i < REPEAT; i++) {
		await prepareSandbox(sandbox, provider);
		runs.push(await runOnce(stack, `${name} #${i + 1}`, measured, items));
	}
	const sorted = [...runs].sort((a, b) => a.nodeMs - b.nodeMs);
	return { ...sorted[Math.floor(sorted.length / 2)], runsMs: runs.map((run) => run.nodeMs) };
}

/**
 * The batched workflow a power user who knows n8n builds instead of our node: a Code node cuts the
 * numbers into the provider's batch size, an HTTP Request node (our credential) sends each chunk,
 * and a Code node turns each reply into one item per recipient.
 */
function batchedChain(stack, provider, sandbox) {
	const chunk = [
		`const size = ${provider.largestBatch};`,
		'const phones = $input.all().map((item) => item.json.phone);',
		'const chunks = [];',
		'for (let i = 0; i < phones.length; i += size) chunks.push({ json: { numbers: phones.slice(i, i + size) } });',
		'return chunks;',
	].join('\n');
	const rows = [
		"const chunks = $('Chunk').all();",
		'return $input.all().flatMap(({ json }, i) => {',
		`  const status = (${provider.okSource}) ? 'accepted' : 'failed';`,
		'  return chunks[i].json.numbers.map((to) => ({ json: { to, status, statusCode: json.statusCode } }));',
		'});',
	].join('\n');
	return [
		{ name: 'Chunk', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: chunk } },
		{ name: 'Send chunk', ...httpRequestNode(stack, provider, provider.request(sandbox, '$json.numbers')) },
		{ name: 'Rows', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: rows } },
	];
}

/**
 * The same campaign with the gateway answering 5 % of send requests 429 (not processed) and 2 %
 * 500 after processing them (the SMS went out; the answer says otherwise). For ours (Continue On
 * Fail on, so every row comes out) and both peers: recipients lost (never processed), sent twice,
 * and reported wrongly (accepted but never processed, or failed although processed; our
 * `unknown` says "may have been sent" and is counted apart).
 */
async function benchFaults(stack, key, n) {
	const provider = BULK[key];
	const sandbox = stack.sandboxes[key];
	const phones = Array.from({ length: n }, (_, i) => provider.phone(i));
	const items = phones.map((phone) => ({ phone }));
	const faults = [
		{ match: { method: 'POST', path: provider.sendPath }, rate: 0.05, status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' },
		{ match: { method: 'POST', path: provider.sendPath }, rate: 0.02, status: 500, afterProcessing: true, body: 'Internal Server Error' },
	];
	const runs = {
		ours: { ...ourNode(stack, provider, 'sendBulk', provider.ours), onError: 'continueRegularOutput' },
		httpRequest: httpRequestNode(stack, provider, provider.baseline(sandbox)),
		batched: batchedChain(stack, provider, sandbox),
	};
	const result = { provider: provider.label, recipients: n, faults: '5% 429, 2% 500 after processing' };
	for (const [name, measured] of Object.entries(runs)) {
		await prepareSandbox(sandbox, provider);
		await sandbox.action('faults', faults);
		log(`${provider.label} under faults: ${name}, ${n} recipients`);
		const run = await runOnce(stack, `bench ${key} faults ${name} ${n}`, measured, items);
		const got = await received(sandbox, provider);
		const counts = got.processedCounts;
		// Each row's number and whether it says sent: our rows and the batched Rows name it; the
		// HTTP Request node's item i is the answer for number i.
		const rows = run.output.map((json, i) =>
			name === 'httpRequest' ? { to: phones[i], status: provider.baselineOk(json) ? 'accepted' : 'failed' } : { to: String(json.to), status: json.status },
		);
		const reported = new Map(rows.map((r) => [r.to, r.status]));
		result[name] = {
			nodeMs: run.nodeMs,
			requests: got.requests,
			lost: phones.filter((p) => !counts.has(p)).length,
			sentTwice: [...counts.values()].filter((c) => c > 1).length,
			reportedWrongly: phones.filter((p) => (reported.get(p) === 'accepted' && !counts.has(p)) || (['failed', 'rejected'].includes(reported.get(p)) && counts.has(p)) || !reported.has(p)).length,
			unknown: rows.filter((r) => r.status === 'unknown').length,
		};
	}
	return result;
}

/** Ours alone at growing sizes: time, requests, n8n's peak memory growth, one row per recipient. */
async function benchScale(stack, key, n) {
	const provider = BULK[key];
	const sandbox = stack.sandboxes[key];
	const items = Array.from({ length: n }, (_, i) => ({ phone: provider.phone(i) }));
	await prepareSandbox(sandbox, provider);
	log(`${provider.label} scale: sendBulk, ${n} recipients`);
	const run = await runOnce(stack, `bench ${key} scale ${n}`, ourNode(stack, provider, 'sendBulk', provider.ours), items);
	const distinct = new Set(run.output.map((o) => o.to));
	return {
		provider: provider.label,
		recipients: n,
		nodeMs: run.nodeMs,
		requests: (await received(sandbox, provider)).requests,
		rows: run.output.length,
		everyRecipientOneRow: run.output.length === n && distinct.size === n && run.output.every((o) => o.status === 'accepted'),
		rssGrowthMb: run.rssGrowthMb,
	};
}

async function benchMessangi(stack, n) {
	const sandbox = stack.sandboxes.messangi;
	const creds = sandbox.credentials;
	const items = Array.from({ length: n }, (_, i) => ({ phone: MESSANGI.phone(i) }));
	const countSends = async () => {
		const requests = (await sandbox.requests()).filter((r) => r.path.includes('/tools/sendSMS/'));
		return { requests: requests.length, tooMany: requests.filter((r) => !r.processed).length };
	};
	const result = { provider: 'Messangi', recipients: n, rateLimit: MESSANGI_LIMIT.perSecond, concurrency: MESSANGI_CONCURRENCY };

	await prepareSandbox(sandbox, { rateLimit: MESSANGI_LIMIT });
	log(`Messangi sendBulk, ${n} recipients`);
	const ours = await runOnce(stack, `bench messangi sendBulk ${n}`, ourNode(stack, MESSANGI, 'sendBulk', MESSANGI.ours), items);
	const sent = await sandbox.action('sent');
	const perNumber = new Map();
	for (const m of sent) perNumber.set(m.to, (perNumber.get(m.to) || 0) + 1);
	const accepted = ours.output.filter((o) => o.status === 'accepted').length;
	const idealMs = (n * LATENCY_MS) / MESSANGI_CONCURRENCY;
	result.ours = {
		nodeMs: ours.nodeMs,
		wallMs: ours.wallMs,
		n8nCpuMs: ours.n8nCpuMs,
		idealMs,
		ratioToIdeal: ours.nodeMs / idealMs,
		...(await countSends()),
		accepted,
		failed: ours.output.length - accepted,
		receivedDistinct: perNumber.size,
		receivedTwice: [...perNumber.values()].filter((c) => c > 1).length,
		status: ours.status,
	};

	// The floor: a bare Node client sending the same signed requests, as many at a time, against
	// the same sandbox (test/bench/bareClient.js). The nominal ideal counts 20 ms a request; the
	// sandbox's real round trip is longer (its timer, its own work, a new connection each time).
	await prepareSandbox(sandbox, { rateLimit: MESSANGI_LIMIT });
	log(`Messangi bare Node client (the floor), ${n} requests`);
	const floor = await bareClientFloor(messangiUrls(creds, items), MESSANGI_CONCURRENCY);
	result.floor = { ...floor, ...(await countSends()) };
	result.ours.ratioToFloor = ours.nodeMs / floor.ms;

	// The same recipients through an HTTP Request node with no batching: every item at once.
	await prepareSandbox(sandbox, { rateLimit: MESSANGI_LIMIT });
	log(`Messangi HTTP Request node (unthrottled), ${n} items`);
	const b64 = (expression) => `{{ encodeURIComponent(${expression}.base64Encode()) }}`;
	const url = `=${creds.baseUrl}/tools/sendSMS/${creds.instanceId}/null/12345/${b64('$json.phone')}/${b64(JSON.stringify(text))}`;
	const base = await runOnce(stack, `bench messangi httpRequest ${n}`, httpRequestNode(stack, provider, { method: 'GET', url, batching: null }), items);
	// With the full response kept, n8n puts a text reply's body beside the status code, as `data`.
	const messangiOk = (json) => Number(json.statusCode) === 200 && /<status>OK<\/status>/.test(String(json.data ?? json.body?.data ?? json.body));
	const ok = base.output.filter(messangiOk).length;
	result.httpRequest = {
		nodeMs: base.nodeMs,
		wallMs: base.wallMs,
		...(await countSends()),
		accepted: ok,
		failed: base.output.length - ok,
		status: base.status,
		firstFailure: describeFailure(base.output.find((json) => !messangiOk(json))),
	};
	return result;
}

/** Runs test/bench/bareClient.js (its own process) over `requests`, `lanes` at a time (the first alone with `firstAlone`). */
async function bareClientFloor(requests, lanes, firstAlone = false) {
	const file = path.join(os.tmpdir(), `bench-requests-${process.pid}.json`);
	fs.writeFileSync(file, JSON.stringify({ requests, lanes, firstAlone }));
	try {
		// Asynchronously: the sandbox answering it runs in this process.
		const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, 'bareClient.js'), file], { maxBuffer: 1 << 20 });
		return JSON.parse(stdout);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Messangi sendSMS URLs for `items`, signed as the sandbox checks them. */
function messangiUrls(creds, items) {
	const { messangiSign } = require('../sandbox/messangi');
	const b64 = (value) => Buffer.from(value, 'utf8').toString('base64');
	return items.map(({ phone }) => {
		const params = [creds.instanceId, 'null', '12345', b64(phone), b64(text)];
		return [creds.baseUrl, 'tools/sendSMS', ...params.map(encodeURIComponent), creds.publicKey, messangiSign(params, creds.privateKey)].join('/');
	});
}

/**
 * The incoming-message trigger after a backlog: activated (its first poll starts from now), then
 * BACKLOG messages arrive (dated over the past hour, as after an hour of n8n downtime), then the
 * scheduled polls (one a minute) must emit each of them once, with at most `maxPerPoll` an
 * execution (0 = no limit).
 */
async function benchTrigger(stack, maxPerPoll) {
	const sandbox = stack.sandboxes.messangi;
	await prepareSandbox(sandbox, { rateLimit: null });
	const pid = stack.n8n.pid;
	const second = (new Date().getUTCSeconds() + 30) % 60;
	const workflow = {
		name: `bench messangi trigger ${BACKLOG} max ${maxPerPoll}`,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: MEASURED,
				type: `${PACKAGE}.messangiTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] },
					event: 'incomingMessage',
					options: { maxMessagesPerPoll: maxPerPoll },
				},
				credentials: credentialRef(stack, 'messangiApi'),
			},
			{ id: crypto.randomUUID(), name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { [MEASURED]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	};
	const polls = async () => (await sandbox.requests()).filter((r) => r.path.includes('/tools/getMOMessages/'));
	const finished = async () =>
		(await patiently(() => runtime.getExecutions(stack.api, { workflowId, limit: 250, includeData: false }))).filter((e) => e.stoppedAt && e.status !== 'running');
	const waitUntil = async (probe, what, timeoutMs) => {
		const deadline = Date.now() + timeoutMs;
		while (!(await probe())) {
			if (Date.now() > deadline) throw new Error(`trigger bench: timed out waiting for ${what}`);
			await sleep(500);
		}
	};
	const workflowId = await deploy(stack, workflow);
	try {
		await waitUntil(async () => (await polls()).length >= 1, 'the activation poll', 60_000);
		const before = (await polls()).length;
		log(`Messangi trigger (max ${maxPerPoll || 'unlimited'} a poll): ${BACKLOG} incoming messages arrive`);
		const start = Date.now() - 3600_000;
		const stamp = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
		for (let i = 0; i < BACKLOG; i += 10_000) {
			const chunk = Array.from({ length: Math.min(10_000, BACKLOG - i) }, (_, j) => ({
				from: `58414${String(1_000_000 + i + j).padStart(7, '0')}`,
				text: `Backlog message ${i + j}`,
				sendDate: stamp(start + Math.floor(((i + j) * 3600_000) / BACKLOG)),
			}));
			await sandbox.action('addIncoming', chunk);
		}
		await sleep(2000);
		const rssBefore = rssMb(pid);
		const cpuBefore = processCpuMs(pid);
		const stopSampling = rssSampler(pid);
		// Executions are counted without their data while memory is sampled: fetching 10,000
		// items through n8n's API would itself grow the process being measured.
		const expectedExecutions = maxPerPoll > 0 ? Math.ceil(BACKLOG / maxPerPoll) : 1;
		await waitUntil(async () => (await finished()).length >= expectedExecutions, `${expectedExecutions} execution(s)`, (expectedExecutions + 3) * 70_000);
		// one more scheduled poll: nothing may come twice
		const afterDrain = (await polls()).length;
		await waitUntil(async () => (await polls()).length > afterDrain, 'one more poll', 75_000);
		await sleep(5000);
		const rssPeak = stopSampling();
		const n8nCpuMs = processCpuMs(pid) - cpuBefore;
		const executions = await finished();
		let emitted = 0;
		const identities = new Set();
		for (const summary of executions) {
			const execution = await patiently(() => runtime.getExecution(stack.api, summary.id));
			for (const item of execution.data?.resultData?.runData?.[MEASURED]?.[0]?.data?.main?.[0] || []) {
				emitted++;
				identities.add(`${item.json.from}|${item.json.text}`);
			}
		}
		const drain = (await polls()).slice(before, afterDrain);
		const summaries = executions.slice(-expectedExecutions);
		const first = Math.min(...summaries.map((e) => new Date(e.startedAt).getTime()));
		const last = Math.max(...summaries.map((e) => new Date(e.stoppedAt).getTime()));
		return {
			backlog: BACKLOG,
			maxPerPoll,
			requests: drain.length,
			drainMs: drain[drain.length - 1].time - drain[0].time + LATENCY_MS,
			executions: summaries.length,
			executionsAfterDrain: executions.length - summaries.length,
			executionSpanMs: last - first,
			emitted,
			distinct: identities.size,
			rssGrowthMb: rssPeak - rssBefore,
			rssBeforeMb: rssBefore,
			n8nCpuMs,
		};
	} finally {
		await undeploy(stack, workflowId);
	}
}

/** Runs every wanted measurement; `progress(results)` is called after each, so a late failure loses nothing. */
async function main(progress = () => {}) {
	const started = Date.now();
	const stack = await startBenchStack();
	const results = { repeat: REPEAT, latencyMs: LATENCY_MS, n8nVersion: runtime.N8N_VERSION, bulk: [], faults: [], scale: [], messangi: [], trigger: [], n8nReadyMs: stack.n8n.readyMs };
	const providers = Object.keys(BULK).filter((k) => PROVIDERS.length === 0 || PROVIDERS.includes(k));
	try {
		if (wanted('bulk')) {
			for (const n of SIZES) {
				for (const key of providers) {
					results.bulk.push(await benchBulk(stack, key, n));
					progress(results);
				}
			}
		}
		if (wanted('faults')) {
			for (const key of providers) {
				results.faults.push(await benchFaults(stack, key, FAULT_SIZE));
				progress(results);
			}
		}
		if (wanted('scale')) {
			for (const key of SCALE_PROVIDERS.length ? SCALE_PROVIDERS : providers) {
				for (const n of SCALE_SIZES) {
					results.scale.push(await benchScale(stack, key, n));
					progress(results);
				}
			}
		}
		if (wanted('messangi')) {
			for (const n of SIZES) {
				results.messangi.push(await benchMessangi(stack, n));
				progress(results);
			}
		}
		if (wanted('trigger')) {
			// The default limit of Max Messages per Poll, then no limit, each in a fresh n8n: a
			// process keeps the memory earlier runs made it take, which would hide the growth.
			for (const max of [Number(process.env.BENCH_MAX_PER_POLL || 10_000), 0]) {
				const fresh = await startBenchStack();
				try {
					results.trigger.push(await benchTrigger(fresh, max));
				} finally {
					await fresh.stop();
				}
				progress(results);
			}
		}
	} finally {
		await stack.stop();
	}
	results.totalMs = Date.now() - started;
	return results;
}

module.exports = { main, startBenchStack, BULK, MESSANGI, MESSANGI_CONCURRENCY, MESSANGI_LIMIT, LATENCY_MS, text, ourNode, runOnce, prepareSandbox };

if (require.main === module) {
	main().then(
		(results) => process.stdout.write(`${JSON.stringify(results, null, '\t')}\n`),
		(error) => {
			process.stderr.write(`${error.stack || error}\n`);
			process.exit(1);
		},
	);
}
