'use strict';
/**
 * The floor a gateway sandbox allows: a plain Node HTTP client, in a process of its own (as n8n
 * is), sending the requests of a bulk send `lanes` at a time (the first alone with `firstAlone`,
 * as Msegat's Send Bulk does), each on a new connection (as n8n's HTTP helper does), and doing
 * nothing with the answers but read them. It is what "requests × latency / parallel requests"
 * comes to with the sandbox's real round trip (its 20 ms timer, its own work on each request,
 * localhost TCP) instead of the nominal 20 ms.
 *
 *   node test/bench/bareClient.js <JSON file: { requests, lanes, firstAlone }>   # prints { ms, ok }
 *
 * A request is a URL (GET) or { method, url, headers, body }; `ok` counts 2xx answers whose body
 * does not say otherwise (an XML <status> other than OK).
 */
const fs = require('node:fs');
const http = require('node:http');

function send(request) {
	const { method = 'GET', url, headers = {}, body } = typeof request === 'string' ? { url: request } : request;
	return new Promise((resolve, reject) => {
		const outgoing = http.request(url, { method, agent: false, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
			const chunks = [];
			response.on('data', (c) => chunks.push(c));
			response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
		});
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}

async function main() {
	const { requests, lanes, firstAlone = false } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
	let next = 0;
	let ok = 0;
	const one = async () => {
		const answer = await send(requests[next++]);
		const xmlStatus = /<status>([^<]*)<\/status>/.exec(answer.body);
		if (answer.status >= 200 && answer.status < 300 && (!xmlStatus || xmlStatus[1] === 'OK')) ok++;
	};
	const started = performance.now();
	if (firstAlone && requests.length > 0) await one();
	await Promise.all(
		Array.from({ length: lanes }, async () => {
			while (next < requests.length) await one();
		}),
	);
	process.stdout.write(JSON.stringify({ ms: Math.round(performance.now() - started), ok }));
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
