import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type Operation } from '../../shared/router';
import { CREDENTIAL_TYPE, SECRET_FIELDS } from '../transport';
import { getBalance } from './account/getBalance.operation';
import { getRates } from './account/getRates.operation';
import { getServiceStatus } from './account/getServiceStatus.operation';
import { getAll as getAllSenders } from './sender/getAll.operation';
import { getAll as getAllSendings } from './sms/getAll.operation';
import { getCost } from './sms/getCost.operation';
import { getStatus } from './sms/getStatus.operation';
import { send } from './sms/send.operation';
import { sendBulk } from './sms/sendBulk.operation';

/** `resource:operation` → operation; the keys are the public names of docs/contract.md. */
export const operations: Record<string, Operation> = {
	'sms:send': send,
	'sms:sendBulk': sendBulk,
	'sms:getCost': getCost,
	'sms:getStatus': getStatus,
	'sms:getAll': getAllSendings,
	'account:getBalance': getBalance,
	'account:getRates': getRates,
	'account:getServiceStatus': getServiceStatus,
	'sender:getAll': getAllSenders,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return routeOperation.call(this, operations, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS });
}
