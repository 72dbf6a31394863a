import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsProperty, returnAllProperties } from '../../../shared/descriptions';
import { InputError } from '../../../shared/errors';
import { normalizePhone } from '../../../shared/phone';
import type { ItemOperation } from '../../../shared/router';
import { isSuccessCode, msegatError } from '../../errorCodes';
import { listOf } from '../../replies';
import { msegatRequest, PROVIDER, unreadableReply } from '../../transport';
import { readRecipients } from '../common';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['getStatus'] };

/** Rows asked for per getMessages.php page. */
export const PAGE_SIZE = 100;
/** A guard against a gateway that ignores `pageNumber` and repeats a page forever. */
const MAX_PAGES = 1000;

export const description: INodeProperties[] = [
	{
		displayName: 'Bulk ID',
		name: 'bulkId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.bulkId }}',
		description: 'The bulkId output by a Send operation',
		displayOptions: { show },
	},
	...returnAllProperties(show),
	optionsProperty(show, [
		{
			displayName: 'Numbers',
			name: 'numbers',
			type: 'string',
			default: '',
			description: 'Only the rows of these recipient numbers (separated by commas)',
		},
	]),
];

function firstText(row: Record<string, unknown>, keys: string[]): string | undefined {
	for (const key of keys) {
		const value = row[key];
		if ((typeof value === 'string' && value.trim()) || typeof value === 'number') return String(value).trim();
	}
	return undefined;
}

/** The row shape is not published: the usual field names are looked up, and the row is kept whole. */
export function statusRow(bulkId: string, raw: unknown): IDataObject {
	const row = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { value: raw };
	const to = firstText(row, ['number', 'mobile', 'numbers', 'phone', 'to', 'recipient', 'Number', 'Mobile']);
	const status = firstText(row, ['status', 'Status', 'dlr', 'DLR', 'state', 'msgStatus', 'deliveryStatus']);
	const messageId = firstText(row, ['msgId', 'messageId', 'msg_id', 'id', 'ID']);
	const out: IDataObject = { provider: PROVIDER, bulkId, to: to ? normalizePhone(to) : null, status: status ?? null };
	if (messageId !== undefined) out.messageId = messageId;
	out.details = row as IDataObject;
	return out;
}

export const getStatus: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const bulkId = String(itemParameter(this, 'bulkId', itemIndex, '') ?? '').trim();
		if (!bulkId) throw new InputError('No bulk ID given. Use the bulkId output by a Send operation, e.g. {{ $json.bulkId }}.', 'bulkId');
		if (!/^[\w.-]{1,64}$/.test(bulkId)) throw new InputError(`"${bulkId}" in "bulkId" is not a Msegat bulk ID (use the bulkId a Send operation output).`, 'bulkId');
		const returnAll = itemParameter(this, 'returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : Number(itemParameter(this, 'limit', itemIndex, 50));
		const numbersFilter = String(itemParameter(this, 'options.numbers', itemIndex, '') ?? '').trim();
		const numbers = numbersFilter ? readRecipients(this, itemIndex, { field: 'options.numbers' }).join(',') : undefined;
		const pageSize = Math.min(PAGE_SIZE, limit);

		const rows: unknown[] = [];
		let previousPage = '';
		for (let pageNumber = 1; pageNumber <= MAX_PAGES && rows.length < limit; pageNumber++) {
			const reply = await msegatRequest(this, {
				path: '/getMessages.php',
				payload: { reqBulkId: bulkId, pageNumber, limit: pageSize, ...(numbers ? { numbers } : {}) },
				encoding: 'json',
				sends: false,
			});
			const page = listOf(reply.json);
			if (!page) {
				if (reply.code && !isSuccessCode(reply.code)) throw msegatError(reply.code, reply.message, reply.statusCode);
				// Success without a list is an empty result; anything else is unreadable.
				if (reply.code) break;
				throw unreadableReply(reply, 'the status request', false);
			}
			const signature = JSON.stringify(page);
			if (page.length === 0 || signature === previousPage) break;
			previousPage = signature;
			rows.push(...page);
			if (page.length < pageSize) break;
		}
		return rows.slice(0, limit).map((row) => statusRow(bulkId, row));
	},
};
