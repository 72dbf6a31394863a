'use strict';
/**
 * Where n8n's CPU goes while our Send Bulk runs: n8n (the e2e stack, our package from npm pack)
 * is started with V8's sampling profiler on (`--cpu-prof`), Send Bulk runs with 10,000 input
 * items (one recipient each, *To* = `{{ $json.phone }}`, the workflow of test/bench/n8n.js, after
 * one execution of 1,000 outside the window analysed and a full garbage collection, as the bench
 * runs it), and the samples taken while the node ran (its own start and executionTime) are sorted
 * into what they were doing. A sample is put on the first frame from the top of its stack that belongs to
 * a known part (node's own internals and small utility packages are looked through to their
 * caller); frames of our bundle are mapped back to our sources through its source map, which
 * also tells the XML parser (bundled) from our code.
 *
 *   node test/bench/profile.js            # Msegat and Messangi, 10,000 each; prints a table
 *   PROFILE_SIZE=2000 PROFILE_PROVIDERS=messangi node test/bench/profile.js
 *
 * The raw profiles stay in test-results/profile/ (open them in Chrome's DevTools).
 */
const fs = require('node:fs');
const path = require('node:path');
const { SourceMap } = require('node:module');

const { log, ROOT } = require('../e2e/stack');
const bench = require('./n8n');

const SIZE = Number(process.env.PROFILE_SIZE || 10_000);
const PROVIDERS = (process.env.PROFILE_PROVIDERS || 'msegat,messangi').split(',').filter(Boolean);
const OUT = path.join(ROOT, 'test-results', 'profile');

/** The parts a sample can be put on, matched against a frame's file (our frames: their source). */
const PARTS = [
	['ours: XML replies (fast-xml-parser, bundled)', (file) => file.includes('node_modules/fast-xml-parser/') || file.includes('node_modules/strnum/')],
	['ours: Messangi signing', (file) => file.endsWith('nodes/Messangi/signing.ts')],
	['ours: transport (requests, retries, pace)', (file) => /nodes\/(shared\/(http|pace|errors)|[A-Za-z]+\/transport)\.ts$/.test(file)],
	['ours: send pipeline, checks, rows', (file) => file.startsWith('nodes/') || file.startsWith('credentials/')],
	['n8n: credentials (read, decrypt, authenticate)', (file) => /credentials-helper|\/encryption\/|cipher|credentials\.js|credential-types/.test(file)],
	['n8n: logging', (file) => /\/callsites\/|backend-common\/dist\/logging|\/winston|\/logform\/|@colors\/|triple-beam|logger-proxy/.test(file)],
	['n8n: parameters and expressions (isolated-vm)', (file) => /@n8n\/expression-runtime|isolated-vm|n8n-workflow\/dist\/.*(expression|workflow-data-proxy|tmpl|extensions|node-parameters|node-helpers)|@n8n\/tournament|get-additional-keys|validate-value-against-schema|cleanup-parameter-data|node-execution-context\.js/.test(file)],
	['n8n: HTTP helper (axios, sockets)', (file) => /request-helper-functions|\/axios\/|follow-redirects|form-data|proxy-from-env|node:_http|node:http|node:net|node:internal\/stream|node:_stream|node:internal\/streams/.test(file)],
	['n8n: database and execution bookkeeping', (file) => /typeorm|sqlite|\/pg\/|execution-repository|execution-persistence|lifecycle-hooks|active-executions|db\.js|event-service|push/.test(file)],
	['n8n: workflow engine (items, paired items, output)', (file) => /workflow-execute|n8n-core\/dist\/execution-engine|routing-node|n8n-workflow\/dist/.test(file)],
];
/** Frames looked through to their caller: node's internals and generic utility packages. */
const looksThrough = (file) => file === '' || file.startsWith('node:') || /\/(lodash|luxon|deep-equal|fast-json-stable-stringify|tslib)\//.test(file);

/** A profile frame's file: our bundle's frames mapped to our source (or a bundled package). */
function frameFile(callFrame, maps) {
	const url = callFrame.url.replace(/^file:\/\//, '');
	const map = maps(url);
	if (map && callFrame.lineNumber >= 0) {
		const entry = map.findEntry(callFrame.lineNumber, callFrame.columnNumber);
		if (entry?.originalSource) return entry.originalSource.replace(/^.*?(?=(nodes|credentials|node_modules)\/)/, '');
	}
	return url;
}

/** Our bundles' maps, from this checkout's dist/ (n8n's copy is gone with its user folder). */
function sourceMaps() {
	const cache = new Map();
	return (url) => {
		const at = url.indexOf('/n8n-nodes-sms-gateways/dist/');
		if (at < 0 || !url.endsWith('.js')) return undefined;
		if (!cache.has(url)) {
			const file = path.join(ROOT, `${url.slice(at + '/n8n-nodes-sms-gateways/'.length)}.map`);
			cache.set(url, fs.existsSync(file) ? new SourceMap(JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined);
		}
		return cache.get(url);
	};
}

/** Milliseconds of samples per part between fromUs and toUs, and the heaviest functions. */
function analyse(profile, { fromUs, toUs }) {
	const maps = sourceMaps();
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const partOf = new Map();
	const part = (id) => {
		if (partOf.has(id)) return partOf.get(id);
		const node = nodes.get(id);
		const name = node.callFrame.functionName;
		let result;
		if (name === '(garbage collector)') result = 'garbage collection';
		else if (name === '(idle)') result = 'idle (waiting for the gateway)';
		else if (name === '(program)' || name === '(root)') result = 'V8 and native (no JS frame)';
		else {
			const file = frameFile(node.callFrame, maps);
			const found = looksThrough(file) ? undefined : PARTS.find(([, test]) => test(file));
			if (found) result = found[0];
			else if (!looksThrough(file)) result = 'other (n8n and its packages)';
			else result = parent.has(id) && nodes.get(parent.get(id)).callFrame.functionName !== '(root)' ? part(parent.get(id)) : "node's event loop (timers, sockets)";
		}
		partOf.set(id, result);
		return result;
	};
	const totals = new Map();
	const selfByFunction = new Map();
	let time = profile.startTime;
	let sampled = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		time += profile.timeDeltas[i];
		if (time < fromUs || time > toUs) continue;
		const next = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
		const us = Math.max(0, next);
		const id = profile.samples[i];
		const name = part(id);
		totals.set(name, (totals.get(name) ?? 0) + us);
		sampled += us;
		const node = nodes.get(id);
		const fn = `${node.callFrame.functionName || '(anonymous)'} ${frameFile(node.callFrame, maps).replace(/^.*node_modules\//, '')}:${node.callFrame.lineNumber + 1}`;
		selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + us);
	}
	const ms = (us) => us / 1000;
	return {
		windowMs: Number(toUs - fromUs) / 1000,
		sampledMs: ms(sampled),
		parts: [...totals].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: ms(us) })),
		topFunctions: [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, us]) => ({ name, ms: ms(us) })),
	};
}

function table(result, { recipients, requests }) {
	const busy = result.parts.filter((p) => !p.name.startsWith('idle')).reduce((sum, p) => sum + p.ms, 0);
	const lines = [
		`| where the node's time went | ms | % of busy CPU | per recipient | per request |`,
		'|---|---|---|---|---|',
		...result.parts.map((p) => {
			const idle = p.name.startsWith('idle');
			return `| ${p.name} | ${p.ms.toFixed(0)} | ${idle ? '–' : `${((100 * p.ms) / busy).toFixed(1)} %`} | ${((1000 * p.ms) / recipients).toFixed(1)} µs | ${(p.ms / requests).toFixed(2)} ms |`;
		}),
		`| **busy CPU** (the node ran ${result.windowMs.toFixed(0)} ms) | **${busy.toFixed(0)}** | 100 % | ${((1000 * busy) / recipients).toFixed(1)} µs | ${(busy / requests).toFixed(2)} ms |`,
	];
	return lines.join('\n');
}

async function main() {
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(OUT, { recursive: true });
	// The bench's n8n (its default log level, a full garbage collection before each run), profiled.
	const stack = await bench.startBenchStack({ nodeOptions: `--cpu-prof --cpu-prof-dir=${OUT} --cpu-prof-interval=250` });
	const runs = [];
	try {
		for (const key of PROVIDERS) {
			const provider = key === 'messangi' ? bench.MESSANGI : bench.BULK[key];
			const items = Array.from({ length: SIZE }, (_, i) => ({ phone: provider.phone(i) }));
			const workflow = bench.ourNode(stack, provider, 'sendBulk', provider.ours);
			// As in the bench: one execution first (outside the window analysed), so V8 has compiled the code.
			await bench.prepareSandbox(stack.sandboxes[key], provider);
			await bench.runOnce(stack, `profile ${key} warm-up`, workflow, items.slice(0, 1000));
			await bench.prepareSandbox(stack.sandboxes[key], provider);
			log(`profile: ${key} sendBulk, ${SIZE} recipients`);
			const run = await bench.runOnce(stack, `profile ${key} sendBulk ${SIZE}`, workflow, items);
			const requests = (await stack.sandboxes[key].requests()).length;
			runs.push({ key, run, requests });
		}
	} finally {
		await stack.stop(); // n8n writes its profile as it exits
	}
	const files = fs.readdirSync(OUT).filter((f) => f.endsWith('.cpuprofile'));
	const mainFile = files.find((f) => f.includes(`.${stack.n8n.pid}.`));
	if (!mainFile) throw new Error(`no profile of n8n's main process (pid ${stack.n8n.pid}) in ${OUT}: ${files.join(', ')}`);
	const profile = JSON.parse(fs.readFileSync(path.join(OUT, mainFile), 'utf8'));
	const report = [];
	for (const { key, run, requests } of runs) {
		const result = analyse(profile, run.window);
		report.push({ provider: key, recipients: SIZE, requests, nodeMs: run.nodeMs, ...result });
		process.stdout.write(`\n#### ${key} Send Bulk, ${SIZE.toLocaleString('en-US')} recipients, ${requests.toLocaleString('en-US')} requests: node time ${run.nodeMs} ms\n\n`);
		process.stdout.write(`${table(result, { recipients: SIZE, requests })}\n\nHeaviest functions (self time):\n`);
		for (const f of result.topFunctions) process.stdout.write(`  ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}\n`);
	}
	fs.writeFileSync(path.join(OUT, 'report.json'), `${JSON.stringify(report, null, '\t')}\n`);
	log(`profiles and report.json in ${path.relative(ROOT, OUT)}/`);
}

module.exports = { analyse };

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	});
}
