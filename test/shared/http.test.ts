import type { IHttpRequestOptions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { RateLimiter } from '../../nodes/shared/batching';
import { GatewayError } from '../../nodes/shared/errors';
import { GatewayPace } from '../../nodes/shared/pace';
import {
	callGateway,
	classifyNetworkError,
	credentialsOf,
	parseJsonReply,
	RATE_LIMIT,
	retryAfterMs,
	setReadBudget,
	tryParseJson,
	type CallPolicy,
	type GatewayCall,
	type GatewayReply,
	type RequestContext,
} from '../../nodes/shared/http';

const node: INode = { id: 'n1', name: 'SMS', type: 'n8n-nodes-sms-gateways.test', typeVersion: 1, position: [0, 0], parameters: {} };

/**
 * An error shaped like the one axios (n8n's HTTP client) throws: its own `code`, and Node's
 * socket error as `cause`. The class is named AxiosError because NodeApiError looks at that name.
 */
class AxiosError extends Error {
	readonly isAxiosError = true;
	constructor(
		message: string,
		readonly code: string,
		cause?: unknown,
	) {
		super(message, cause === undefined ? undefined : { cause });
		this.name = 'AxiosError';
	}
}

/** Realistic client errors: messages as Node/axios write them for each failure. */
const clientErrors = {
	ECONNREFUSED: () => new AxiosError('connect ECONNREFUSED 203.0.113.7:443', 'ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 203.0.113.7:443'), { code: 'ECONNREFUSED' })),
	ENOTFOUND: () => new AxiosError('getaddrinfo ENOTFOUND api.gateway.test', 'ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND api.gateway.test'), { code: 'ENOTFOUND' })),
	EAI_AGAIN: () => new AxiosError('getaddrinfo EAI_AGAIN api.gateway.test', 'EAI_AGAIN'),
	// The server closed the socket after the request went out.
	ECONNRESET: () => new AxiosError('socket hang up', 'ECONNRESET'),
	ETIMEDOUT: () => new AxiosError('connect ETIMEDOUT 203.0.113.7:443', 'ETIMEDOUT'),
	// axios reports its own `timeout` option as ECONNABORTED.
	ECONNABORTED: () => new AxiosError('timeout of 30000ms exceeded', 'ECONNABORTED'),
};

describe('classifyNetworkError', () => {
	const cases: Array<[string, unknown, { sent: false | 'maybe'; code: string }]> = [
		['axios ECONNREFUSED: certainly not sent', clientErrors.ECONNREFUSED(), { sent: false, code: 'ECONNREFUSED' }],
		['axios ENOTFOUND (DNS): certainly not sent', clientErrors.ENOTFOUND(), { sent: false, code: 'ENOTFOUND' }],
		['axios EAI_AGAIN (DNS): certainly not sent', clientErrors.EAI_AGAIN(), { sent: false, code: 'EAI_AGAIN' }],
		['axios ECONNRESET: may have been sent', clientErrors.ECONNRESET(), { sent: 'maybe', code: 'ECONNRESET' }],
		['axios ETIMEDOUT: may have been sent', clientErrors.ETIMEDOUT(), { sent: 'maybe', code: 'ETIMEDOUT' }],
		['axios timeout (ECONNABORTED): may have been sent', clientErrors.ECONNABORTED(), { sent: 'maybe', code: 'ECONNABORTED' }],
		['code only on the cause', new Error('request failed', { cause: { code: 'ECONNREFUSED' } }), { sent: false, code: 'ECONNREFUSED' }],
		[
			'wrapped twice, code two levels down',
			new Error('outer', { cause: new Error('middle', { cause: Object.assign(new Error('inner'), { code: 'ENOTFOUND' }) }) }),
			{ sent: false, code: 'ENOTFOUND' },
		],
		['code only in the message text', new Error('getaddrinfo ENOTFOUND api.gateway.test'), { sent: false, code: 'ENOTFOUND' }],
		["n8n's descriptive message for a refused connection", new Error('The service refused the connection - perhaps it is offline'), { sent: false, code: 'ECONNREFUSED' }],
		['a reset wrapping a refused cause still counts as not sent', Object.assign(new Error('x', { cause: { code: 'ECONNREFUSED' } }), { code: 'ECONNRESET' }), { sent: false, code: 'ECONNREFUSED' }],
		['a plain Error without code', new Error('something odd'), { sent: 'maybe', code: 'unknown error' }],
		['a thrown string', 'boom', { sent: 'maybe', code: 'unknown error' }],
		['undefined', undefined, { sent: 'maybe', code: 'unknown error' }],
	];
	it.each(cases)('%s', (_label, error, expected) => {
		expect(classifyNetworkError(error)).toEqual(expected);
	});

	it('stops on a cause cycle', () => {
		const error: Error & { cause?: unknown } = new Error('loop');
		error.cause = error;
		expect(classifyNetworkError(error)).toEqual({ sent: 'maybe', code: 'unknown error' });
	});

	describe("through n8n's NodeApiError (what httpRequestWithAuthentication throws)", () => {
		it('NodeApiError drops the cause and rewrites the message (premise of these tests)', () => {
			const wrapped = new NodeApiError(node, clientErrors.ECONNREFUSED() as unknown as JsonObject);
			expect(wrapped.cause).toBeUndefined();
			expect(wrapped.message).not.toContain('ECONNREFUSED');
			expect(wrapped.messages).toContain('connect ECONNREFUSED 203.0.113.7:443');
		});

		const wrappedCases: Array<[keyof typeof clientErrors, false | 'maybe']> = [
			['ECONNREFUSED', false],
			['ENOTFOUND', false],
			['EAI_AGAIN', false],
			['ECONNRESET', 'maybe'],
			['ETIMEDOUT', 'maybe'],
			['ECONNABORTED', 'maybe'],
		];
		it.each(wrappedCases)('%s wrapped by NodeApiError: sent %p', (code, sent) => {
			const wrapped = new NodeApiError(node, clientErrors[code]() as unknown as JsonObject);
			expect(classifyNetworkError(wrapped).sent).toBe(sent);
		});

		it('a refused connection with an empty client message (Node 20 AggregateError) is still not sent', () => {
			const wrapped = new NodeApiError(node, new AxiosError('', 'ECONNREFUSED') as unknown as JsonObject);
			expect(classifyNetworkError(wrapped)).toEqual({ sent: false, code: 'ECONNREFUSED' });
		});

		it('NodeApiError wrapped again in a plain Error', () => {
			const wrapped = new Error('outer', { cause: new NodeApiError(node, clientErrors.ENOTFOUND() as unknown as JsonObject) });
			expect(classifyNetworkError(wrapped)).toEqual({ sent: false, code: 'ENOTFOUND' });
		});

		// BUG (minor, nodes/shared/http.ts lines 68-82): for "socket hang up" (ECONNRESET) and axios
		// timeouts (ECONNABORTED) the code is neither in NodeApiError's message nor in `messages`; n8n
		// keeps it in `httpCode`, which is not read. The classification (maybe sent) is right, but the
		// user's message then says "(unknown error)" instead of the code.
		it.each(['ECONNRESET', 'ECONNABORTED'] as const)('names the code of a wrapped %s', (code) => {
			const wrapped = new NodeApiError(node, clientErrors[code]() as unknown as JsonObject);
			expect(classifyNetworkError(wrapped)).toEqual({ sent: 'maybe', code });
		});
	});
});

describe('retryAfterMs', () => {
	const now = Date.parse('2026-03-01T12:00:00Z');
	const cases: Array<[string, string | undefined, number, number, number]> = [
		// [label, header, attempt, cap, expected]
		['seconds', '5', 1, 30_000, 5_000],
		['fractional seconds', '1.5', 1, 30_000, 1_500],
		['zero seconds', '0', 3, 30_000, 0],
		['negative seconds are not a wait', '-5', 1, 30_000, 0],
		['seconds above the cap are capped', '120', 1, 30_000, 30_000],
		['HTTP date 10 s ahead', 'Sun, 01 Mar 2026 12:00:10 GMT', 1, 30_000, 10_000],
		['HTTP date in the past: no wait', 'Sun, 01 Mar 2026 11:59:00 GMT', 1, 30_000, 0],
		['HTTP date an hour ahead is capped', 'Sun, 01 Mar 2026 13:00:00 GMT', 1, 30_000, 30_000],
		// Without a header: 500 ms doubling per attempt.
		['missing header, attempt 1', undefined, 1, 30_000, 500],
		['missing header, attempt 2', undefined, 2, 30_000, 1_000],
		['missing header, attempt 4', undefined, 4, 30_000, 4_000],
		['empty header falls back too', '', 2, 30_000, 1_000],
		['unreadable header falls back', 'soon', 3, 30_000, 2_000],
		['fallback is capped', undefined, 10, 5_000, 5_000],
	];
	it.each(cases)('%s', (_label, header, attempt, cap, expected) => {
		expect(retryAfterMs(header, attempt, cap, now)).toBe(expected);
	});
});

type Step = { statusCode: number; headers?: Record<string, unknown>; body?: unknown } | { throws: unknown };

/** A fake n8n context whose helper replays `steps` and records every request it is given. */
function fakeContext(steps: Step[]) {
	const requests: Array<{ credentialType: string; options: IHttpRequestOptions }> = [];
	const helper = jest.fn(async (credentialType: string, options: IHttpRequestOptions) => {
		requests.push({ credentialType, options });
		const step = steps[requests.length - 1];
		if (!step) throw new Error(`test: unexpected request #${requests.length}`);
		if ('throws' in step) throw step.throws;
		return { statusCode: step.statusCode, headers: step.headers ?? {}, body: step.body };
	});
	const ctx: RequestContext = {
		helpers: {
			httpRequestWithAuthentication(this: unknown, credentialType: string, options: IHttpRequestOptions) {
				return helper(credentialType, options);
			},
		},
	};
	return { ctx, requests, helper };
}

function policyWith(extra: Partial<CallPolicy> & { sends: boolean }) {
	const waits: number[] = [];
	const policy: CallPolicy = {
		provider: 'TestGateway',
		wait: async (ms: number) => {
			waits.push(ms);
		},
		// No jitter unless a test asks for it: the waits are then exactly the gateway's.
		random: () => 0,
		...extra,
	};
	return { policy, waits };
}

const sendCall: GatewayCall = {
	method: 'POST',
	url: 'https://api.gateway.test/sms/send',
	body: '{"phone":["966501234567"],"message":"Hi"}',
	contentType: 'application/json',
};
const readCall: GatewayCall = { method: 'GET', url: 'https://api.gateway.test/balance', qs: { page: 1 } };
const ok = (body: unknown = '{"ok":true}'): Step => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body });

async function gatewayErrorOf(promise: Promise<unknown>): Promise<GatewayError> {
	const outcome = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(outcome).toBeInstanceOf(GatewayError);
	return outcome as GatewayError;
}

describe('callGateway: the request given to n8n', () => {
	it('asks for the full reply as text, without throwing on HTTP errors, with the credential and content type', async () => {
		const { ctx, requests } = fakeContext([ok()]);
		const { policy } = policyWith({ sends: true });
		await callGateway(ctx, 'testApi', { ...sendCall, headers: { Accept: 'application/json' } }, policy);
		expect(requests).toHaveLength(1);
		expect(requests[0].credentialType).toBe('testApi');
		expect(requests[0].options).toMatchObject({
			method: 'POST',
			url: 'https://api.gateway.test/sms/send',
			body: '{"phone":["966501234567"],"message":"Hi"}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 30_000,
		});
	});

	it('passes the query string and a custom timeout; no content type without a body', async () => {
		const { ctx, requests } = fakeContext([ok()]);
		const { policy } = policyWith({ sends: false });
		await callGateway(ctx, 'testApi', { ...readCall, contentType: 'application/json', timeoutMs: 5_000 }, policy);
		expect(requests[0].options.qs).toEqual({ page: 1 });
		expect(requests[0].options.timeout).toBe(5_000);
		expect(requests[0].options.headers).toEqual({});
	});

	it('does not modify the caller’s headers object', async () => {
		const headers = { 'X-Trace': '1' };
		const { ctx } = fakeContext([ok()]);
		await callGateway(ctx, 'testApi', { ...sendCall, headers }, policyWith({ sends: true }).policy);
		expect(headers).toEqual({ 'X-Trace': '1' });
	});
});

describe('credentialsOf and the credential handed to n8n', () => {
	function credentialContext(read: () => Promise<Record<string, string>>) {
		const getCredentials = jest.fn(read);
		const seen: unknown[] = [];
		const ctx = {
			getCredentials,
			helpers: {
				async httpRequestWithAuthentication(this: unknown, _type: string, _options: IHttpRequestOptions, extra?: unknown) {
					seen.push(extra);
					return { statusCode: 200, headers: {}, body: '{}' };
				},
			},
		};
		return { ctx, getCredentials, seen };
	}

	it('reads a credential once per execution context, however many requests follow', async () => {
		const { ctx, getCredentials } = credentialContext(async () => ({ accessToken: 't' }));
		const reads = await Promise.all(Array.from({ length: 50 }, () => credentialsOf(ctx, 'testApi')));
		expect(getCredentials).toHaveBeenCalledTimes(1);
		expect(reads.every((r) => r === reads[0])).toBe(true);
		await credentialsOf(ctx, 'otherApi');
		expect(getCredentials).toHaveBeenCalledTimes(2);
		// a new execution has a new context, and reads again (the credential may have been edited)
		const next = credentialContext(async () => ({ accessToken: 'new' }));
		expect(await credentialsOf(next.ctx, 'testApi')).toEqual({ accessToken: 'new' });
	});

	it('does not remember a failed read', async () => {
		let fail = true;
		const { ctx, getCredentials } = credentialContext(async () => {
			if (fail) throw new Error('Credentials not found');
			return { accessToken: 't' };
		});
		await expect(credentialsOf(ctx, 'testApi')).rejects.toThrow('Credentials not found');
		fail = false;
		expect(await credentialsOf(ctx, 'testApi')).toEqual({ accessToken: 't' });
		expect(getCredentials).toHaveBeenCalledTimes(2);
	});

	it("hands the data it read to n8n's authenticated request, so n8n does not read it again", async () => {
		const { ctx, seen } = credentialContext(async () => ({ accessToken: 't' }));
		const credentials = await credentialsOf(ctx, 'testApi');
		await callGateway(ctx, 'testApi', { ...readCall, credentials }, policyWith({ sends: false }).policy);
		await callGateway(ctx, 'testApi', readCall, policyWith({ sends: false }).policy);
		expect(seen).toEqual([{ credentialsDecrypted: { id: '', name: 'testApi', type: 'testApi', data: { accessToken: 't' } } }, undefined]);
	});
});

describe('callGateway: replies', () => {
	it('returns status, lower-cased headers and the body as text', async () => {
		const { ctx } = fakeContext([{ statusCode: 200, headers: { 'Content-Type': 'application/json', 'X-Count': 3 }, body: '{"a":1}' }]);
		const reply = await callGateway(ctx, 'testApi', readCall, policyWith({ sends: false }).policy);
		expect(reply).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json', 'x-count': '3' }, body: '{"a":1}' });
	});

	it.each([
		['a parsed object body is turned back into JSON text', { a: 1 }, '{"a":1}'],
		['no body is an empty string', undefined, ''],
		['null body is an empty string', null, ''],
	])('%s', async (_label, body, expected) => {
		const { ctx } = fakeContext([{ statusCode: 200, body }]);
		const reply = await callGateway(ctx, 'testApi', readCall, policyWith({ sends: false }).policy);
		expect(reply.body).toBe(expected);
	});

	it.each([400, 401, 403, 404, 422])('HTTP %i is returned for the provider to explain, not thrown or retried', async (status) => {
		const { ctx, requests } = fakeContext([{ statusCode: status, body: '{"error":"bad sender"}' }]);
		const { policy, waits } = policyWith({ sends: true });
		const reply = await callGateway(ctx, 'testApi', sendCall, policy);
		expect(reply).toMatchObject({ statusCode: status, body: '{"error":"bad sender"}' });
		expect(requests).toHaveLength(1);
		expect(waits).toEqual([]);
	});
});

describe('callGateway: HTTP 429', () => {
	it.each([true, false])('is retried after the Retry-After seconds (sends: %p)', async (sends) => {
		const { ctx, requests } = fakeContext([{ statusCode: 429, headers: { 'Retry-After': '2' } }, ok()]);
		const { policy, waits } = policyWith({ sends });
		const reply = await callGateway(ctx, 'testApi', sends ? sendCall : readCall, policy);
		expect(reply.statusCode).toBe(200);
		expect(requests).toHaveLength(2);
		expect(waits).toEqual([2_000]);
	});

	it('caps a long Retry-After at maxRetryAfterMs', async () => {
		const { ctx } = fakeContext([{ statusCode: 429, headers: { 'retry-after': '3600' } }, ok()]);
		const { policy, waits } = policyWith({ sends: true, maxRetryAfterMs: 5_000 });
		await callGateway(ctx, 'testApi', sendCall, policy);
		expect(waits).toEqual([5_000]);
	});

	it('without Retry-After waits 500 ms, then doubles', async () => {
		const { ctx } = fakeContext([{ statusCode: 429 }, { statusCode: 429 }, { statusCode: 429 }, ok()]);
		const { policy, waits } = policyWith({ sends: true });
		await callGateway(ctx, 'testApi', sendCall, policy);
		expect(waits).toEqual([500, 1_000, 2_000]);
	});

	describe('bounded by time, not by a count of attempts', () => {
		afterEach(() => jest.useRealTimers());
		const waits: number[] = [];
		beforeEach(() => waits.splice(0));
		/** A policy whose waits move the clock, as real waits would. */
		function clockPolicy(extra: Partial<CallPolicy> & { sends: boolean }) {
			jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'setImmediate'] });
			return policyWith({
				...extra,
				wait: async (ms) => {
					waits.push(ms);
					jest.setSystemTime(Date.now() + ms);
				},
			});
		}

		it('a send goes on retrying 429s for minutes (12 of them here) and then goes through', async () => {
			const { ctx, requests } = fakeContext([...Array.from({ length: 12 }, () => ({ statusCode: 429 })), ok()]);
			const { policy } = clockPolicy({ sends: true });
			const reply = await callGateway(ctx, 'testApi', sendCall, policy);
			expect(reply.statusCode).toBe(200);
			expect(requests).toHaveLength(13);
			// doubling from 500 ms, each wait capped at 30 s: 3.5 minutes in all, inside the 5-minute patience
			expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
			expect(waits.reduce((a, b) => a + b)).toBeLessThan(RATE_LIMIT.patienceMs);
		});

		it('past the patience is a notSent GatewayError with HTTP 429, without a last useless wait', async () => {
			const { ctx, requests } = fakeContext(Array.from({ length: 10 }, () => ({ statusCode: 429 })));
			const { policy } = clockPolicy({ sends: true, rateLimitPatienceMs: 10_000 });
			const error = await gatewayErrorOf(callGateway(ctx, 'testApi', sendCall, policy));
			expect(error).toMatchObject({ kind: 'notSent', httpCode: 429 });
			expect(error.message).toContain('TestGateway');
			// 500 + 1,000 + 2,000 + 4,000 ms waited; the next 8 s would pass the 10 s patience
			expect(waits).toEqual([500, 1_000, 2_000, 4_000]);
			expect(requests).toHaveLength(5);
			expect(error.message).toContain('after 8 s of waiting (5 attempts), so nothing was sent');
			expect(error.message).toContain('Requests per Second');
		});

		it('429s do not use up the attempts left for an outage', async () => {
			const { ctx, requests } = fakeContext([
				...Array.from({ length: 5 }, () => ({ statusCode: 429 })),
				{ throws: clientErrors.ECONNREFUSED() },
				ok(),
			]);
			const { policy } = clockPolicy({ sends: true, maxAttempts: 2 });
			expect((await callGateway(ctx, 'testApi', sendCall, policy)).statusCode).toBe(200);
			expect(requests).toHaveLength(7);
		});
	});

	it.each([
		[0, 2_000],
		[0.5, 2_500],
		[1, 3_000],
	])('adds jitter of up to half the wait, never less than Retry-After (random %p)', async (random, expected) => {
		const { ctx } = fakeContext([{ statusCode: 429, headers: { 'retry-after': '2' } }, ok()]);
		const { policy, waits } = policyWith({ sends: true, random: () => random });
		await callGateway(ctx, 'testApi', sendCall, policy);
		expect(waits).toEqual([expected]);
	});

	it("with a pace, the wait is the pace's shared pause, and the pace slows down", async () => {
		let now = 5_000;
		const slept: number[] = [];
		const pace = new GatewayPace(
			9,
			() => now,
			async (ms) => {
				slept.push(ms);
				now += ms;
			},
		);
		const { ctx, requests } = fakeContext([{ statusCode: 429, headers: { 'retry-after': '2' } }, ok()]);
		const { policy, waits } = policyWith({ sends: true, pace });
		await callGateway(ctx, 'testApi', sendCall, policy);
		expect(requests).toHaveLength(2);
		expect(waits).toEqual([]);
		expect(slept).toEqual([2_000]);
		expect(pace.currentRate()).toBeLessThan(9);
	});

	it('waits for the rate limiter before every attempt', async () => {
		const limiter = new RateLimiter(100);
		const acquire = jest.spyOn(limiter, 'acquire');
		const { ctx } = fakeContext([{ statusCode: 429 }, ok()]);
		await callGateway(ctx, 'testApi', sendCall, policyWith({ sends: true, rateLimiter: limiter }).policy);
		expect(acquire).toHaveBeenCalledTimes(2);
	});
});

describe('callGateway: connection failures', () => {
	describe.each([
		['an axios error', (code: keyof typeof clientErrors) => clientErrors[code]()],
		["n8n's NodeApiError", (code: keyof typeof clientErrors) => new NodeApiError(node, clientErrors[code]() as unknown as JsonObject)],
	])('thrown as %s', (_label, errorFor) => {
		it.each(['ECONNREFUSED', 'ENOTFOUND'] as const)('%s of a send is retried (nothing reached the gateway)', async (code) => {
			const { ctx, requests } = fakeContext([{ throws: errorFor(code) }, ok()]);
			const { policy, waits } = policyWith({ sends: true });
			const reply = await callGateway(ctx, 'testApi', sendCall, policy);
			expect(reply.statusCode).toBe(200);
			expect(requests).toHaveLength(2);
			expect(waits).toEqual([500]);
		});

		it('a refused connection on every attempt is notSent, naming the provider and the host', async () => {
			const { ctx, requests } = fakeContext([{ throws: errorFor('ECONNREFUSED') }, { throws: errorFor('ECONNREFUSED') }, { throws: errorFor('ECONNREFUSED') }]);
			const { policy, waits } = policyWith({ sends: true, maxAttempts: 3 });
			const error = await gatewayErrorOf(callGateway(ctx, 'testApi', sendCall, policy));
			expect(error.kind).toBe('notSent');
			expect(error.message).toContain('Could not reach TestGateway at api.gateway.test');
			expect(error.message).toContain('ECONNREFUSED');
			expect(requests).toHaveLength(3);
			expect(waits).toEqual([500, 1_000]);
		});

		it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED'] as const)(
			'%s of a send is NOT retried: one request, outcome unknown',
			async (code) => {
				const { ctx, requests } = fakeContext([{ throws: errorFor(code) }, ok()]);
				const { policy, waits } = policyWith({ sends: true });
				const error = await gatewayErrorOf(callGateway(ctx, 'testApi', sendCall, policy));
				expect(error.kind).toBe('unknown');
				expect(error.message).toContain('not known whether the SMS went out');
				expect(requests).toHaveLength(1);
				expect(waits).toEqual([]);
			},
		);

		it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED'] as const)('%s of a read is retried', async (code) => {
			const { ctx, requests } = fakeContext([{ throws: errorFor(code) }, { throws: errorFor(code) }, ok()]);
			const { policy, waits } = policyWith({ sends: false });
			const reply = await callGateway(ctx, 'testApi', readCall, policy);
			expect(reply.statusCode).toBe(200);
			expect(requests).toHaveLength(3);
			expect(waits).toEqual([500, 1_000]);
		});

		it('a read that keeps failing is unknown, saying how many times it tried', async () => {
			const { ctx, requests } = fakeContext([{ throws: errorFor('ECONNRESET') }, { throws: errorFor('ECONNRESET') }]);
			const { policy } = policyWith({ sends: false, maxAttempts: 2 });
			const error = await gatewayErrorOf(callGateway(ctx, 'testApi', readCall, policy));
			expect(error.kind).toBe('unknown');
			expect(error.message).toContain('after 2 attempts, so the answer could not be read');
			expect(requests).toHaveLength(2);
		});
	});

	it('an unexpected error of a send (not a network code) is not retried', async () => {
		const { ctx, requests } = fakeContext([{ throws: new TypeError('Cannot read properties of undefined') }, ok()]);
		const error = await gatewayErrorOf(callGateway(ctx, 'testApi', sendCall, policyWith({ sends: true }).policy));
		expect(error.kind).toBe('unknown');
		expect(requests).toHaveLength(1);
	});
});

describe('callGateway: HTTP 5xx', () => {
	it.each([500, 502, 503, 504])('HTTP %i of a send: one request, outcome unknown, the body as description', async (status) => {
		const { ctx, requests } = fakeContext([{ statusCode: status, body: '<html>\n  <h1>Internal error</h1>\n</html>' }, ok()]);
		const { policy, waits } = policyWith({ sends: true });
		const error = await gatewayErrorOf(callGateway(ctx, 'testApi', sendCall, policy));
		expect(error).toMatchObject({ kind: 'unknown', httpCode: status });
		expect(error.message).toContain(`HTTP ${status}`);
		expect(error.message).toContain('not known whether the SMS went out');
		expect(error.description).toBe('The gateway answered: <html> <h1>Internal error</h1> </html>');
		expect(requests).toHaveLength(1);
		expect(waits).toEqual([]);
	});

	it('a read is retried, honouring Retry-After', async () => {
		const { ctx, requests } = fakeContext([{ statusCode: 503, headers: { 'Retry-After': '3' } }, { statusCode: 502 }, ok()]);
		const { policy, waits } = policyWith({ sends: false });
		const reply = await callGateway(ctx, 'testApi', readCall, policy);
		expect(reply.statusCode).toBe(200);
		expect(requests).toHaveLength(3);
		// 3 s from the header, then the 500 ms * 2^(2-1) fallback for attempt 2.
		expect(waits).toEqual([3_000, 1_000]);
	});

	it('a read that keeps failing is unknown with the last status and no description for an empty body', async () => {
		const { ctx, requests } = fakeContext([{ statusCode: 500 }, { statusCode: 503 }]);
		const error = await gatewayErrorOf(callGateway(ctx, 'testApi', readCall, policyWith({ sends: false, maxAttempts: 2 }).policy));
		expect(error).toMatchObject({ kind: 'unknown', httpCode: 503 });
		expect(error.description).toBeUndefined();
		expect(error.message).toContain('2 attempts');
		expect(requests).toHaveLength(2);
	});
});

describe('parseJsonReply and tryParseJson', () => {
	const reply = (body: string, statusCode = 200): GatewayReply => ({ statusCode, headers: {}, body });

	it('parses a JSON reply', () => {
		expect(parseJsonReply<{ balance: number }>(reply('{"balance":12.5}'), 'TestGateway')).toEqual({ balance: 12.5 });
	});

	function parseErrorOf(body: string, statusCode = 200): GatewayError {
		try {
			parseJsonReply(reply(body, statusCode), 'TestGateway');
		} catch (error) {
			expect(error).toBeInstanceOf(GatewayError);
			return error as GatewayError;
		}
		throw new Error('expected a GatewayError, but nothing was thrown');
	}

	it('fails on HTML with an unknown-kind GatewayError naming the provider, status and the start of the body', () => {
		const error = parseErrorOf('<html><body>Bad Gateway</body></html>', 502);
		expect(error).toMatchObject({ kind: 'unknown', httpCode: 502 });
		expect(error.message).toContain('TestGateway sent a reply that is not valid JSON (HTTP 502)');
		expect(error.description).toBe('The reply began with: <html><body>Bad Gateway</body></html>');
	});

	it('says "(empty)" for an empty body', () => {
		expect(parseErrorOf('').description).toBe('The reply began with: (empty)');
	});

	it('shortens a long non-JSON body in the description to 200 characters', () => {
		expect(parseErrorOf('x'.repeat(1000)).description).toBe(`The reply began with: ${'x'.repeat(200)}… (1000 characters)`);
	});

	it.each([
		['valid', '[1,2]', { ok: true, value: [1, 2] }],
		['invalid', '{oops', { ok: false }],
		['empty', '', { ok: false }],
	])('tryParseJson: %s', (_label, text, expected) => {
		expect(tryParseJson(text)).toEqual(expected);
	});
});

describe('callGateway: the reads of a trigger poll', () => {
	afterEach(() => jest.useRealTimers());

	it('say what could not be read, never that nothing was sent', async () => {
		const cases: Step[][] = [
			Array.from({ length: 4 }, () => ({ statusCode: 503 })),
			Array.from({ length: 4 }, () => ({ statusCode: 429 })),
			Array.from({ length: 4 }, () => ({ throws: clientErrors.ECONNREFUSED() })),
			Array.from({ length: 4 }, () => ({ throws: clientErrors.ECONNRESET() })),
		];
		for (const steps of cases) {
			const { ctx } = fakeContext(steps);
			// room for waits of 500 ms and 1 s, not for the third (2 s)
			setReadBudget(ctx, { reads: 'the balance', deadline: Date.now() + 1_600 });
			const error = await gatewayErrorOf(callGateway(ctx, 'testApi', readCall, policyWith({ sends: false }).policy));
			expect(error.message).toContain('so the balance could not be read');
			expect(error.message).not.toContain('sent');
		}
	});

	it('stop retrying at the poll\'s deadline, so that a poll does not outlive its interval', async () => {
		jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'setImmediate'] });
		const { ctx, requests } = fakeContext(Array.from({ length: 4 }, () => ({ statusCode: 503 })));
		// half of a 3-second interval: room for the first wait (500 ms) and the second (1 s), not the third
		setReadBudget(ctx, { reads: 'the incoming messages', deadline: Date.now() + 1_600 });
		const waits: number[] = [];
		const policy: CallPolicy = {
			provider: 'TestGateway',
			sends: false,
			random: () => 0,
			wait: async (ms) => {
				waits.push(ms);
				jest.setSystemTime(Date.now() + ms);
			},
		};
		const error = await gatewayErrorOf(callGateway(ctx, 'testApi', readCall, policy));
		expect(waits).toEqual([500, 1_000]);
		expect(requests).toHaveLength(3);
		expect(error.message).toContain('did not answer after 3 attempts, so the incoming messages could not be read');
		// without a budget (an action node's read) the same failures are tried 4 times
		const again = fakeContext(Array.from({ length: 4 }, () => ({ statusCode: 503 })));
		await gatewayErrorOf(callGateway(again.ctx, 'testApi', readCall, policy));
		expect(again.requests).toHaveLength(4);
	});

	it('a send is never held to a poll budget', async () => {
		const { ctx, requests } = fakeContext([{ statusCode: 429 }, { statusCode: 429 }, ok()]);
		setReadBudget(ctx, { reads: 'x', deadline: Date.now() - 1 });
		await callGateway(ctx, 'testApi', sendCall, policyWith({ sends: true }).policy);
		expect(requests).toHaveLength(3);
	});
});

describe('bearerToken (the SMSClub and SMSgic credentials)', () => {
	it("adds n8n's generic Bearer header, keeping the request's other headers and leaving it unchanged", async () => {
		const { bearerToken } = await import('../../nodes/shared/bearer');
		const request = { url: 'https://api.example/x', headers: { Accept: 'application/json' } };
		const out = await bearerToken({ accessToken: 'tok-123' }, request);
		expect(out).toEqual({ url: 'https://api.example/x', headers: { Accept: 'application/json', Authorization: 'Bearer tok-123' } });
		expect(request.headers).toEqual({ Accept: 'application/json' });
		// as the generic form's expression renders a missing value: empty
		expect((await bearerToken({}, { url: 'u' })).headers).toEqual({ Authorization: 'Bearer ' });
	});

	it('is the authenticate of both bearer credentials', async () => {
		const { bearerToken } = await import('../../nodes/shared/bearer');
		const { SmsClubApi } = await import('../../credentials/SmsClubApi.credentials');
		const { SmsgicApi } = await import('../../credentials/SmsgicApi.credentials');
		expect(new SmsClubApi().authenticate).toBe(bearerToken);
		expect(new SmsgicApi().authenticate).toBe(bearerToken);
	});
});
