import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { excerpt, GatewayError } from '../shared/errors';
import { callGateway, credentialsOf, type CredentialContext } from '../shared/http';
import { paceFor } from '../shared/pace';
import { isSuccessCode, msegatError } from './errorCodes';
import { readReply, type ReadReply } from './replies';

export const PROVIDER = 'msegat';
export const PROVIDER_NAME = 'Msegat';
export const CREDENTIAL_TYPE = 'msegatApi';
export const SECRET_FIELDS = ['apiKey'];
export const DEFAULT_BASE_URL = 'https://www.msegat.com/gw';

/**
 * Msegat's document asks for URL-encoded form bodies; public clients send JSON to every endpoint
 * except Credits.php and calculateCost.php (PROVIDER.md). Each call says which it uses.
 */
export type BodyEncoding = 'form' | 'json';
export type Payload = Record<string, unknown>;

export interface MsegatCall {
	/** Path under the base URL, e.g. `/sendsms.php`. */
	path: string;
	/** Everything but the login, which the credential adds (MsegatApi.authenticate). */
	payload: Payload;
	encoding: BodyEncoding;
	/** True for calls that send SMS (or use up an OTP): never re-sent after an ambiguous failure. */
	sends: boolean;
	headers?: Record<string, string>;
	/** Return 4xx replies instead of throwing, for a caller that reads codes sent with an error status. */
	keepErrorStatus?: boolean;
}

export interface MsegatReply extends ReadReply {
	statusCode: number;
	body: string;
}

export type MsegatContext = CredentialContext;

/** The shape both transports (node and credential test) share: POST and return status and text. */
export type RawPost = (path: string, payload: Payload, encoding: BodyEncoding) => Promise<{ statusCode: number; body: string }>;

export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.baseUrl || DEFAULT_BASE_URL)
		.trim()
		.replace(/\/+$/, '');
}

export function encodeBody(payload: Payload, encoding: BodyEncoding): { body: string; contentType: string } {
	if (encoding === 'json') return { body: JSON.stringify(payload), contentType: 'application/json' };
	const form = new URLSearchParams();
	for (const [key, value] of Object.entries(payload)) {
		if (value === undefined || value === null) continue;
		form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
	}
	// Exactly this value (no charset): n8n's request helper recognises a form body by it.
	return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** Explains an HTTP error status; a Msegat code in the body takes precedence over the status. */
export function httpError(statusCode: number, body: string, path: string): GatewayError {
	const read = readReply(body);
	if (read.code && !isSuccessCode(read.code)) return msegatError(read.code, read.message, statusCode);
	const description = body.trim() ? `Msegat answered: ${excerpt(body)}` : undefined;
	if (statusCode === 404) {
		return new GatewayError({
			kind: 'notSent',
			httpCode: 404,
			description,
			message: `Msegat has no ${path} at the configured address (HTTP 404). Check the Base URL in the Msegat credential: normally ${DEFAULT_BASE_URL}.`,
		});
	}
	if (statusCode === 401 || statusCode === 403) {
		return new GatewayError({
			kind: 'auth',
			httpCode: statusCode,
			description,
			message: `Msegat refused access (HTTP ${statusCode}). Check the user name and API key in the Msegat credential, and any IP restriction on your Msegat account.`,
		});
	}
	return new GatewayError({
		kind: 'notSent',
		httpCode: statusCode,
		description,
		message: `Msegat refused the request (HTTP ${statusCode}). Nothing was done; check the values sent and try again.`,
	});
}

/** A reply that is neither success nor a documented error code: say so and show what came back. */
export function unreadableReply(reply: { statusCode: number; body: string }, what: string, sends: boolean): GatewayError {
	return new GatewayError({
		kind: 'unknown',
		httpCode: reply.statusCode,
		message: sends
			? `Msegat's reply to ${what} is neither success nor a known error code, so it is not known whether the SMS went out. It was not sent again, to avoid a duplicate: check your Msegat account before retrying.`
			: `Msegat's reply to ${what} is neither success nor a known error code, so the result could not be read.`,
		description: `The reply (HTTP ${reply.statusCode}) began with: ${excerpt(reply.body, 200) || '(empty)'}`,
	});
}

/**
 * The only HTTP caller of the Msegat nodes: POSTs `payload` to `path` through n8n's
 * `httpRequestWithAuthentication` (the credential adds userName and apiKey to the body) and
 * returns the reply with its code read. HTTP error statuses become a GatewayError here.
 */
export async function msegatRequest(ctx: MsegatContext, call: MsegatCall): Promise<MsegatReply> {
	const credentials = await credentialsOf(ctx, CREDENTIAL_TYPE);
	const { body, contentType } = encodeBody(call.payload, call.encoding);
	const baseUrl = baseUrlOf(credentials);
	const reply = await callGateway(
		ctx,
		CREDENTIAL_TYPE,
		{
			method: 'POST',
			url: `${baseUrl}${call.path}`,
			body,
			contentType,
			headers: { Accept: 'application/json, text/plain, */*', ...(call.headers ?? {}) },
			credentials,
		},
		{ provider: PROVIDER_NAME, sends: call.sends, pace: paceFor(PROVIDER, baseUrl, credentials.requestsPerSecond) },
	);
	if (reply.statusCode >= 400 && !call.keepErrorStatus) throw httpError(reply.statusCode, reply.body, call.path);
	return { statusCode: reply.statusCode, body: reply.body, ...readReply(reply.body) };
}

/** Returns the reply when its code is success; otherwise throws the code's sentence. */
export function requireSuccess(reply: MsegatReply, what: string, sends: boolean): MsegatReply {
	if (isSuccessCode(reply.code)) return reply;
	if (reply.code) throw msegatError(reply.code, reply.message, reply.statusCode);
	throw unreadableReply(reply, what, sends);
}

/** `msegatRequest` as a RawPost, for logic shared with the credential test. */
export function rawPostFor(ctx: MsegatContext): RawPost {
	return async (path, payload, encoding) => {
		const reply = await msegatRequest(ctx, { path, payload, encoding, sends: false });
		return { statusCode: reply.statusCode, body: reply.body };
	};
}
