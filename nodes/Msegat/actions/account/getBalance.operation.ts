import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BalanceReading } from '../../../shared/lowBalance';
import type { ItemOperation } from '../../../shared/router';
import { isLoginProblem, msegatError } from '../../errorCodes';
import { readBalance as readBalanceReply } from '../../replies';
import { msegatRequest, PROVIDER, unreadableReply, type MsegatContext } from '../../transport';

export const description: INodeProperties[] = [];

/**
 * Reads the balance (for the node, the trigger and the credential test). Credits.php answers a
 * bare number, so a bare 1010 or 1020 is either an error code or a balance of exactly that many
 * points: a second, JSON-answering read-only call tells which.
 */
export async function fetchBalance(ctx: MsegatContext): Promise<number> {
	const reply = await msegatRequest(ctx, { path: '/Credits.php', payload: { msgEncoding: 'UTF8' }, encoding: 'form', sends: false });
	const read = readBalanceReply(reply.body);
	if (read.kind === 'balance') return read.balance;
	if (read.kind === 'code') throw msegatError(read.code, read.message, reply.statusCode);
	if (read.kind === 'unreadable') throw unreadableReply(reply, 'the balance request', false);

	const check = await msegatRequest(ctx, { path: '/GetMessageTemplates.php', payload: {}, encoding: 'json', sends: false, keepErrorStatus: true });
	const checkCode = check.statusCode < 400 ? check.code : undefined;
	// Only a login problem confirmed by the second call makes the number an error code.
	if (checkCode !== undefined && isLoginProblem(checkCode)) throw msegatError(checkCode, check.message, check.statusCode);
	if (checkCode === undefined) throw msegatError(read.code, undefined, reply.statusCode);
	return read.balance;
}

/** Also used by the low-balance trigger. */
export async function readBalance(ctx: MsegatContext): Promise<BalanceReading> {
	return { balance: await fetchBalance(ctx) };
}

export const getBalance: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions) {
		const { balance } = await readBalance(this);
		return { provider: PROVIDER, balance };
	},
};
