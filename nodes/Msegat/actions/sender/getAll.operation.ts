import type { IExecuteFunctions, ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { withRedaction, type ItemOperation } from '../../../shared/router';
import { isSuccessCode, msegatError } from '../../errorCodes';
import { listOf } from '../../replies';
import { CREDENTIAL_TYPE, msegatRequest, PROVIDER, SECRET_FIELDS, unreadableReply, type MsegatContext } from '../../transport';
import type { MsegatSenderRow } from '../../types';
import { FREE_OTP_SENDER } from '../common';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sender'], operation: ['getAll'] };

export const description: INodeProperties[] = returnAllProperties(show);

export interface SenderName {
	sender: string;
	status: string;
}

/** senders.php: `[{"SenderID":"MyShop","Status":"Activated"}]`; M0036 means the account has none. */
export async function listSenders(ctx: MsegatContext): Promise<SenderName[]> {
	const reply = await msegatRequest(ctx, { path: '/senders.php', payload: {}, encoding: 'json', sends: false });
	if (reply.code && !isSuccessCode(reply.code)) {
		if (reply.code === 'M0036') return [];
		throw msegatError(reply.code, reply.message, reply.statusCode);
	}
	const list = listOf(reply.json);
	if (!list) {
		// Success without a list is an empty list; anything else is unreadable.
		if (reply.code) return [];
		throw unreadableReply(reply, 'the sender list request', false);
	}
	return list
		.map((raw) => (raw && typeof raw === 'object' ? (raw as MsegatSenderRow & Record<string, unknown>) : {}))
		.map((row) => ({ sender: String(row.SenderID ?? row.senderId ?? row.sender ?? row.name ?? '').trim(), status: String(row.Status ?? row.status ?? '').trim() }))
		.filter((row) => row.sender.length > 0);
}

export const getAll: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const returnAll = itemParameter(this, 'returnAll', itemIndex, false) as boolean;
		const senders = await listSenders(this);
		const limited = returnAll ? senders : senders.slice(0, Number(itemParameter(this, 'limit', itemIndex, 50)));
		return limited.map(({ sender, status }) => ({ provider: PROVIDER, sender, status }));
	},
};

/** Load-options list for `sender`: activated names first, then the free OTP test sender. */
export async function getSenders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const senders = await withRedaction(this, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS }, () => listSenders(this));
	const options: INodePropertyOptions[] = senders.map(({ sender, status }) => ({
		name: /^activ/i.test(status) || !status ? sender : `${sender} (${status})`,
		value: sender,
	}));
	options.sort((a, b) => Number(!/\(/.test(b.name)) - Number(!/\(/.test(a.name)));
	options.push({ name: `${FREE_OTP_SENDER} (free test sender, one-time codes only)`, value: FREE_OTP_SENDER });
	return options;
}
