import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type Operation } from '../../shared/router';
import { CREDENTIAL_TYPE, SECRET_FIELDS } from '../transport';
import { getBalance } from './account/getBalance.operation';
import { getAll as getAllSenders } from './sender/getAll.operation';
import { getStatus } from './sms/getStatus.operation';
import { send } from './sms/send.operation';
import { sendBulk } from './sms/sendBulk.operation';
import { sendPersonalized } from './sms/sendPersonalized.operation';

/** `resource:operation` → operation; the keys are the public names of docs/contract.md. */
export const operations: Record<string, Operation> = {
	'sms:send': send,
	'sms:sendBulk': sendBulk,
	'sms:sendPersonalized': sendPersonalized,
	'sms:getStatus': getStatus,
	'account:getBalance': getBalance,
	'sender:getAll': getAllSenders,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return routeOperation.call(this, operations, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS });
}
