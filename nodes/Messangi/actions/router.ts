import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type Operation } from '../../shared/router';
import { CREDENTIAL_TYPE, SECRET_FIELDS } from '../transport';
import { fire } from './incomingMessage/fire.operation';
import { getAll as getAllIncoming } from './incomingMessage/getAll.operation';
import { send as sendOtp } from './otp/send.operation';
import { send } from './sms/send.operation';
import { sendBulk } from './sms/sendBulk.operation';
import { sendMt } from './sms/sendMt.operation';

/** `resource:operation` → operation; the keys are the public names of docs/contract.md. */
export const operations: Record<string, Operation> = {
	'sms:send': send,
	'sms:sendMt': sendMt,
	'sms:sendBulk': sendBulk,
	'otp:send': sendOtp,
	'incomingMessage:getAll': getAllIncoming,
	'incomingMessage:fire': fire,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return routeOperation.call(this, operations, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS });
}
