import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BalanceReading } from '../../../shared/lowBalance';
import type { ItemOperation } from '../../../shared/router';
import { isLoginProblem, msegatError } from '../../errorCodes';
import { readBalance as readBalanceReply, readReply } from '../../replies';
import { httpError, PROVIDER, rawPostFor, unreadableReply, type MsegatContext, type RawPost } from '../../transport';

export const description: INodeProperties[] = [];

/**
 * Reads the balance through any transport (the nodes' or the credential test's). Credits.php
 * answers a bare number, so a bare 1010 or 1020 is either an error code or a balance of exactly
 * that many points: a second, JSON-answering read-only call tells which.
 */
export async function fetchBalance(post: RawPost): Promise<number> {
	const reply = await post('/Credits.php', { msgEncoding: 'UTF8' }, 'form');
	if (reply.statusCode >= 400) throw httpError(reply.statusCode, reply.body, '/Credits.php');
	const read = readBalanceReply(reply.body);
	if (read.kind === 'balance') return read.balance;
	if (read.kind === 'code') throw msegatError(read.code, read.message, reply.statusCode);
	if (read.kind === 'unreadable') throw unreadableReply(reply, 'the balance request', false);

	const check = await post('/GetMessageTemplates.php', {}, 'json');
	const checkCode = check.statusCode < 400 ? readReply(check.body).code : undefined;
	// Only a login problem confirmed by the second call makes the number an error code.
	if (checkCode !== undefined && isLoginProblem(checkCode)) throw msegatError(checkCode, readReply(check.body).message, check.statusCode);
	if (checkCode === undefined) throw msegatError(read.code, undefined, reply.statusCode);
	return read.balance;
}

/** Also used by the low-balance trigger. */
export async function readBalance(ctx: MsegatContext): Promise<BalanceReading> {
	return { balance: await fetchBalance(rawPostFor(ctx)) };
}

export const getBalance: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions) {
		const { balance } = await readBalance(this);
		return { provider: PROVIDER, balance };
	},
};
