import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { splitIntoBatches } from '../../../shared/batching';
import { InputError } from '../../../shared/errors';
import { splitPhoneList } from '../../../shared/phone';
import type { BatchOperation, PairedRow } from '../../../shared/router';
import { MAX_PER_REQUEST, PROVIDER, smsClubRequest } from '../../transport';
import { SMSCLUB_FINAL_STATUSES, type SmsClubStatusInfo } from '../../types';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['getStatus'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Message IDs',
		name: 'messageIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.messageId }}',
		description:
			'The messageId output by a Send operation. Several: separate them with commas, semicolons or new lines, or pass an array. IDs of all input items are looked up together, 100 per request.',
		displayOptions: { show },
	},
];

export const getStatus: BatchOperation<string[]> = {
	description,
	prepare(this: IExecuteFunctions, itemIndex: number) {
		const ids = splitPhoneList(itemParameter(this, 'messageIds', itemIndex));
		if (ids.length === 0) throw new InputError('No message ID given in "messageIds". Use the messageId output by a Send operation.', 'messageIds');
		const bad = ids.find((id) => !/^\d+$/.test(id));
		if (bad) throw new InputError(`"${bad}" in "messageIds" is not an SMSClub message ID (they are numbers, e.g. 106).`, 'messageIds');
		return ids;
	},
	async run(this: IExecuteFunctions, prepared) {
		const wanted = prepared.flatMap(({ itemIndex, value }) => value.map((messageId) => ({ itemIndex, messageId })));
		const uniqueIds = [...new Set(wanted.map((w) => w.messageId))];
		const statuses = new Map<string, string>();
		const missing = new Map<string, string>();
		for (const batch of splitIntoBatches(uniqueIds, MAX_PER_REQUEST)) {
			const reply = await smsClubRequest<SmsClubStatusInfo>(this, '/sms/status', { id_sms: batch }, false);
			for (const [id, status] of Object.entries(reply.info ?? {})) statuses.set(String(id), String(status));
			for (const [id, reason] of Object.entries(reply.add_info ?? {})) missing.set(String(id), String(reason));
		}
		return wanted.map(({ itemIndex, messageId }): PairedRow => {
			const status = statuses.get(messageId);
			if (status !== undefined) {
				return {
					itemIndex,
					json: { provider: PROVIDER, messageId, status, delivered: status === 'DELIVRD', final: SMSCLUB_FINAL_STATUSES.includes(status) },
				};
			}
			return {
				itemIndex,
				json: {
					provider: PROVIDER,
					messageId,
					status: 'NOT_FOUND',
					delivered: false,
					final: false,
					error: `SMSClub has no status for message ${messageId}${missing.has(messageId) ? `: ${missing.get(messageId)}` : ''}.`,
				},
			};
		});
	},
};
