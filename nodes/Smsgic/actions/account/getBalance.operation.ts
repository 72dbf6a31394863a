import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BalanceReading } from '../../../shared/lowBalance';
import type { ItemOperation } from '../../../shared/router';
import { PROVIDER, smsgicRequest, toNumber, unreadableReply, type SmsgicContext } from '../../transport';
import type { SmsgicBalanceReply } from '../../types';

export const description: INodeProperties[] = [];

export interface SmsgicBalance extends BalanceReading {
	sign?: string;
}

/** GET /balance; also used by the low-balance trigger. The balance comes as text ("450.000"). */
export async function readBalance(ctx: SmsgicContext): Promise<SmsgicBalance> {
	const reply = await smsgicRequest<SmsgicBalanceReply>(ctx, { method: 'GET', path: '/balance' });
	const balance = reply && typeof reply === 'object' ? toNumber(reply.balance) : undefined;
	if (balance === undefined) throw unreadableReply('readable "balance"', reply);
	return { balance, currency: reply.code, sign: reply.sign };
}

export const getBalance: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions) {
		const { balance, currency, sign } = await readBalance(this);
		return { provider: PROVIDER, balance, currency: currency ?? '', currencySign: sign ?? '' };
	},
};
