/**
 * Errors that operations and transports raise as plain classes (no n8n context needed, so they
 * are unit-testable); the item loop (router.ts) turns them into NodeOperationError/NodeApiError
 * with the item index. Secrets are redacted here, once, for every message a user can see.
 */

/** Bad input found before any request was sent. `field` is the parameter a user should fix. */
export class InputError extends Error {
	constructor(
		message: string,
		readonly field?: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}

/**
 * What a failed gateway call means for the user:
 * - `notSent`: the gateway certainly did not act (429 after retries, connection refused, 4xx
 *   refusals); recipients of a send are `rejected`;
 * - `unknown`: the request may have been acted on (timeout, reset or 5xx after the body was sent);
 *   recipients of a send are `unknown` and are never re-sent;
 * - `auth`: the credential was refused.
 */
export type GatewayErrorKind = 'notSent' | 'unknown' | 'auth';

export interface GatewayErrorDetails {
	kind: GatewayErrorKind;
	/** The sentence a user reads: what happened and what to do. */
	message: string;
	/** More context (the gateway's own words, the HTTP status). */
	description?: string;
	httpCode?: number;
	providerCode?: string;
}

export class GatewayError extends Error {
	readonly kind: GatewayErrorKind;
	readonly description?: string;
	readonly httpCode?: number;
	readonly providerCode?: string;

	constructor(details: GatewayErrorDetails) {
		super(details.message);
		this.name = 'GatewayError';
		this.kind = details.kind;
		this.description = details.description;
		this.httpCode = details.httpCode;
		this.providerCode = details.providerCode;
	}
}

const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of each secret (and its URL-encoded and Base64 forms) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
	let result = text;
	// Longest first, so a secret that contains another is removed whole.
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
		if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
		const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
		for (const form of forms) result = result.split(form).join('***');
	}
	return result;
}

/** Redacts secrets from every string inside a JSON-like value (a copy; the input is untouched). */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
	if (typeof value === 'string') return redact(value, secrets) as T;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, v] of Object.entries(value)) out[key] = redactDeep(v, secrets);
		return out as T;
	}
	return value;
}

/** Shortens a gateway reply for an error description, so a huge body cannot flood the UI. */
export function excerpt(text: string, max = 300): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}… (${flat.length} characters)` : flat;
}

/**
 * Awaits a promise and returns its value or its error, so that callers can decide what a failure
 * means outside a catch block (n8n's lint allows only its own error classes to be thrown there).
 */
export async function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
	try {
		return { value: await promise };
	} catch (error) {
		return { error };
	}
}
