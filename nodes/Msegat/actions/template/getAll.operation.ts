import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { isSuccessCode, msegatError } from '../../errorCodes';
import { listOf } from '../../replies';
import { msegatRequest, PROVIDER, unreadableReply } from '../../transport';
import type { MsegatTemplateRow } from '../../types';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['template'], operation: ['getAll'] };

export const description: INodeProperties[] = returnAllProperties(show);

/** Codes that mean "there are no templates": an empty list, not an error. */
const NO_TEMPLATES = new Set(['M0041', 'M0092']);

export const getAll: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const returnAll = itemParameter(this, 'returnAll', itemIndex, false) as boolean;
		const reply = await msegatRequest(this, { path: '/GetMessageTemplates.php', payload: {}, encoding: 'json', sends: false });
		if (reply.code && !isSuccessCode(reply.code)) {
			if (NO_TEMPLATES.has(reply.code)) return [];
			throw msegatError(reply.code, reply.message, reply.statusCode);
		}
		const list = listOf(reply.json);
		if (!list) {
			if (reply.code) return [];
			throw unreadableReply(reply, 'the template list request', false);
		}
		const templates = list
			.map((raw) => (raw && typeof raw === 'object' ? (raw as MsegatTemplateRow) : {}))
			.map((row) => ({ provider: PROVIDER, id: row.id ?? null, title: row.title ?? '', body: row.msgBody ?? '' }));
		return returnAll ? templates : templates.slice(0, Number(itemParameter(this, 'limit', itemIndex, 50)));
	},
};
