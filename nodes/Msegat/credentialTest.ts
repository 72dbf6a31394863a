import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { addCredentialsToBody } from '../../credentials/MsegatApi.credentials';
import { GatewayError, redact, settle } from '../shared/errors';
import { classifyNetworkError } from '../shared/http';
import { fetchBalance } from './actions/account/getBalance.operation';
import { baseUrlOf, encodeBody, SECRET_FIELDS, type RawPost } from './transport';

const TEST_TIMEOUT_MS = 20_000;

type RequestHelper = Pick<ICredentialTestFunctions['helpers'], 'request'>;

/**
 * The credential test: the balance call, judged by its body (Credits.php answers HTTP 200 with a
 * bare error code for a wrong login). n8n gives a credential test only the `request` helper and
 * applies no credential to it, so the login is added by the credential's own `authenticate`.
 * The helpers are passed in, so the test can run against a sandbox.
 */
export async function testMsegatCredentials(helpers: RequestHelper, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const secrets = SECRET_FIELDS.map((field) => data[field]).filter((value): value is string => typeof value === 'string');
	const baseUrl = baseUrlOf(data);
	const post: RawPost = async (path, payload, encoding) => {
		const { body, contentType } = encodeBody(payload, encoding);
		const request = await addCredentialsToBody(data, { method: 'POST', url: `${baseUrl}${path}`, body, headers: { 'Content-Type': contentType } });
		const reply = (await helpers.request({
			method: 'POST',
			uri: request.url,
			body: request.body,
			headers: request.headers,
			json: false,
			resolveWithFullResponse: true,
			simple: false,
			timeout: TEST_TIMEOUT_MS,
		})) as { statusCode: number; body: unknown };
		const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined || reply.body === null ? '' : JSON.stringify(reply.body);
		return { statusCode: reply.statusCode, body: text };
	};
	const outcome = await settle(fetchBalance(post));
	if ('value' in outcome) {
		return { status: 'OK', message: `Connection successful: the Msegat balance is ${outcome.value} points.` };
	}
	const error = outcome.error;
	if (error instanceof GatewayError) return { status: 'Error', message: redact(error.message, secrets) };
	const { code } = classifyNetworkError(error);
	const detail = error instanceof Error ? error.message : String(error);
	return { status: 'Error', message: redact(`Could not reach Msegat at ${baseUrl} (${code}): ${detail}. Check the Base URL and the network.`, secrets) };
}

export async function msegatApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return await testMsegatCredentials(this.helpers, credential.data ?? {});
}
