import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/router';
import { smsgicRequest, unreadableReply } from '../../transport';
import type { SmsgicSendingReply } from '../../types';
import { readSendingId } from '../common';
import { sendingRow } from './sendings';

const show = { resource: ['sms'], operation: ['getStatus'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Sending ID',
		name: 'sendingId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.sendingId }}',
		description: 'The sendingId output by a Send or Send Bulk operation',
		displayOptions: { show },
	},
];

export const getStatus: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const sendingId = readSendingId(this, itemIndex);
		const reply = await smsgicRequest<SmsgicSendingReply>(this, {
			method: 'GET',
			path: `/sendings/${encodeURIComponent(String(sendingId))}`,
			notFound: `SMSgic says the sending ${sendingId} does not exist (HTTP 404). Check the Sending ID: use the sendingId a Send operation output with this same SMSgic account.`,
		});
		if (!reply || typeof reply !== 'object' || !reply.sending || typeof reply.sending !== 'object') throw unreadableReply('"sending"', reply);
		return { ...sendingRow({ id: sendingId, ...reply.sending }) };
	},
};
