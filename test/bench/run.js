'use strict';
/**
 * `npm run bench`: runs the CPU/load/size measurements (micro.js) and the in-n8n measurements
 * (n8n.js), keeps the raw numbers in test-results/bench.json, prints the tables of BENCHMARKS.md
 * and draws docs/benchmarks.svg. `npm run bench -- --write` also replaces the tables in
 * BENCHMARKS.md (between its `<!-- bench:start -->` and `<!-- bench:end -->` markers).
 *
 * Environment: see n8n.js (BENCH_SIZES, BENCH_ONLY, BENCH_BACKLOG); BENCH_SKIP_MICRO=1.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'test-results', 'bench.json');

const round = (value, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toFixed(digits));
const seconds = (ms) => (ms >= 10_000 ? `${round(ms / 1000, 0)} s` : ms >= 1000 ? `${round(ms / 1000, 1)} s` : `${round(ms)} ms`);
const count = (n) => Number(n).toLocaleString('en-US');

function table(header, rows) {
	return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function markdown(results) {
	const { n8n, micro, machine } = results;
	const parts = [];
	parts.push(
		`Measured ${results.at.slice(0, 10)} on ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GiB, in n8n ${n8n.n8nVersion} on Node ${micro?.load?.node?.version ?? '24'}; ` +
			`every sandbox request delayed ${n8n.latencyMs} ms. Times are n8n's own \`executionTime\` of the node measured.`,
	);
	if (n8n.bulk.length) {
		parts.push(
			'#### Bulk send: our Send Bulk against an HTTP Request node calling the gateway once per item\n\n' +
				table(
					['provider', 'recipients', 'rate limit', 'our requests (minimum)', 'ours', 'HTTP Request requests', 'HTTP Request', 'faster', 'sent twice', 'failed (ours / HTTP)'],
					n8n.bulk.map((b) => [
						b.provider,
						count(b.recipients),
						b.rateLimit ? `${b.rateLimit}/s` : 'none published',
						`${b.ours.requests} (${b.ours.minimumRequests})`,
						seconds(b.ours.nodeMs),
						count(b.httpRequest.requests),
						seconds(b.httpRequest.nodeMs),
						`${round(b.speedup, 0)}×`,
						String(b.ours.receivedTwice),
						`${b.ours.failed} / ${b.httpRequest.failed}`,
					]),
				),
		);
	}
	const batchedRows = n8n.bulk.filter((b) => b.batched);
	if (batchedRows.length) {
		parts.push(
			'#### Send Bulk against the strongest peer (Code node cutting batches → HTTP Request node per batch → Code node making one row per recipient) and against the ideal\n\n' +
				table(
					['provider', 'recipients', 'ours', 'batched workflow', 'ours faster by', 'requests (ours / batched)', 'HTTP Request per item', 'ours faster by', 'ideal (requests × 20 ms / parallel + fixed)', 'ours / ideal', 'same with the bare client\'s round trips', 'ours / that'],
					batchedRows.map((b) => [
						b.provider,
						count(b.recipients),
						seconds(b.ours.nodeMs),
						seconds(b.batched.nodeMs),
						`${round(b.vsBatched, 2)}×`,
						`${b.ours.requests} / ${b.batched.requests}`,
						seconds(b.httpRequest.nodeMs),
						`${round(b.speedup, 0)}×`,
						`${seconds(b.ours.idealMs)} (fixed ${seconds(b.ours.fixedMs)})`,
						`${round(b.ours.ratioToIdeal, 2)}×`,
						b.ours.floorIdealMs ? `${seconds(b.ours.floorIdealMs)} (bare client ${seconds(b.ours.floorMs)})` : '–',
						b.ours.floorIdealMs ? `${round(b.ours.ratioToFloorIdeal, 2)}×` : '–',
					]),
				) +
				`\n\nOurs, the batched workflow and the one-recipient run (the fixed cost) are the median of ${n8n.repeat ?? 1} runs each, after one warm-up execution, every run from a collected heap; the per-item HTTP Request node runs once. The bare Node client (test/bench/bareClient.js) sends the same batches, as many at a time (Msegat: the first alone), each on a new connection, from a process of its own.`,
		);
	}
	if (n8n.faults?.length) {
		const cell = (r) => `${count(r.lost)} / ${count(r.sentTwice)} / ${count(r.reportedWrongly)}`;
		parts.push(
			`#### Under faults: the gateway answers 5 % of send requests 429 (not processed) and 2 % 500 after processing them\n\n` +
				table(
					['provider', 'recipients', 'ours: lost / sent twice / reported wrongly', 'ours: reported unknown (may have been sent)', 'HTTP Request per item', 'batched workflow'],
					n8n.faults.map((f) => [f.provider, count(f.recipients), cell(f.ours), count(f.ours.unknown), cell(f.httpRequest), cell(f.batched)]),
				) +
				'\n\nLost: the gateway never processed the number. Reported wrongly: the output says accepted although it was not processed, or failed although it was (an SMS the user may send again).',
		);
	}
	if (n8n.scale?.length) {
		parts.push(
			'#### Scale: ours alone, one execution\n\n' +
				table(
					['provider', 'recipients', 'time', 'requests', 'every recipient one accepted row', "n8n's peak memory growth"],
					n8n.scale.map((r) => [r.provider, count(r.recipients), seconds(r.nodeMs), count(r.requests), r.everyRecipientOneRow ? 'yes' : `no (${count(r.rows)} rows)`, `${round(r.rssGrowthMb, 0)} MB`]),
				),
		);
	}
	if (n8n.messangi.length) {
		parts.push(
			'#### Messangi Send Bulk: one request per recipient (the API has no batch), against the ideal `requests × latency / concurrency`\n\n' +
				table(
					['recipients', 'parallel requests', 'ideal (20 ms each)', 'bare Node client', 'ours', 'ours / ideal', 'ours / bare client', '429s met (ours)', 'failed (ours)', 'sent twice', 'HTTP Request, unthrottled'],
					n8n.messangi.map((m) => [
						count(m.recipients),
						String(m.concurrency),
						seconds(m.ours.idealMs),
						m.floor ? seconds(m.floor.ms) : '–',
						seconds(m.ours.nodeMs),
						`${round(m.ours.ratioToIdeal, 2)}×`,
						m.floor ? `${round(m.ours.ratioToFloor, 2)}×` : '–',
						String(m.ours.tooMany),
						String(m.ours.failed),
						String(m.ours.receivedTwice),
						`${count(m.httpRequest.tooMany)} of ${count(m.recipients)} refused with 429, not sent`,
					]),
				) +
				`\n\nThe sandbox enforced ${n8n.messangi[0].rateLimit} requests a second for these runs (Messangi publishes no limit). ` +
				'The bare Node client (test/bench/bareClient.js) sends the same signed requests as many at a time, each on a new connection, from a process of its own: the floor the sandbox allows, its real round trip being more than the nominal 20 ms.',
		);
	}
	if (n8n.trigger.length) {
		parts.push(
			'#### Messangi Trigger: a backlog of incoming messages (dated over the past hour) drained by the scheduled polls, one a minute\n\n' +
				table(
					['backlog', 'Max Messages per Poll', 'executions', 'requests', 'first to last request', 'emitted', 'distinct', 'emitted after the drain', "n8n's peak memory growth"],
					n8n.trigger.map((t) => [
						count(t.backlog),
						t.maxPerPoll ? count(t.maxPerPoll) : 'no limit',
						String(t.executions),
						count(t.requests),
						seconds(t.drainMs),
						count(t.emitted),
						count(t.distinct),
						String(t.executionsAfterDrain),
						`${round(t.rssGrowthMb, 0)} MB`,
					]),
				),
		);
	}
	if (micro) {
		parts.push(
			"#### Our code's own CPU time (no network: gateway replies answered in memory)\n\n" +
				table(
					['provider', 'operation', 'recipients', 'requests', 'CPU per 1,000 recipients', 'of which the fake gateway', 'ours (target < 50 ms)'],
					micro.cpu.map((c) => [
						c.provider,
						c.operation.replace(/^sms\./, ''),
						count(c.recipients),
						count(c.requests),
						`${round(c.cpuMsPer1000, 1)} ms`,
						`${round(c.fakeGatewayMsPer1000, 1)} ms`,
						`${round(c.cpuMsPer1000 - c.fakeGatewayMsPer1000, 1)} ms`,
					]),
				),
		);
		const files = micro.pack;
		parts.push(
			'#### Package\n\n' +
				table(
					['measure', 'value'],
					[
						[`load time of our ${micro.load.files.length} node and credential files (fresh Node ${micro.load.node.version}, n8n-workflow already loaded)`, `${round(micro.load.totalMs, 1)} ms`],
						['n8n start to ready, with the package', seconds(n8n.n8nReadyMs)],
						['packed size (npm pack)', `${round(files.tarballBytes / 1024, 0)} KiB (${round(files.unpackedBytes / 1024, 0)} KiB unpacked, ${files.files} files)`],
					],
				),
		);
	}
	return parts.join('\n\n');
}

/** A horizontal bar chart (log scale) of node time, ours against the HTTP Request node. */
function chart(results) {
	const rows = [];
	for (const b of results.n8n.bulk) rows.push({ label: `${b.provider} ${count(b.recipients)}`, ours: b.ours.nodeMs, theirs: b.httpRequest.nodeMs });
	if (!rows.length) return undefined;
	const width = 760;
	const left = 150;
	const barH = 14;
	const rowH = 2 * barH + 14;
	const top = 40;
	const height = top + rows.length * rowH + 40;
	const max = Math.max(...rows.map((r) => Math.max(r.ours, r.theirs)));
	const decades = Math.ceil(Math.log10(max));
	const x = (ms) => left + ((width - left - 170) * Math.log10(Math.max(ms, 10) / 10)) / (decades - 1);
	const out = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
		`<rect width="100%" height="100%" fill="#fff"/>`,
		`<text x="${left}" y="18" font-size="14" font-weight="bold">Send Bulk in n8n: node time, log scale (shorter is better)</text>`,
		`<rect x="${left}" y="26" width="10" height="10" fill="#2f7d32"/><text x="${left + 14}" y="35">ours</text>`,
		`<rect x="${left + 60}" y="26" width="10" height="10" fill="#b0b0b0"/><text x="${left + 74}" y="35">HTTP Request node, one request per item</text>`,
	];
	for (let d = 1; d <= decades; d++) {
		const ms = 10 ** d;
		const gx = x(ms);
		out.push(`<line x1="${gx}" y1="${top}" x2="${gx}" y2="${height - 30}" stroke="#ddd"/>`);
		out.push(`<text x="${gx}" y="${height - 14}" text-anchor="middle" fill="#555">${seconds(ms)}</text>`);
	}
	rows.forEach((r, i) => {
		const y = top + i * rowH + 4;
		out.push(`<text x="${left - 8}" y="${y + barH + 4}" text-anchor="end">${r.label}</text>`);
		out.push(`<rect x="${left}" y="${y}" width="${x(r.ours) - left}" height="${barH}" fill="#2f7d32"/>`);
		out.push(`<text x="${x(r.ours) + 4}" y="${y + barH - 3}">${seconds(r.ours)}</text>`);
		out.push(`<rect x="${left}" y="${y + barH + 2}" width="${x(r.theirs) - left}" height="${barH}" fill="#b0b0b0"/>`);
		out.push(`<text x="${x(r.theirs) + 4}" y="${y + 2 * barH - 1}">${seconds(r.theirs)} (${round(r.theirs / r.ours, 0)}× slower)</text>`);
	});
	out.push('</svg>');
	return `${out.join('\n')}\n`;
}

async function main() {
	const write = process.argv.includes('--write');
	const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model?.trim() ?? 'unknown CPU', memoryGb: Math.round(os.totalmem() / 2 ** 30) };
	let micro;
	if (!process.env.BENCH_SKIP_MICRO) {
		process.stderr.write('[bench] CPU, load time and size (test/bench/micro.js)\n');
		micro = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'micro.js')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 }).toString());
	}
	process.stderr.write('[bench] in n8n (test/bench/n8n.js)\n');
	const save = (n8n) => {
		fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
		fs.writeFileSync(RESULTS, `${JSON.stringify({ at: new Date().toISOString(), machine, micro, n8n }, null, '\t')}\n`);
	};
	const n8n = await require('./n8n').main(save);
	save(n8n);
	const results = { at: new Date().toISOString(), machine, micro, n8n };
	const tables = markdown(results);
	process.stdout.write(`${tables}\n`);
	const svg = chart(results);
	if (svg) fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.svg'), svg);
	if (write) {
		const file = path.join(ROOT, 'BENCHMARKS.md');
		const text = fs.readFileSync(file, 'utf8');
		const start = '<!-- bench:start -->';
		const end = '<!-- bench:end -->';
		if (!text.includes(start) || !text.includes(end)) throw new Error(`BENCHMARKS.md has no ${start} … ${end} markers`);
		fs.writeFileSync(file, `${text.slice(0, text.indexOf(start) + start.length)}\n${tables}\n${text.slice(text.indexOf(end))}`);
		process.stderr.write('[bench] BENCHMARKS.md updated\n');
	}
	process.stderr.write(`[bench] raw numbers: ${path.relative(ROOT, RESULTS)}\n`);
}

module.exports = { markdown, chart };

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	});
}
