'use strict';
/**
 * The floor of a one-request-per-recipient bulk send against a sandbox: a plain Node HTTP client,
 * in a process of its own (as n8n is), sending the given GET URLs `lanes` at a time, each on a new
 * connection (as n8n's HTTP helper does), and doing nothing with the answers but read them. It is
 * what "requests × latency / parallel requests" comes to with the sandbox's real round trip
 * (its 20 ms timer, its own work, localhost TCP) instead of the nominal 20 ms.
 *
 *   node test/bench/bareClient.js <file with a JSON array of URLs> <lanes>   # prints { ms, ok }
 */
const fs = require('node:fs');
const http = require('node:http');

function get(url) {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent: false }, (response) => {
				const chunks = [];
				response.on('data', (c) => chunks.push(c));
				response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
			})
			.on('error', reject);
	});
}

async function main() {
	const urls = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
	const lanes = Number(process.argv[3]);
	let next = 0;
	let ok = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: lanes }, async () => {
			while (next < urls.length) {
				const answer = await get(urls[next++]);
				if (answer.status === 200 && answer.body.includes('<status>OK</status>')) ok++;
			}
		}),
	);
	process.stdout.write(JSON.stringify({ ms: Math.round(performance.now() - started), ok }));
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
