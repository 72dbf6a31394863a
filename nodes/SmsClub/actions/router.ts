import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { operationMap, resourceProperties } from '../../shared/resources';
import { routeOperation } from '../../shared/router';
import { CREDENTIAL_TYPE, SECRET_FIELDS } from '../transport';
import { account } from './account';
import { sender } from './sender';
import { sms } from './sms';

/** The node's resources, in the order of their Operation fields (each declared in ./<resource>/index.ts). */
export const resources = { sms, account, sender };

/** `resource:operation` → operation; the keys are the public names of docs/contract.md. */
export const operations = operationMap(resources);

/** The node's Resource and Operation fields and every operation's own fields. */
export const properties = resourceProperties(resources, 'sms');

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return routeOperation.call(this, operations, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS });
}
