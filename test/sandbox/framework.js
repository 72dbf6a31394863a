'use strict';
/**
 * A small HTTP server framework for the gateway sandboxes: local stand-ins for the SMS providers
 * that follow their API documents, keep state, log every request and fail on demand.
 *
 * Plain CommonJS so that jest, `npm run sandbox`, `npm start` and the e2e suite (which runs under
 * another Node) can all load it without a build.
 *
 * Faults (see `inject`) decide what happens to a matching request:
 * - before processing (the gateway certainly did not act): `status` (e.g. 429 + Retry-After, 503),
 *   `reset` (socket destroyed after the body is read), `delayMs`;
 * - after processing (the gateway acted, the client cannot know): add `afterProcessing: true`,
 *   e.g. `{ status: 500, afterProcessing: true }` or `{ reset: true, afterProcessing: true }`;
 * - `body`: replace the reply body with raw text (malformed replies).
 * A fault applies `times` times (default 1), or with probability `rate` for soak tests.
 */
const http = require('node:http');

function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function parseBody(raw, contentType) {
	const type = String(contentType || '').toLowerCase();
	let json;
	let form;
	if (raw.length > 0) {
		if (type.includes('application/x-www-form-urlencoded')) {
			form = Object.fromEntries(new URLSearchParams(raw));
		} else {
			try {
				json = JSON.parse(raw);
			} catch {
				json = undefined;
			}
		}
	}
	return { json, form };
}

function matches(fault, req) {
	if (!fault.match) return true;
	if (typeof fault.match === 'function') return fault.match(req);
	if (fault.match.method && fault.match.method !== req.method) return false;
	if (fault.match.path && !req.path.includes(fault.match.path)) return false;
	return true;
}

class Sandbox {
	/**
	 * @param {object} opts
	 * @param {string} opts.name provider name
	 * @param {Array<{method: string, path: string|RegExp, handler: Function}>} opts.routes
	 * @param {(req: object) => object|null} [opts.authenticate] returns a reply to refuse, or null
	 * @param {() => object} opts.initialState
	 * @param {(sandbox: Sandbox) => object} opts.credentials credential data for n8n
	 * @param {Record<string, Function>} [opts.control] extra control actions: POST /__sandbox/<action>
	 * @param {number} [opts.latencyMs] added to every request
	 * @param {{perSecond: number}} [opts.rateLimit] 429 past this many requests in any second
	 * @param {number} [opts.seed]
	 */
	constructor(opts) {
		this.name = opts.name;
		this.routes = opts.routes;
		this.authenticateRequest = opts.authenticate || (() => null);
		this.initialState = opts.initialState;
		this.credentialsFor = opts.credentials;
		this.control = opts.control || {};
		this.latencyMs = opts.latencyMs || 0;
		this.rateLimit = opts.rateLimit || null;
		this.random = mulberry32(opts.seed ?? 42);
		this.server = null;
		this.url = '';
		this.reset();
	}

	reset() {
		this.state = this.initialState();
		this.requests = [];
		this.faults = [];
		this.recentTimes = [];
	}

	/** Adds a fault; returns it so a test can inspect `fault.used`. */
	inject(fault) {
		const entry = { times: 1, used: 0, ...fault };
		this.faults.push(entry);
		return entry;
	}

	clearFaults() {
		this.faults = [];
	}

	get credentials() {
		return this.credentialsFor(this);
	}

	/** Requests that reached the provider's own logic (not refused by a pre-processing fault). */
	processed(pathPart) {
		return this.requests.filter((r) => r.processed && (!pathPart || r.path.includes(pathPart)));
	}

	takeFault(req) {
		for (const fault of this.faults) {
			if (!matches(fault, req)) continue;
			if (fault.rate !== undefined) {
				if (this.random() < fault.rate) {
					fault.used++;
					return fault;
				}
				continue;
			}
			if (fault.used < fault.times) {
				fault.used++;
				return fault;
			}
		}
		return null;
	}

	overRateLimit(now) {
		if (!this.rateLimit) return false;
		this.recentTimes = this.recentTimes.filter((t) => now - t < 1000);
		if (this.recentTimes.length >= this.rateLimit.perSecond) return true;
		this.recentTimes.push(now);
		return false;
	}

	route(method, path) {
		for (const route of this.routes) {
			if (route.method !== method) continue;
			if (typeof route.path === 'string' && route.path === path) return { route, params: [] };
			if (route.path instanceof RegExp) {
				const m = route.path.exec(path);
				if (m) return { route, params: m.slice(1) };
			}
		}
		return null;
	}

	async handle(req, res) {
		const raw = await new Promise((resolve, reject) => {
			const chunks = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
			req.on('error', reject);
		});
		const url = new URL(req.url, 'http://sandbox');
		const path = url.pathname;
		if (path.startsWith('/__sandbox')) return this.handleControl(req, res, path, raw);

		const { json, form } = parseBody(raw, req.headers['content-type']);
		const entry = {
			method: req.method,
			path,
			rawPath: req.url.split('?')[0],
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body: raw,
			json,
			form,
			time: Date.now(),
			processed: false,
		};
		this.requests.push(entry);

		if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
		const fault = this.takeFault(entry);
		if (fault && fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));

		const send = (reply) => {
			const headers = { ...(reply.headers || {}) };
			let body = reply.body;
			if (body !== undefined && typeof body !== 'string') {
				body = JSON.stringify(body);
				headers['content-type'] = headers['content-type'] || 'application/json';
			}
			headers['content-type'] = headers['content-type'] || 'text/plain; charset=utf-8';
			res.writeHead(reply.status || 200, headers);
			res.end(body ?? '');
		};

		if (fault && !fault.afterProcessing) {
			if (fault.reset) return req.socket.destroy();
			if (fault.status) return send({ status: fault.status, headers: fault.headers, body: fault.body ?? '' });
		}
		if (this.overRateLimit(Date.now())) {
			return send({ status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' });
		}
		const refused = this.authenticateRequest(entry);
		if (refused) return send(refused);

		const found = this.route(req.method, path);
		let reply;
		if (!found) {
			reply = { status: 404, body: 'Not Found' };
		} else {
			entry.processed = true;
			try {
				reply = await found.route.handler({ ...entry, params: found.params }, this);
			} catch (error) {
				reply = { status: 500, body: `sandbox handler error: ${error.message}` };
			}
		}
		if (fault && fault.afterProcessing) {
			if (fault.reset) return req.socket.destroy();
			if (fault.status) return send({ status: fault.status, headers: fault.headers, body: fault.body ?? '' });
		}
		if (fault && fault.body !== undefined && !fault.status) reply = { ...reply, body: fault.body };
		return send(reply);
	}

	/** Control API, so that other processes (n8n e2e tests, the demo) can drive the sandbox. */
	async handleControl(req, res, path, raw) {
		const reply = (status, body) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			// state keeps Maps and Sets; show their values
			res.end(JSON.stringify(body, (key, value) => (value instanceof Map || value instanceof Set ? [...value.values()] : value)));
		};
		const action = path.replace(/^\/__sandbox\/?/, '');
		let body = {};
		try {
			body = raw ? JSON.parse(raw) : {};
		} catch {
			return reply(400, { error: 'control bodies are JSON' });
		}
		if (req.method === 'GET' && action === 'requests') return reply(200, this.requests);
		if (req.method === 'GET' && action === 'state') return reply(200, this.state);
		if (req.method === 'POST' && action === 'reset') {
			this.reset();
			return reply(200, { ok: true });
		}
		if (req.method === 'POST' && action === 'faults') {
			const list = Array.isArray(body) ? body : [body];
			list.forEach((f) => this.inject(f));
			return reply(200, { ok: true, faults: this.faults.length });
		}
		if (req.method === 'POST' && action === 'config') {
			if (body.latencyMs !== undefined) this.latencyMs = body.latencyMs;
			if (body.rateLimit !== undefined) this.rateLimit = body.rateLimit;
			return reply(200, { ok: true });
		}
		if (req.method === 'POST' && this.control[action]) {
			return reply(200, (await this.control[action](this, body)) ?? { ok: true });
		}
		return reply(404, { error: `unknown control action ${req.method} ${action}` });
	}

	/** Starts listening; port 0 picks a free port. Resolves to the base URL. */
	listen(port = 0, host = '127.0.0.1') {
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				if (!res.headersSent) res.writeHead(500);
				res.end(String(error));
			});
		});
		this.server.keepAliveTimeout = 1000;
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				const address = this.server.address();
				this.url = `http://${host}:${address.port}`;
				resolve(this.url);
			});
		});
	}

	close() {
		if (!this.server) return Promise.resolve();
		const server = this.server;
		this.server = null;
		return new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections?.();
		});
	}
}

module.exports = { Sandbox, parseBody, mulberry32 };
