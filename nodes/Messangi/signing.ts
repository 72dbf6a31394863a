import { createHmac } from 'crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * Messangi's request signature (PROVIDER.md, from the provider's call example): HMAC-SHA256 keyed
 * with the private key's UTF-8 bytes over the path parameters from {instanceId} up to (not
 * including) {publicKey}, joined with `/`, as lowercase hex. The URL then ends
 * `/<publicKey>/<signature>`. The private key never leaves n8n.
 *
 * Everything here is pure so it can be checked against fixed vectors.
 */

export const DEFAULT_BASE_URL = 'https://www.messangi.com/messangi_mmc/rest/api';

/** The text the signature covers: the path parameters joined with `/`. */
export function buildStringToSign(params: readonly string[]): string {
	return params.join('/');
}

/**
 * HMAC-SHA256 of the string to sign, keyed with the private key's UTF-8 bytes, lowercase hex. The
 * key is handed over as text (Node encodes it as UTF-8): the same bytes as a Buffer, but Node
 * makes a key object from a Buffer on every call, ~9 µs of each signed request (Node 24).
 */
export function computeSignature(stringToSign: string, privateKey: string): string {
	return createHmac('sha256', privateKey).update(stringToSign, 'utf8').digest('hex');
}

/** Lone UTF-16 surrogates cannot be percent-encoded; they become U+FFFD as UTF-8 would make them. */
function wellFormed(value: string): string {
	return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * Percent-encodes one path parameter so that the gateway reads exactly `value`: Base64 text
 * carries `/`, `+` and `=`, which would otherwise split the path or change meaning.
 */
export function encodePathSegment(value: string): string {
	return encodeURIComponent(wellFormed(value));
}

/**
 * THE one place that decides how a path parameter enters the string to sign. The document does
 * not say whether the signature covers the parameter as the gateway reads it or as it travels
 * percent-encoded; PROVIDER.md settles on the former: the Base64 text itself, before
 * percent-encoding. Should Messangi turn out to sign the encoded form, return
 * `encodePathSegment(value)` here and nothing else changes.
 */
export function signedFormOf(value: string): string {
	return wellFormed(value);
}

/** The signature of a call whose path parameters (from {instanceId} on) are `params`, unencoded. */
export function signPathParams(params: readonly string[], privateKey: string): string {
	return computeSignature(buildStringToSign(params.map(signedFormOf)), privateKey);
}

export function normalizeBaseUrl(baseUrl: unknown): string {
	const text = typeof baseUrl === 'string' && baseUrl.trim() ? baseUrl.trim() : DEFAULT_BASE_URL;
	return text.replace(/\/+$/, '');
}

/** `<base>/<method>/<instanceId>/<params…>`, each parameter percent-encoded; not yet signed. */
export function buildUnsignedUrl(baseUrl: unknown, method: string, params: readonly string[]): string {
	return [normalizeBaseUrl(baseUrl), method, ...params.map(encodePathSegment)].join('/');
}

export class SigningError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SigningError';
	}
}

function splitSuffix(url: string): { path: string; suffix: string } {
	const cut = url.search(/[?#]/);
	return cut < 0 ? { path: url, suffix: '' } : { path: url.slice(0, cut), suffix: url.slice(cut) };
}

function pathnameOf(url: string): string | undefined {
	try {
		return new URL(url).pathname;
	} catch {
		return undefined;
	}
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * Appends `/<publicKey>/<signature>` to an unsigned Messangi URL. The signed parameters are the
 * path segments from the instance id on (the first segment after the base URL's own path that
 * equals the credential's instance id), read back to the values the gateway will see.
 */
export function signUrl(url: string, credentials: ICredentialDataDecryptedObject): string {
	const instanceId = String(credentials.instanceId ?? '').trim();
	const publicKey = String(credentials.publicKey ?? '').trim();
	const privateKey = String(credentials.privateKey ?? '');
	if (!instanceId || !publicKey || !privateKey) {
		throw new SigningError('The Messangi credential needs an Instance ID, a Public Key and a Private Key to sign requests. Fill in all three.');
	}
	const { path, suffix } = splitSuffix(url);
	const pathname = pathnameOf(path);
	if (pathname === undefined) {
		throw new SigningError(`"${path}" is not a full URL, so the Messangi request cannot be signed. Check the Base URL in the credential.`);
	}
	const basePath = (pathnameOf(normalizeBaseUrl(credentials.baseUrl)) ?? '').replace(/\/+$/, '');
	const relative = basePath && pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length + 1) : pathname.replace(/^\/+/, '');
	const segments = relative.split('/').filter((segment) => segment.length > 0);
	// The method (e.g. tools/sendSMS) comes first, so the instance id is never the first segment.
	const start = segments.findIndex((segment, index) => index > 0 && decodeSegment(segment) === instanceId);
	if (start < 0) {
		throw new SigningError(
			`The Messangi request URL does not contain the instance ID ${instanceId} after the method, so it cannot be signed. Messangi URLs look like <base>/<method>/<instanceId>/<parameters>.`,
		);
	}
	const params = segments.slice(start).map(decodeSegment);
	const signature = signPathParams(params, privateKey);
	return `${path.replace(/\/+$/, '')}/${encodePathSegment(publicKey)}/${signature}${suffix}`;
}

/**
 * The credential's `authenticate`: every Messangi request (node operations, the trigger, the
 * credential test, and the HTTP Request node using this credential) is signed here.
 */
export async function signRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	// n8n's legacy request helper (used by some nodes, e.g. HTTP Request) names the URL `uri`.
	const legacy = requestOptions as IHttpRequestOptions & { uri?: unknown };
	if (!requestOptions.url && typeof legacy.uri === 'string') {
		return { ...requestOptions, uri: signUrl(legacy.uri, credentials) } as IHttpRequestOptions;
	}
	const relative = requestOptions.url ?? '';
	const full = /^https?:\/\//i.test(relative) || !requestOptions.baseURL ? relative : `${requestOptions.baseURL.replace(/\/+$/, '')}/${relative.replace(/^\/+/, '')}`;
	const signed: IHttpRequestOptions = { ...requestOptions, url: signUrl(full, credentials) };
	delete signed.baseURL;
	return signed;
}
