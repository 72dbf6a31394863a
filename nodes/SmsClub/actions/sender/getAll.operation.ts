import type { IExecuteFunctions, ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { withRedaction, type ItemOperation } from '../../../shared/router';
import { CREDENTIAL_TYPE, PROVIDER, SECRET_FIELDS, smsClubRequest } from '../../transport';

export const description: INodeProperties[] = [];

export async function listSenders(ctx: Pick<IExecuteFunctions, 'getCredentials' | 'helpers'>): Promise<string[]> {
	const reply = await smsClubRequest<unknown>(ctx, '/sms/originator', undefined, false);
	return Array.isArray(reply.info) ? reply.info.map(String) : [];
}

export const getAll: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions) {
		return (await listSenders(this)).map((sender) => ({ provider: PROVIDER, sender }));
	},
};

/** Load-options list for the `sender` field. */
export async function getSenders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return withRedaction(this, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS }, async () =>
		(await listSenders(this as unknown as IExecuteFunctions)).map((sender) => ({ name: sender, value: sender })),
	);
}
