import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * Msegat has no auth header: `userName` and `apiKey` travel in the body of every call (PROVIDER.md).
 * The Msegat transport puts them there itself, while it encodes the body, once; the credential's
 * `authenticate` (below) serves everyone else using the credential, such as n8n's HTTP Request
 * node. This file is the one place that knows how; credentials/MsegatApi.credentials.ts imports it.
 */

export type BodyEncoding = 'form' | 'json';
export type Payload = Record<string, unknown>;

const FORM = 'application/x-www-form-urlencoded';

/** The login fields, always in this order and never overridden by a payload of the same names. */
export function loginOf(credentials: ICredentialDataDecryptedObject): { userName: string; apiKey: string } {
	return { userName: String(credentials.userName ?? ''), apiKey: String(credentials.apiKey ?? '') };
}

/**
 * A call's body with the login, encoded once: JSON text, or a URL-encoded form (nested values as
 * JSON text). Msegat's document asks for forms; public clients send JSON to every endpoint except
 * Credits.php and calculateCost.php, so each call says which it uses.
 */
export function authenticatedBody(credentials: ICredentialDataDecryptedObject, payload: Payload, encoding: BodyEncoding): { body: string; contentType: string } {
	const login = loginOf(credentials);
	const fields: Payload = { ...login, ...payload, ...login };
	if (encoding === 'json') return { body: JSON.stringify(fields), contentType: 'application/json' };
	const form = new URLSearchParams();
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null) continue;
		form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
	}
	// Exactly this value (no charset): n8n's request helper recognises a form body by it.
	return { body: form.toString(), contentType: FORM };
}

/**
 * The credential's `authenticate`, for requests built by others (n8n's HTTP Request node): the
 * login joins a JSON body (`body` object) or a form (`form` object, as the HTTP Request node passes
 * "Form Urlencoded"); a request without a body gets a form of the login. A body that is already
 * text was encoded by whoever built it and is sent as it is: the Msegat transport's carries the
 * login already (nothing is parsed back), and a Raw body must carry its own.
 */
export async function authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const login = loginOf(credentials);
	const options = requestOptions as IHttpRequestOptions & { form?: unknown };
	if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) return requestOptions;
	if (options.form && typeof options.form === 'object') {
		return { ...requestOptions, form: { ...login, ...(options.form as IDataObject), ...login } } as IHttpRequestOptions;
	}
	if (options.body && typeof options.body === 'object') {
		return { ...requestOptions, body: { ...login, ...(options.body as IDataObject), ...login } };
	}
	return {
		...requestOptions,
		headers: { ...(requestOptions.headers ?? {}), 'Content-Type': FORM },
		body: new URLSearchParams(login).toString(),
	};
}
