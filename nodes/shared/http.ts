import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { RateLimiter } from './batching';
import { excerpt, GatewayError, redact, settle } from './errors';
import { paceFor, withJitter, type GatewayPace } from './pace';

/** The part of any n8n function context (execute, poll, load options) that sends requests. */
export interface RequestContext {
	helpers: {
		httpRequestWithAuthentication(
			this: unknown,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
			additionalCredentialOptions?: IAdditionalCredentialOptions,
		): Promise<unknown>;
	};
}

/** A context that can also read the node's credential (every node, trigger and load-options context). */
export type CredentialContext = RequestContext & {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
};

const credentialsByContext = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

/**
 * The credential's data, read once per execution context. n8n reads and decrypts a credential
 * from its database on every `getCredentials`, and `httpRequestWithAuthentication` does it again
 * unless it is handed the data (`callGateway` does that): without this, a bulk send of one
 * request per recipient paid two database reads per SMS (measured in BENCHMARKS.md).
 */
export function credentialsOf(ctx: CredentialContext, type: string): Promise<ICredentialDataDecryptedObject> {
	let byType = credentialsByContext.get(ctx);
	if (!byType) credentialsByContext.set(ctx, (byType = new Map()));
	let data = byType.get(type);
	if (!data) {
		data = ctx.getCredentials(type);
		byType.set(type, data);
		// A failed read (e.g. a credential being fixed) is not remembered.
		data.catch(() => byType.delete(type));
	}
	return data;
}

/**
 * What a poll is reading and until when its reads may retry (set by `runTriggerPoll` for the
 * duration of one poll). A read that would retry past the deadline fails instead: the next poll
 * comes soon, and a poll that outlives its interval only delays the next one.
 */
export interface ReadBudget {
	/** "the balance", "the incoming messages": named in the error a user reads. */
	reads: string;
	/** Epoch ms after which no read is retried. */
	deadline: number;
}

const readBudgets = new WeakMap<object, ReadBudget>();

export function setReadBudget(ctx: object, budget: ReadBudget | undefined): void {
	if (budget) readBudgets.set(ctx, budget);
	else readBudgets.delete(ctx);
}

export interface GatewayCall {
	method: IHttpRequestMethods;
	url: string;
	/** Already encoded (JSON text, form text); the transport chooses the encoding. */
	body?: string;
	contentType?: string;
	headers?: Record<string, string>;
	qs?: IDataObject;
	timeoutMs?: number;
	/** The credential's data when the transport has read it (`credentialsOf`), so n8n does not read it again. */
	credentials?: ICredentialDataDecryptedObject;
}

export interface GatewayReply {
	statusCode: number;
	headers: Record<string, string | undefined>;
	body: string;
}

export interface CallPolicy {
	/** Provider's display name, for messages. */
	provider: string;
	/**
	 * True for calls that send SMS or change something: they are retried only when the gateway
	 * certainly did not act (429, connection refused, DNS), never after an ambiguous failure.
	 */
	sends: boolean;
	/** Attempts after failures other than 429 (outages: connection refused, a read's 5xx). */
	maxAttempts?: number;
	/** Longest single wait honoured from a Retry-After header. */
	maxRetryAfterMs?: number;
	/**
	 * How long a request keeps waiting and retrying while the gateway answers 429. A 429 proves
	 * the request was not processed, so retrying it is always safe; the bound is time, not a
	 * count, so that a campaign does not fail while the gateway only asks it to slow down.
	 */
	rateLimitPatienceMs?: number;
	/** The process's pace for this gateway (`paceFor`): spacing, adaptive rate, shared pause. */
	pace?: GatewayPace;
	/** An endpoint's own published limit on top of the pace (SMSgic's calculate: 3000 a minute). */
	rateLimiter?: RateLimiter;
	/** Test seam: how waits happen without a pace (n8n's `sleep` by default). */
	wait?: (ms: number) => Promise<void>;
	/** Test seam: the jitter's random source. */
	random?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_ATTEMPTS = 4;
const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;
/** How long one request waits out 429s (`rateLimitPatienceMs`). Mutable only as a test seam. */
export const RATE_LIMIT = { patienceMs: 5 * 60_000 };

/** Network failures that happen before a request reaches the gateway. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export type NetworkFailure = { sent: false; code: string } | { sent: 'maybe'; code: string };

/**
 * Decides from a thrown request error whether the request can have reached the gateway.
 * n8n wraps the HTTP client's error (often twice), so the codes are searched along `cause`.
 */
export function classifyNetworkError(error: unknown): NetworkFailure {
	const codes: string[] = [];
	const texts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
		const candidate = current as { code?: unknown; httpCode?: unknown; cause?: unknown; message?: unknown; messages?: unknown };
		if (typeof candidate.code === 'string') codes.push(candidate.code);
		// NodeApiError keeps some client codes (socket hang up, timeouts) only in `httpCode`.
		if (typeof candidate.httpCode === 'string' && /^E[A-Z_]{3,}$/.test(candidate.httpCode)) codes.push(candidate.httpCode);
		if (typeof candidate.message === 'string') texts.push(candidate.message);
		// NodeApiError keeps the client's own messages (`connect ECONNREFUSED ...`) in `messages`.
		if (Array.isArray(candidate.messages)) texts.push(...candidate.messages.filter((m): m is string => typeof m === 'string'));
		current = candidate.cause;
	}
	for (const text of texts) {
		for (const found of text.matchAll(/\b(E[A-Z_]{3,})\b/g)) codes.push(found[1]);
		if (/refused the connection/i.test(text)) codes.push('ECONNREFUSED');
	}
	const notSent = codes.find((code) => NOT_SENT_CODES.has(code));
	if (notSent) return { sent: false, code: notSent };
	return { sent: 'maybe', code: codes.find((code) => code.startsWith('E')) ?? 'unknown error' };
}

/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date), capped. */
export function retryAfterMs(header: string | undefined, attempt: number, capMs: number, now = Date.now()): number {
	const fallback = Math.min(capMs, 500 * 2 ** (attempt - 1));
	if (!header) return fallback;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.min(capMs, Math.max(0, seconds * 1000));
	const date = Date.parse(header);
	if (Number.isFinite(date)) return Math.min(capMs, Math.max(0, date - now));
	return fallback;
}

function lowerCaseHeaders(headers: unknown): Record<string, string | undefined> {
	const out: Record<string, string | undefined> = {};
	if (headers && typeof headers === 'object') {
		for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
			out[key.toLowerCase()] = value === undefined || value === null ? undefined : String(value);
		}
	}
	return out;
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/**
 * The one HTTP path of every provider transport: n8n's `httpRequestWithAuthentication` (so
 * credentials, proxies and n8n's logging behave), replies as text whatever their status, and the
 * retry policy. HTTP error statuses other than 429 and 5xx are returned for the provider to
 * explain in its own words.
 */
export async function callGateway(
	ctx: RequestContext,
	credentialType: string,
	call: GatewayCall,
	policy: CallPolicy,
): Promise<GatewayReply> {
	const maxAttempts = policy.maxAttempts ?? DEFAULT_ATTEMPTS;
	const cap = policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
	const wait = policy.wait ?? sleep;
	const random = policy.random ?? Math.random;
	const pace = policy.pace;
	const patience = policy.rateLimitPatienceMs ?? RATE_LIMIT.patienceMs;
	const budget = policy.sends ? undefined : readBudgets.get(ctx);
	// What a failed read could not do, in the user's words; a failed send says nothing was sent.
	const unread = `so ${budget?.reads ?? 'the answer'} could not be read`;
	const headers: Record<string, string> = { ...(call.headers ?? {}) };
	if (call.body !== undefined && call.contentType) headers['Content-Type'] = call.contentType;
	const attempts = (attempt: number) => `${attempt} attempt${attempt === 1 ? '' : 's'}`;
	/** 429 answers so far, and when the first came (the patience counts from there). */
	let limited = 0;
	let limitedSince = 0;

	for (let attempt = 1; ; attempt++) {
		/** Waits `ms` and returns true when another attempt is allowed after an outage (count and poll budget). */
		const retryAfter = async (ms: number): Promise<boolean> => {
			if (attempt - limited >= maxAttempts) return false;
			ms = withJitter(ms, random);
			if (budget && Date.now() + ms >= budget.deadline) return false;
			await wait(ms);
			return true;
		};
		await policy.rateLimiter?.acquire();
		const startedAt = pace ? await pace.acquire() : Date.now();
		let raw: { statusCode: number; headers: unknown; body: unknown } | undefined;
		let failure: NetworkFailure | undefined;
		try {
			raw = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
				method: call.method,
				url: call.url,
				qs: call.qs,
				headers: { ...headers },
				body: call.body,
				encoding: 'text',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: call.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			}, call.credentials ? { credentialsDecrypted: { id: '', name: credentialType, type: credentialType, data: call.credentials } } : undefined)) as typeof raw;
		} catch (error) {
			failure = classifyNetworkError(error);
		}
		if (failure || !raw) {
			const code = failure?.code ?? 'no reply';
			const certainlyNotSent = failure?.sent === false;
			if ((certainlyNotSent || !policy.sends) && (await retryAfter(retryAfterMs(undefined, attempt - limited, cap)))) continue;
			if (certainlyNotSent) {
				throw new GatewayError({
					kind: 'notSent',
					message: `Could not reach ${policy.provider} at ${hostOf(call.url)} (${code}), ${policy.sends ? 'so nothing was sent' : unread}. Check the Base URL in the credential and the network, then try again.`,
				});
			}
			throw new GatewayError({
				kind: 'unknown',
				message: policy.sends
					? `The connection to ${policy.provider} failed after the request was sent (${code}), so it is not known whether the SMS went out. It was not sent again, to avoid a duplicate: check its delivery status before retrying.`
					: `The connection to ${policy.provider} failed (${code}) after ${attempts(attempt)}, ${unread}. Try again later.`,
			});
		}

		const reply: GatewayReply = {
			statusCode: raw.statusCode,
			headers: lowerCaseHeaders(raw.headers),
			body: typeof raw.body === 'string' ? raw.body : raw.body === undefined || raw.body === null ? '' : JSON.stringify(raw.body),
		};
		if (reply.statusCode === 429) {
			limited++;
			const now = Date.now();
			if (limited === 1) limitedSince = now;
			const ms = withJitter(retryAfterMs(reply.headers['retry-after'], limited, cap, now), random);
			// Every 429 slows the process down and pauses its other requests to this gateway; the
			// pause is then waited in the next `pace.acquire()`.
			pace?.rateLimited(startedAt, ms);
			const inTime = now + ms - limitedSince < patience && !(budget && now + ms >= budget.deadline);
			if (inTime) {
				if (!pace) await wait(ms);
				continue;
			}
			const waited = `${Math.round((now - limitedSince) / 1000)} s of waiting (${attempts(attempt)})`;
			throw new GatewayError({
				kind: 'notSent',
				httpCode: 429,
				message: policy.sends
					? `${policy.provider} is limiting the request rate (HTTP 429) and still refused after ${waited}, so nothing was sent. Run again later, send fewer messages at once, or lower Requests per Second in the credential.`
					: `${policy.provider} is limiting the request rate (HTTP 429) and still refused after ${waited}, ${unread}. Wait a minute and try again.`,
			});
		}
		pace?.succeeded(startedAt);
		if (reply.statusCode >= 500) {
			if (!policy.sends && (await retryAfter(retryAfterMs(reply.headers['retry-after'], attempt - limited, cap)))) continue;
			throw new GatewayError({
				kind: 'unknown',
				httpCode: reply.statusCode,
				description: reply.body ? `The gateway answered: ${excerpt(reply.body)}` : undefined,
				message: policy.sends
					? `${policy.provider} answered HTTP ${reply.statusCode} (a server error) after receiving the request, so it is not known whether the SMS went out. It was not sent again, to avoid a duplicate: check its delivery status before retrying.`
					: `${policy.provider} is having trouble (HTTP ${reply.statusCode}) and did not answer after ${attempts(attempt)}, ${unread}. Try again later.`,
			});
		}
		return reply;
	}
}

/** JSON.parse that reports failure as a value instead of throwing. */
export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

/** Parses a JSON reply, with a clear error when the gateway sent something else. */
export function parseJsonReply<T = unknown>(reply: GatewayReply, provider: string): T {
	const parsed = tryParseJson(reply.body);
	if (parsed.ok) return parsed.value as T;
	throw new GatewayError({
		kind: 'unknown',
		httpCode: reply.statusCode,
		message: `${provider} sent a reply that is not valid JSON (HTTP ${reply.statusCode}), so the result could not be read.`,
		description: `The reply began with: ${excerpt(reply.body, 200) || '(empty)'}`,
	});
}

/** What every call of a gateway says about itself. */
export interface GatewayCallBase {
	/** True for calls that send SMS or change something: never re-sent after an ambiguous failure. */
	sends: boolean;
	/** Hand 4xx replies to `read` instead of `refused`, for a caller that reads codes sent with an error status. */
	keepErrorStatus?: boolean;
}

/**
 * A provider's gateway as its transport.ts fills it in: its names, where it lives, how one call
 * becomes a request, how a refused reply is explained and how a reply is read into the provider's
 * own typed shape. `requestGateway` does the rest once for all four: the credential read once per
 * execution, the base URL, the process's pace, the retry policy of `callGateway`, and the choice
 * between `refused` and `read`. Credential tests go through the same path (`credentialTestContext`).
 */
export interface Gateway<Call extends GatewayCallBase, Reply> {
	/** Key of the process's pace for this gateway (`paceFor`). */
	provider: string;
	/** The provider's display name, in every message. */
	name: string;
	credentialType: string;
	/** Used when the credential's Base URL is empty. */
	defaultBaseUrl: string;
	/** The gateway's published request rate, used when the credential sets none. */
	requestsPerSecond?: number;
	/** The HTTP request of one call: URL (under `baseUrl`), encoded body, headers. */
	request(call: Call, credentials: ICredentialDataDecryptedObject, baseUrl: string): Omit<GatewayCall, 'credentials'>;
	/** An endpoint's own published limit on top of the pace (SMSgic's calculate). */
	limiter?(call: Call, baseUrl: string): RateLimiter | undefined;
	/** A refused reply (HTTP 4xx other than 429) as the sentence a user reads. */
	refused(reply: GatewayReply, call: Call): GatewayError;
	/** A reply read into the provider's shape; throws GatewayError when it cannot be read. */
	read(reply: GatewayReply, call: Call): Reply;
}

/** The credential's Base URL without trailing slashes, or the gateway's own. */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject, fallback: string): string {
	const configured = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	return (configured || fallback).replace(/\/+$/, '');
}

/** One call to a gateway, from the call's description to the provider's typed reply. */
export async function requestGateway<Call extends GatewayCallBase, Reply>(gateway: Gateway<Call, Reply>, ctx: CredentialContext, call: Call): Promise<Reply> {
	const credentials = await credentialsOf(ctx, gateway.credentialType);
	const baseUrl = baseUrlOf(credentials, gateway.defaultBaseUrl);
	const reply = await callGateway(
		ctx,
		gateway.credentialType,
		{ ...gateway.request(call, credentials, baseUrl), credentials },
		{
			provider: gateway.name,
			sends: call.sends,
			pace: paceFor(gateway.provider, baseUrl, credentials.requestsPerSecond, gateway.requestsPerSecond),
			rateLimiter: gateway.limiter?.(call, baseUrl),
		},
	);
	if (reply.statusCode >= 400 && !call.keepErrorStatus) throw gateway.refused(reply, call);
	return gateway.read(reply, call);
}

/** How long a credential test may keep retrying a failed read: a person is waiting for its answer. */
export const CREDENTIAL_TEST_BUDGET_MS = 2_000;

type CredentialTestHelpers = Pick<ICredentialTestFunctions['helpers'], 'request'>;

/**
 * The context a credential test runs its gateway reads in. n8n gives a credential test function
 * only its legacy `request` helper and applies no credential to it; this context answers
 * `httpRequestWithAuthentication` with that helper, after the credential's own `authenticate`
 * (Messangi's signature; none where the transport carries the login itself), and reads the
 * credential being tested. So a credential test reads through `requestGateway`, with the
 * messages, reply reading and (briefly, `CREDENTIAL_TEST_BUDGET_MS`) retries of the nodes.
 */
export function credentialTestContext(
	helpers: CredentialTestHelpers,
	credentials: ICredentialDataDecryptedObject,
	reads: string,
	authenticate?: (credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions) => Promise<IHttpRequestOptions>,
): CredentialContext {
	const ctx: CredentialContext = {
		getCredentials: async () => credentials,
		helpers: {
			async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
				const signed = authenticate ? await authenticate(credentials, options) : options;
				const reply = (await helpers.request({
					method: signed.method,
					uri: signed.url,
					qs: signed.qs,
					body: signed.body,
					headers: signed.headers,
					json: false,
					resolveWithFullResponse: true,
					simple: false,
					timeout: signed.timeout,
				})) as { statusCode: number; headers: unknown; body: unknown };
				return { statusCode: reply.statusCode, headers: reply.headers, body: reply.body };
			},
		},
	};
	setReadBudget(ctx, { reads, deadline: Date.now() + CREDENTIAL_TEST_BUDGET_MS });
	return ctx;
}

/** A credential test's verdict from what its read did: OK with `ok(value)`, or the error's sentence, secrets removed. */
export async function credentialTestResult<T>(
	work: Promise<T>,
	secrets: readonly unknown[],
	ok: (value: T) => string,
): Promise<INodeCredentialTestResult> {
	const outcome = await settle(work);
	const hidden = secrets.filter((value): value is string => typeof value === 'string' && value !== '');
	if ('value' in outcome) return { status: 'OK', message: ok(outcome.value) };
	const error = outcome.error;
	return { status: 'Error', message: redact(error instanceof Error ? error.message : String(error), hidden) };
}
