import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { excerpt, GatewayError } from '../shared/errors';
import { requestGateway, type CredentialContext, type Gateway, type GatewayReply } from '../shared/http';
import { readReply } from './replies';
import { buildUnsignedUrl, DEFAULT_BASE_URL } from './signing';
import type { MessangiReply } from './types';

export const PROVIDER = 'messangi';
export const PROVIDER_NAME = 'Messangi';
export const CREDENTIAL_TYPE = 'messangiApi';
/** The public key travels in every URL; only the private key is a secret. */
export const SECRET_FIELDS = ['privateKey'];

export type MessangiContext = CredentialContext;

export interface MessangiCall {
	/** The method path after the base URL, e.g. `tools/sendSMS` or `sendMT`. */
	method: string;
	/** The path parameters after {instanceId}, unencoded (Base64 values already encoded). */
	params: string[];
	httpMethod?: 'GET' | 'POST';
	/** JSON body of a POST. */
	body?: unknown;
	/** True for calls that send or trigger something: never re-sent after an ambiguous failure. */
	sends: boolean;
}

export const BAD_SIGNATURE_MESSAGE =
	'Messangi refused the request signature (BAD_SIGNATURE): the public key or private key is wrong. Copy both keys again from your Messangi account into the credential, and check the Instance ID.';

/** A reply whose `<status>` is not OK, as the sentence a user reads. */
function statusError(reply: Pick<MessangiReply, 'status' | 'description'>, httpCode?: number): GatewayError {
	const said = reply.description ? `Messangi said: ${reply.status}: ${reply.description}` : `Messangi said: ${reply.status}`;
	if (reply.status === 'BAD_SIGNATURE') {
		return new GatewayError({ kind: 'auth', httpCode, providerCode: reply.status, message: BAD_SIGNATURE_MESSAGE, description: said });
	}
	if (reply.status === 'ERROR') {
		return new GatewayError({
			kind: 'notSent',
			httpCode,
			providerCode: reply.status,
			message: `Messangi refused the request: ${reply.description || 'it reported an error without a reason'}. Check the parameters (numbers, sender code, carrier) and try again.`,
			description: said,
		});
	}
	return new GatewayError({
		kind: 'notSent',
		httpCode,
		providerCode: reply.status,
		message: `Messangi did not complete the request (status ${reply.status}${reply.description ? `: ${reply.description}` : ''}).`,
		description: said,
	});
}

/** HTTP 4xx replies: explained from the XML status when there is one, from the HTTP status otherwise. */
function httpError(reply: GatewayReply): GatewayError {
	let parsed: MessangiReply | undefined;
	try {
		parsed = readReply(reply.body, reply.statusCode);
	} catch {
		parsed = undefined;
	}
	if (parsed && parsed.status !== 'OK') return statusError(parsed, reply.statusCode);
	const details = excerpt(reply.body) || '(empty reply)';
	if (reply.statusCode === 404) {
		return new GatewayError({
			kind: 'notSent',
			httpCode: 404,
			message: 'Messangi answered HTTP 404 (not found): the Base URL in the credential is probably wrong. Customers have their own, e.g. https://<customer>.ogangi.com/mmc/rest/api.',
			description: `Messangi said: ${details}`,
		});
	}
	if (reply.statusCode === 401 || reply.statusCode === 403) {
		return new GatewayError({ kind: 'auth', httpCode: reply.statusCode, message: BAD_SIGNATURE_MESSAGE, description: `Messangi said: ${details}` });
	}
	return new GatewayError({
		kind: 'notSent',
		httpCode: reply.statusCode,
		message: `Messangi refused the request (HTTP ${reply.statusCode}).`,
		description: `Messangi said: ${details}`,
	});
}

/** Checks the credential before anything is sent, so a missing key is not mistaken for a network failure. */
function requireCredential(credentials: ICredentialDataDecryptedObject): string {
	const missing = ['instanceId', 'publicKey', 'privateKey'].filter((field) => !String(credentials[field] ?? '').trim());
	if (missing.length > 0) {
		throw new GatewayError({
			kind: 'auth',
			message: `The Messangi credential has no ${missing.join(', ')}. Fill in the Instance ID, Public Key and Private Key from your Messangi account.`,
		});
	}
	return String(credentials.instanceId).trim();
}

/** The unsigned URL of a call; the credential's `authenticate` appends the public key and signature. */
function callUrl(credentials: ICredentialDataDecryptedObject, method: string, params: readonly string[]): string {
	return buildUnsignedUrl(credentials.baseUrl, method, [requireCredential(credentials), ...params]);
}

/** Messangi as the shared gateway path sees it: signed URLs (by the credential), XML replies. */
const MESSANGI: Gateway<MessangiCall, MessangiReply> = {
	provider: PROVIDER,
	name: PROVIDER_NAME,
	credentialType: CREDENTIAL_TYPE,
	defaultBaseUrl: DEFAULT_BASE_URL,
	request(call, credentials) {
		const post = call.httpMethod === 'POST';
		return {
			method: post ? 'POST' : 'GET',
			url: callUrl(credentials, call.method, call.params),
			body: post && call.body !== undefined ? JSON.stringify(call.body) : undefined,
			contentType: post ? 'application/json' : undefined,
			headers: { Accept: 'application/xml, text/xml;q=0.9, */*;q=0.5' },
		};
	},
	refused: (reply) => httpError(reply),
	read(reply) {
		const parsed = readReply(reply.body, reply.statusCode);
		if (parsed.status !== 'OK') throw statusError(parsed, reply.statusCode);
		return parsed;
	},
};

/**
 * The only HTTP caller of Messangi (nodes and credential test). Builds the URL from path
 * parameters (each percent-encoded once), sends it through n8n's authenticated request (the
 * credential signs it), and returns the reply's static part and `result`, or throws GatewayError
 * with a sentence that says what to do.
 */
export async function messangiRequest(ctx: MessangiContext, call: MessangiCall): Promise<MessangiReply> {
	return await requestGateway(MESSANGI, ctx, call);
}
