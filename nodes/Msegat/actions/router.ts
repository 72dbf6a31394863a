import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type Operation } from '../../shared/router';
import { CREDENTIAL_TYPE, SECRET_FIELDS } from '../transport';
import { getBalance } from './account/getBalance.operation';
import { send as sendOtp } from './otp/send.operation';
import { verify as verifyOtp } from './otp/verify.operation';
import { getAll as getAllSenders } from './sender/getAll.operation';
import { getCost } from './sms/getCost.operation';
import { getStatus } from './sms/getStatus.operation';
import { send } from './sms/send.operation';
import { sendBulk } from './sms/sendBulk.operation';
import { sendPersonalized } from './sms/sendPersonalized.operation';
import { getAll as getAllTemplates } from './template/getAll.operation';

/** `resource:operation` → operation; the keys are the public names of docs/contract.md. */
export const operations: Record<string, Operation> = {
	'sms:send': send,
	'sms:sendBulk': sendBulk,
	'sms:sendPersonalized': sendPersonalized,
	'sms:getCost': getCost,
	'sms:getStatus': getStatus,
	'account:getBalance': getBalance,
	'sender:getAll': getAllSenders,
	'otp:send': sendOtp,
	'otp:verify': verifyOtp,
	'template:getAll': getAllTemplates,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return routeOperation.call(this, operations, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS });
}
