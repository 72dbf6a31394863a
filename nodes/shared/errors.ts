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

/**
 * The Base64 runs that appear whenever the secret is encoded inside a longer text (e.g. Basic
 * auth's `user:secret`): one per byte alignment, each covering the secret's whole 3-byte groups.
 */
function base64Cores(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const cores: string[] = [];
	for (let start = 0; start < 3; start++) {
		const length = Math.floor((bytes.length - start) / 3) * 3;
		if (length >= 6) cores.push(bytes.subarray(start, start + length).toString('base64'));
	}
	return cores;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** encodeURIComponent, which throws on a lone surrogate: encoded as URLSearchParams does it (U+FFFD). */
function uriForm(secret: string): string {
	try {
		return encodeURIComponent(secret);
	} catch {
		return encodeURIComponent(secret.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
	}
}

/** Every form in which a gateway may echo a secret back: raw, URL/form/JSON/XML-encoded, Base64. */
export function secretForms(secret: string): string[] {
	const forms = new Set([
		secret,
		uriForm(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
		secret.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]),
		secret.replace(/[&<>"']/g, (c) => (c === "'" ? '&#39;' : XML_ESCAPES[c])),
		Buffer.from(secret).toString('base64'),
		...base64Cores(secret),
	]);
	// Longest first, so that a form containing another is removed whole.
	return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Removes a fixed list of secrets, in every form of `secretForms`, from texts. Built once per list
 * (see `redactorFor`): deriving the forms costs far more than searching for them, and output rows
 * hold thousands of strings that almost never contain a secret.
 */
export interface Redactor {
	/** Replaces every occurrence of each secret, in any of its encoded forms, with `***`. */
	redact(text: string): string;
	/** Redacts secrets from every string inside a JSON-like value (a copy; the input is untouched). */
	redactDeep<T>(value: T): T;
	/**
	 * An output row made for one item: the row itself when it is flat (no object inside it) and
	 * no string in it holds a secret, else `redactDeep(row)`. For rows nothing else refers to.
	 */
	redactRow<T extends object>(row: T): T;
}

/**
 * Above this many pattern characters the one-scan check gives way to `includes` per form: V8
 * refuses to compile very large regular expressions (a PEM key pasted as a secret, say).
 */
const MAX_GATE_PATTERN_LENGTH = 10_000;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

class SecretRedactor implements Redactor {
	/**
	 * Every form, in the order they are replaced: secrets longest first, each secret's forms longest
	 * first, so that a secret or form containing another is removed whole. Replaced one after the
	 * other, as a single pass over an alternation would not be: that takes the leftmost match, so a
	 * short form starting before a longer, overlapping one would win and leave part of the longer.
	 */
	private readonly forms: readonly string[];
	/** Matches any form: one scan tells whether a text needs redacting at all (it rarely does). */
	private readonly gate: RegExp | undefined;

	constructor(readonly secrets: readonly string[]) {
		const forms: string[] = [];
		for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
			// Shorter "secrets" would wipe out ordinary text (an empty one splits between every character).
			if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
			forms.push(...secretForms(secret));
		}
		this.forms = forms;
		const pattern = [...new Set(forms)].map(escapeRegExp).join('|');
		this.gate = forms.length > 0 && pattern.length <= MAX_GATE_PATTERN_LENGTH ? new RegExp(pattern) : undefined;
	}

	redact(text: string): string {
		// A text without any form is left as it is by every replacement below.
		if (this.gate && !this.gate.test(text)) return text;
		const forms = this.forms;
		for (let i = 0; i < forms.length; i++) {
			if (text.includes(forms[i])) text = text.split(forms[i]).join('***');
		}
		return text;
	}

	redactDeep<T>(value: T): T {
		if (typeof value === 'string') return this.redact(value) as T;
		if (Array.isArray(value)) return value.map((v) => this.redactDeep(v)) as T;
		if (value && typeof value === 'object') {
			// for…in rather than Object.entries: no array per object and per key (every output row
			// of a 100,000-recipient send passes here).
			const out: Record<string, unknown> = {};
			const source = value as Record<string, unknown>;
			for (const key in source) if (Object.prototype.hasOwnProperty.call(source, key)) out[key] = this.redactDeep(source[key]);
			return out as T;
		}
		return value;
	}

	redactRow<T extends object>(row: T): T {
		// A send's rows are flat and secret-free: copying each of 100,000 only made garbage.
		const source = row as Record<string, unknown>;
		for (const key in source) {
			if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
			const value = source[key];
			if ((value !== null && typeof value === 'object') || (typeof value === 'string' && this.redact(value) !== value)) return this.redactDeep(row);
		}
		return row;
	}
}

/**
 * Redactors by the array of secrets they were built for, so that `redact(text, secrets)` called
 * for many texts with one array derives the forms once. Weak, so that no secret outlives the
 * caller's array; compared with a copy, because an array can be changed after it was used.
 */
const redactors = new WeakMap<readonly string[], SecretRedactor>();

function sameSecrets(a: readonly string[], b: readonly string[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** The redactor for a list of secrets: built once per array, reused while its content is unchanged. */
export function redactorFor(secrets: readonly string[]): Redactor {
	const cached = redactors.get(secrets);
	if (cached && sameSecrets(cached.secrets, secrets)) return cached;
	const redactor = new SecretRedactor([...secrets]);
	redactors.set(secrets, redactor);
	return redactor;
}

/** Replaces every occurrence of each secret, in any of its encoded forms, with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
	return redactorFor(secrets).redact(text);
}

/** String(value) that never throws (an object whose toString is broken or missing). */
export function toText(value: unknown): string {
	try {
		return String(value);
	} catch {
		try {
			return JSON.stringify(value) ?? '';
		} catch {
			return '[unreadable value]';
		}
	}
}

/** Redacts secrets from every string inside a JSON-like value (a copy; the input is untouched). */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
	return redactorFor(secrets).redactDeep(value);
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
