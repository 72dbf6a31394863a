import { excerpt, GatewayError } from '../shared/errors';
import { requestGateway, type CredentialContext, type Gateway } from '../shared/http';
import { authenticatedBody, type BodyEncoding, type Payload } from './auth';
import { isSuccessCode, msegatError } from './errorCodes';
import { readReply, type ReadReply } from './replies';

export const PROVIDER = 'msegat';
export const PROVIDER_NAME = 'Msegat';
export const CREDENTIAL_TYPE = 'msegatApi';
export const SECRET_FIELDS = ['apiKey'];
export const DEFAULT_BASE_URL = 'https://www.msegat.com/gw';

export interface MsegatCall {
	/** Path under the base URL, e.g. `/sendsms.php`. */
	path: string;
	/** Everything but the login, which the transport adds while encoding (auth.ts). */
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

/** Msegat as the shared gateway path sees it: POSTs with the login in the body, replies read for their code. */
const MSEGAT: Gateway<MsegatCall, MsegatReply> = {
	provider: PROVIDER,
	name: PROVIDER_NAME,
	credentialType: CREDENTIAL_TYPE,
	defaultBaseUrl: DEFAULT_BASE_URL,
	request(call, credentials, baseUrl) {
		const { body, contentType } = authenticatedBody(credentials, call.payload, call.encoding);
		return { method: 'POST', url: `${baseUrl}${call.path}`, body, contentType, headers: { Accept: 'application/json, text/plain, */*', ...(call.headers ?? {}) } };
	},
	refused: (reply, call) => httpError(reply.statusCode, reply.body, call.path),
	read: (reply) => ({ statusCode: reply.statusCode, body: reply.body, ...readReply(reply.body) }),
};

/**
 * The only HTTP caller of Msegat (nodes and credential test): POSTs `payload` to `path` and
 * returns the reply with its code read. HTTP error statuses become a GatewayError here.
 */
export async function msegatRequest(ctx: MsegatContext, call: MsegatCall): Promise<MsegatReply> {
	return await requestGateway(MSEGAT, ctx, call);
}

/** Returns the reply when its code is success; otherwise throws the code's sentence. */
export function requireSuccess(reply: MsegatReply, what: string, sends: boolean): MsegatReply {
	if (isSuccessCode(reply.code)) return reply;
	if (reply.code) throw msegatError(reply.code, reply.message, reply.statusCode);
	throw unreadableReply(reply, what, sends);
}
