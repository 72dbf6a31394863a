import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { RateLimiter } from '../shared/batching';
import { excerpt, GatewayError } from '../shared/errors';
import { baseUrlOf as gatewayBaseUrl, credentialsOf, requestGateway, type CredentialContext, type Gateway } from '../shared/http';
import { parseLenientJson } from './json';
import type { SmsgicErrorReply } from './types';

export const PROVIDER = 'smsgic';
export const PROVIDER_NAME = 'SMSgic';
export const CREDENTIAL_TYPE = 'smsgicApi';
export const SECRET_FIELDS = ['accessToken'];
export const DEFAULT_BASE_URL = 'https://api.smsgic.com';
/**
 * The zone `scheduled_at` is read in. SMSgic does not publish it; its timestamps end in `Z`
 * (UTC), so UTC it is. One constant, so that it can change in one place.
 */
export const GATEWAY_TIME_ZONE = 'UTC';
/**
 * POST /sendings/calculate "supports 3000 requests per minute". The window is a second longer
 * than a minute because the gateway counts arrivals and network jitter can bring starts closer.
 * Mutable only as a test seam (a test shrinks it to see the limiter at work quickly).
 */
export const CALCULATE_LIMIT = { perWindow: 3000, windowMs: 61_000 };

// One limiter per gateway URL for the whole n8n process, so parallel executions share the budget.
const calculateLimiters = new Map<string, RateLimiter>();

function calculateLimiterFor(baseUrl: string): RateLimiter {
	let limiter = calculateLimiters.get(baseUrl);
	if (!limiter) {
		limiter = new RateLimiter(CALCULATE_LIMIT.perWindow, CALCULATE_LIMIT.windowMs);
		calculateLimiters.set(baseUrl, limiter);
	}
	return limiter;
}

export type SmsgicContext = CredentialContext;

export interface SmsgicCall {
	method: IHttpRequestMethods;
	/** Path under the base URL, e.g. `/sendings/calculate`. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** True for calls that create a sending: never re-sent after an ambiguous failure. */
	sends?: boolean;
	/** The endpoint's own published rate limit, if any. */
	rateLimit?: 'calculate';
	/** What a 404 from SMSgic itself means for this call (e.g. "the sending does not exist"). */
	notFound?: string;
}

/** Names of SMSgic's request fields as the node's parameters show them. */
const FIELD_LABELS: Record<string, string> = {
	message: 'Message',
	recipients: 'To',
	sender: 'Sender',
	scheduled_at: 'Schedule At',
	mcc: 'MCC',
	mnc: 'MNC',
	country: 'Country',
	country_id: 'Country ID',
};

function joinAsList(parts: string[]): string {
	if (parts.length <= 1) return parts.join('');
	return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The field an error is about. Laravel keys list entries as `recipients.3`; the document's samples
 * for POST /sendings file every complaint under `message` while the text names the real field in
 * backticks ("Please send `sender` post parameter..."), so a known field named in the text wins.
 */
function fieldOf(key: string, text: string, requestBody?: IDataObject): string {
	const named = /`([a-z_]+)`/.exec(text)?.[1];
	const [base, index] = key.split('.');
	const field = named && named in FIELD_LABELS ? named : base;
	const label = FIELD_LABELS[field] ?? field;
	if (field === base && index !== undefined && /^\d+$/.test(index)) {
		const list = requestBody?.[base];
		const value = Array.isArray(list) ? list[Number(index)] : undefined;
		return value !== undefined ? `${label} (${String(value)})` : `${label} (entry ${Number(index) + 1})`;
	}
	return label;
}

/** Laravel's `errors` map as one list of "Field ("what is wrong")", each field once. */
export function describeFieldErrors(errors: SmsgicErrorReply['errors'], requestBody?: IDataObject): string {
	const byField = new Map<string, string[]>();
	for (const [key, value] of Object.entries(errors ?? {})) {
		for (const raw of Array.isArray(value) ? value : [value]) {
			const text = String(raw).trim().replace(/\.+$/, '');
			if (!text) continue;
			const field = fieldOf(key, text, requestBody);
			const texts = byField.get(field) ?? [];
			if (!texts.includes(text)) texts.push(text);
			byField.set(field, texts);
		}
	}
	return joinAsList([...byField].map(([field, texts]) => `${field} ("${texts.join('; ')}")`));
}

/** SMSgic's own sentence, ready to end ours (no doubled final period). */
function reasonOf(reply: SmsgicErrorReply | undefined, body: string): string {
	const reason = typeof reply?.message === 'string' && reply.message.trim() ? reply.message.trim() : excerpt(body) || 'no reason given';
	return reason.replace(/\.+$/, '');
}

function readErrorReply(body: string): SmsgicErrorReply | undefined {
	const parsed = parseLenientJson(body);
	return parsed.ok && parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value)
		? (parsed.value as SmsgicErrorReply)
		: undefined;
}

/** Turns a refused reply (4xx other than 429) into a sentence that says what to do. */
export function smsgicError(statusCode: number, body: string, call?: Pick<SmsgicCall, 'method' | 'path' | 'notFound' | 'body'>): GatewayError {
	const reply = readErrorReply(body);
	const said = reply?.message ? `SMSgic said: ${reply.message}` : body ? `SMSgic answered: ${excerpt(body)}` : undefined;
	if (statusCode === 401) {
		return new GatewayError({
			kind: 'auth',
			httpCode: 401,
			message:
				'SMSgic says the access token was rejected (HTTP 401). Create a new access token in the SMSgic dashboard and paste it into the SMSgic API credential.',
			description: said,
		});
	}
	if (statusCode === 422) {
		const fields = describeFieldErrors(reply?.errors, call?.body);
		return new GatewayError({
			kind: 'notSent',
			httpCode: 422,
			message: fields
				? `SMSgic refused the request (HTTP 422) because of ${fields}; correct ${fields.includes(' and ') ? 'them' : 'it'} and run again.`
				: `SMSgic refused the request (HTTP 422): ${reasonOf(reply, body)}.`,
			description: said,
		});
	}
	if (statusCode === 404) {
		// SMSgic's own 404 is JSON with a message; anything else means the URL is not SMSgic's API.
		if (call?.notFound && reply?.message) {
			return new GatewayError({ kind: 'notSent', httpCode: 404, message: call.notFound, description: said });
		}
		return new GatewayError({
			kind: 'notSent',
			httpCode: 404,
			message: `SMSgic answered HTTP 404 (not found) for ${call ? `${call.method} ${call.path}` : 'the request'}. Check the Base URL in the credential (normally ${DEFAULT_BASE_URL}).`,
			description: said,
		});
	}
	return new GatewayError({
		kind: 'notSent',
		httpCode: statusCode,
		message: `SMSgic refused the request (HTTP ${statusCode}): ${reasonOf(reply, body)}.`,
		description: said,
	});
}

export async function baseUrlOf(ctx: SmsgicContext): Promise<string> {
	return gatewayBaseUrl(await credentialsOf(ctx, CREDENTIAL_TYPE), DEFAULT_BASE_URL);
}

/**
 * SMSgic as the shared gateway path sees it: JSON both ways, bearer token applied by the
 * credential. `Accept: application/json` matters: without it a Laravel API answers a refused
 * token with a redirect to its login page instead of the JSON 401.
 */
const SMSGIC: Gateway<SmsgicCall & { sends: boolean }, unknown> = {
	provider: PROVIDER,
	name: PROVIDER_NAME,
	credentialType: CREDENTIAL_TYPE,
	defaultBaseUrl: DEFAULT_BASE_URL,
	request: (call, _credentials, baseUrl) => ({
		method: call.method,
		url: `${baseUrl}${call.path}`,
		qs: call.qs,
		body: call.body === undefined ? undefined : JSON.stringify(call.body),
		contentType: 'application/json',
		headers: { Accept: 'application/json' },
	}),
	limiter: (call, baseUrl) => (call.rateLimit === 'calculate' ? calculateLimiterFor(baseUrl) : undefined),
	refused: (reply, call) => smsgicError(reply.statusCode, reply.body, call),
	read(reply, call) {
		const parsed = parseLenientJson(reply.body);
		if (parsed.ok) return parsed.value;
		throw new GatewayError({
			kind: 'unknown',
			httpCode: reply.statusCode,
			message: call.sends
				? `SMSgic sent a reply that is not valid JSON (HTTP ${reply.statusCode}), so it is not known whether the SMS went out. It was not sent again, to avoid a duplicate: check the sendings list before retrying.`
				: `SMSgic sent a reply that is not valid JSON (HTTP ${reply.statusCode}), so the result could not be read. Try again; if it keeps happening, check the Base URL in the credential.`,
			description: `The reply began with: ${excerpt(reply.body, 200) || '(empty)'}`,
		});
	},
};

/** The only HTTP caller of the SMSgic nodes; `T` is the reply shape the caller reads. */
export async function smsgicRequest<T>(ctx: SmsgicContext, call: SmsgicCall): Promise<T> {
	return (await requestGateway(SMSGIC, ctx, { ...call, sends: call.sends === true })) as T;
}

/** A reply that parsed but lacks what the operation needs. */
export function unreadableReply(what: string, value: unknown, sends = false): GatewayError {
	return new GatewayError({
		kind: 'unknown',
		message: sends
			? `SMSgic's reply has no ${what}, so it is not known whether the SMS went out. It was not sent again, to avoid a duplicate: check the sendings list before retrying.`
			: `SMSgic's reply has no ${what}, so the result could not be read.`,
		description: `The reply began with: ${excerpt(JSON.stringify(value) ?? '', 200)}`,
	});
}

/** SMSgic sends amounts both as numbers and as strings ("450.000"). */
export function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '') {
		const n = Number(value);
		return Number.isFinite(n) ? n : undefined;
	}
	return undefined;
}

/** Sending ids are integers; keep them numbers when they are, text otherwise. */
export function toId(value: unknown): number | string | undefined {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '') return /^\d+$/.test(value.trim()) && value.trim().length < 16 ? Number(value.trim()) : value.trim();
	return undefined;
}
