import { excerpt, GatewayError } from '../shared/errors';
import { parseJsonReply, requestGateway, type CredentialContext, type Gateway } from '../shared/http';
import type { SmsClubEnvelope } from './types';

export const PROVIDER = 'smsClub';
export const PROVIDER_NAME = 'SMSClub';
export const CREDENTIAL_TYPE = 'smsClubApi';
export const SECRET_FIELDS = ['accessToken'];
/** Numbers (or ids) one request may carry. */
export const MAX_PER_REQUEST = 100;
/** SMSClub's documented limit is 9 requests a second (the credential's default). */
export const REQUESTS_PER_SECOND = 9;

type SmsClubContext = CredentialContext;

function describeAddInfo(addInfo: Record<string, string> | undefined): string {
	if (!addInfo) return '';
	return Object.entries(addInfo)
		.map(([key, reason]) => `${key}: ${reason}`)
		.join('; ');
}

/** Turns a refused reply (4xx) into a sentence that says what to do. */
export function smsClubError(statusCode: number, body: string): GatewayError {
	let envelope: SmsClubEnvelope | undefined;
	try {
		envelope = JSON.parse(body) as SmsClubEnvelope;
	} catch {
		envelope = undefined;
	}
	const addInfo = envelope?.success_request?.add_info;
	const details = describeAddInfo(addInfo) || excerpt(body) || '(empty reply)';
	if (statusCode === 401) {
		return new GatewayError({
			kind: 'auth',
			httpCode: 401,
			message: 'SMSClub rejected the access token (HTTP 401). Copy the token again from your SMSClub profile into the credential.',
			description: `SMSClub said: ${details}`,
		});
	}
	if (statusCode === 453) {
		return new GatewayError({
			kind: 'notSent',
			httpCode: 453,
			message: 'SMSClub refused a duplicate: the same text went to this number less than 2 minutes ago. Wait 2 minutes or change the text.',
			description: `SMSClub said: ${details}`,
		});
	}
	if (addInfo && addInfo.src_addr) {
		return new GatewayError({
			kind: 'notSent',
			httpCode: statusCode,
			message: `SMSClub refused the sender name: ${addInfo.src_addr}. Pick an active alpha name from the Sender list (or your SMSClub account).`,
			description: `SMSClub said: ${details}`,
		});
	}
	return new GatewayError({
		kind: 'notSent',
		httpCode: statusCode,
		message: `SMSClub refused the request (HTTP ${statusCode}): ${details}`,
	});
}

interface SmsClubCall {
	/** Path under the base URL, e.g. `/sms/send`. */
	path: string;
	body: object | undefined;
	sends: boolean;
}

/** SMSClub as the shared gateway path sees it: JSON POSTs, bearer token, replies in `success_request`. */
const SMS_CLUB: Gateway<SmsClubCall, NonNullable<SmsClubEnvelope['success_request']>> = {
	provider: PROVIDER,
	name: PROVIDER_NAME,
	credentialType: CREDENTIAL_TYPE,
	defaultBaseUrl: 'https://im.smsclub.mobi',
	requestsPerSecond: REQUESTS_PER_SECOND,
	request: (call, _credentials, baseUrl) => ({
		method: 'POST',
		url: `${baseUrl}${call.path}`,
		body: call.body === undefined ? undefined : JSON.stringify(call.body),
		contentType: 'application/json',
		headers: { Accept: 'application/json' },
	}),
	refused: (reply) => smsClubError(reply.statusCode, reply.body),
	read(reply) {
		const envelope = parseJsonReply<SmsClubEnvelope>(reply, PROVIDER_NAME);
		if (!envelope || typeof envelope !== 'object' || !envelope.success_request) {
			throw new GatewayError({
				kind: 'unknown',
				message: `SMSClub's reply has no "success_request", so the result could not be read.`,
				description: `The reply began with: ${excerpt(reply.body, 200)}`,
			});
		}
		return envelope.success_request;
	},
};

/**
 * The only HTTP caller of the SMSClub node: POSTs JSON to `path` and returns the parsed
 * `success_request`. `sends` marks calls that send SMS (never re-sent after an ambiguous failure).
 */
export async function smsClubRequest<I>(
	ctx: SmsClubContext,
	path: string,
	body: object | undefined,
	sends: boolean,
): Promise<NonNullable<SmsClubEnvelope<I>['success_request']>> {
	return (await requestGateway(SMS_CLUB, ctx, { path, body, sends })) as NonNullable<SmsClubEnvelope<I>['success_request']>;
}
