import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BalanceReading } from '../../../shared/lowBalance';
import { GatewayError } from '../../../shared/errors';
import type { RequestContext } from '../../../shared/http';
import type { ItemOperation } from '../../../shared/router';
import { PROVIDER, smsClubRequest } from '../../transport';
import type { SmsClubBalanceInfo } from '../../types';

export const description: INodeProperties[] = [];

/** Also used by the low-balance trigger. */
export async function readBalance(ctx: RequestContext & Pick<IExecuteFunctions, 'getCredentials'>): Promise<BalanceReading> {
	const reply = await smsClubRequest<SmsClubBalanceInfo | SmsClubBalanceInfo[]>(ctx, '/sms/balance', undefined, false);
	// The document shows `info` as a list; the gateway sends an object. Accept both.
	const info = Array.isArray(reply.info) ? reply.info[0] : reply.info;
	const balance = Number(info?.money);
	if (!info || !Number.isFinite(balance)) {
		throw new GatewayError({ kind: 'unknown', message: 'SMSClub answered the balance request without a readable balance.', description: JSON.stringify(reply).slice(0, 200) });
	}
	return { balance, currency: info.currency };
}

export const getBalance: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions) {
		const { balance, currency } = await readBalance(this);
		return { provider: PROVIDER, balance, currency: currency ?? '' };
	},
};
