import type { IExecuteFunctions, ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { withRedaction, type ItemOperation } from '../../../shared/router';
import { CREDENTIAL_TYPE, PROVIDER, SECRET_FIELDS, smsgicRequest, toId, unreadableReply, type SmsgicContext } from '../../transport';
import type { SmsgicSender, SmsgicSendersReply } from '../../types';

export const description: INodeProperties[] = [];

export async function listSenders(ctx: SmsgicContext): Promise<SmsgicSender[]> {
	const reply = await smsgicRequest<SmsgicSendersReply>(ctx, { method: 'GET', path: '/senders' });
	if (!reply || typeof reply !== 'object' || !Array.isArray(reply.senders)) throw unreadableReply('"senders" list', reply);
	return reply.senders.filter((s) => s && typeof s === 'object' && typeof s.sender === 'string');
}

export const getAll: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions) {
		return (await listSenders(this)).map((s) => ({ provider: PROVIDER, id: toId(s.id) ?? null, sender: s.sender }));
	},
};

/** Load-options list for the `sender` field. */
export async function getSenders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return withRedaction(this, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS }, async () =>
		(await listSenders(this)).map((s) => ({ name: s.sender, value: s.sender })),
	);
}
