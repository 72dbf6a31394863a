import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { GatewayError, redact, settle } from '../shared/errors';
import { DEFAULT_TIMEOUT_MS } from '../shared/http';
import { signRequest } from './signing';
import { callUrl, readReply, statusError } from './transport';

interface TestReply {
	statusCode: number;
	body: unknown;
}

function failure(error: unknown, secrets: string[]): INodeCredentialTestResult {
	const message = error instanceof Error ? error.message : String(error);
	return { status: 'Error', message: redact(message, secrets) };
}

/**
 * The credential test: a signed, harmless read (the first incoming message, a page of one). A
 * declarative test cannot judge it: Messangi says BAD_SIGNATURE inside an XML body, which
 * n8n's test rules cannot look into.
 */
export async function messangiApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const secrets = [String(data.privateKey ?? '')];
	const signed = await settle(
		(async () => signRequest(data, { url: callUrl(data, 'tools/getMOMessages', ['1', '1', 'null']), method: 'GET' }))(),
	);
	if ('error' in signed) return failure(signed.error, secrets);

	// A credential test context offers n8n's `request` helper only (no httpRequest there); the
	// request is signed above with the same function as the credential's `authenticate`.
	const { request } = this.helpers;
	const sent = await settle(
		request({
			uri: signed.value.url,
			method: 'GET',
			headers: { Accept: 'application/xml, text/xml;q=0.9, */*;q=0.5' },
			simple: false,
			resolveWithFullResponse: true,
			timeout: DEFAULT_TIMEOUT_MS,
		}) as Promise<TestReply>,
	);
	if ('error' in sent) {
		const code = (sent.error as { code?: unknown; cause?: { code?: unknown } })?.cause?.code ?? (sent.error as { code?: unknown })?.code;
		return failure(
			`Could not reach Messangi (${typeof code === 'string' ? code : 'no reply'}). Check the Base URL: customers have their own, e.g. https://<customer>.ogangi.com/mmc/rest/api.`,
			secrets,
		);
	}
	const { statusCode } = sent.value;
	const body = typeof sent.value.body === 'string' ? sent.value.body : sent.value.body === undefined ? '' : JSON.stringify(sent.value.body);
	const read = await settle((async () => readReply(body, statusCode))());
	if ('error' in read) {
		const error = read.error;
		if (statusCode === 404) return failure('Messangi answered HTTP 404 (not found): the Base URL is probably wrong.', secrets);
		return failure(error instanceof GatewayError ? error.message : error, secrets);
	}
	if (read.value.status !== 'OK') return failure(statusError(read.value, statusCode), secrets);
	if (statusCode >= 400) return failure(`Messangi answered HTTP ${statusCode}.`, secrets);
	return { status: 'OK', message: 'Connection successful: Messangi accepted the signed request.' };
}
