import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { credentialTestContext, credentialTestResult } from '../shared/http';
import { signRequest } from './signing';
import { messangiRequest, SECRET_FIELDS } from './transport';

/**
 * The credential test: a signed, harmless read (the first incoming message, a page of one),
 * through the same transport as the nodes, signed by the credential's own `authenticate`
 * (signRequest). A declarative test cannot judge it: Messangi says BAD_SIGNATURE inside an XML
 * body, which n8n's test rules cannot look into.
 */
export async function messangiApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const ctx = credentialTestContext(this.helpers, data, 'the incoming messages', signRequest);
	return await credentialTestResult(
		messangiRequest(ctx, { method: 'tools/getMOMessages', params: ['1', '1', 'null'], sends: false }),
		SECRET_FIELDS.map((field) => data[field]),
		() => 'Connection successful: Messangi accepted the signed request.',
	);
}
