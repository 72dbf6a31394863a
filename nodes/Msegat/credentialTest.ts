import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { credentialTestContext, credentialTestResult } from '../shared/http';
import { fetchBalance } from './actions/account/getBalance.operation';
import { SECRET_FIELDS } from './transport';

/**
 * The credential test: the balance call, judged by its body (Credits.php answers HTTP 200 with a
 * bare error code for a wrong login), through the same transport as the nodes; the transport puts
 * the login in the body itself.
 */
export async function msegatApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const ctx = credentialTestContext(this.helpers, data, 'the balance');
	return await credentialTestResult(
		fetchBalance(ctx),
		SECRET_FIELDS.map((field) => data[field]),
		(balance) => `Connection successful: the Msegat balance is ${balance} points.`,
	);
}
