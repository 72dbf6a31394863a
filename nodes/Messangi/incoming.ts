import { createHash } from 'crypto';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { filtersProperty } from '../shared/descriptions';
import { InputError } from '../shared/errors';
import { normalizePhone, splitPhoneList } from '../shared/phone';
import { readMoPageReply, type MoPage } from './replies';
import { messangiRequest, type MessangiContext } from './transport';
import type { IncomingMessage } from './types';

/** Incoming (MO) messages: the search string, one page of tools/getMOMessages, and identities. */

export interface IncomingFilters {
	from?: string[];
	to?: string[];
	keyword?: string;
	carrier?: string[];
}

export type Order = 'asc' | 'desc';

/** choice: the document publishes no maximum for resultsPerPage; 100 keeps replies small. */
export const PAGE_SIZE = 100;

export function incomingFiltersProperty(show: NonNullable<INodeProperties['displayOptions']>['show']): INodeProperties {
	return filtersProperty(show, [
		{
			displayName: 'Carrier',
			name: 'carrier',
			type: 'string',
			default: '',
			placeholder: 'movistar',
			description: 'Only messages that came through this carrier. Several: separate them with commas.',
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'string',
			default: '',
			placeholder: '58123456789',
			description: 'Only messages sent from this number. Several: separate them with commas.',
		},
		{
			displayName: 'Keyword',
			name: 'keyword',
			type: 'string',
			default: '',
			placeholder: '^OGANGI.*',
			description: 'Only messages matching this keyword, a Java regular expression (e.g. ^STOP.* for texts starting with STOP)',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			default: '',
			placeholder: '19893143924',
			description: 'Only messages sent to this short or long code. Several: separate them with commas.',
		},
	]);
}

function numberList(value: unknown, field: string): string[] | undefined {
	const entries = splitPhoneList(value);
	if (entries.length === 0) return undefined;
	return entries.map((entry) => {
		const digits = normalizePhone(entry);
		if (!/^\d{3,15}$/.test(digits)) {
			throw new InputError(`"${entry}" in "${field}" is not a number or short code: use digits only, e.g. 58123456789.`, field);
		}
		return digits;
	});
}

function textList(value: unknown): string[] | undefined {
	const entries = String(value ?? '')
		.split(/[,;\n]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);
	return entries.length ? entries : undefined;
}

/** Reads the `filters` collection (action node and trigger alike). */
export function readFilters(raw: unknown): IncomingFilters {
	const filters = (raw && typeof raw === 'object' ? raw : {}) as IDataObject;
	const keyword = String(filters.keyword ?? '').trim();
	return {
		from: numberList(filters.from, 'filters.from'),
		to: numberList(filters.to, 'filters.to'),
		keyword: keyword || undefined,
		carrier: textList(filters.carrier),
	};
}

/**
 * The MO inline search string (PROVIDER.md): `name=value` pairs joined with `&`, several values of
 * one filter separated by commas, each value URL-encoded, e.g.
 * `from=13056708084&order=desc&to=19893143924&keyword=%5EOGANGI.*&carrier=movistar`.
 * The keyword is one regular expression, so a comma inside it is encoded rather than splitting
 * it. With nothing to filter the segment is the literal `null`.
 */
export function buildSearchString(filters: IncomingFilters, order?: Order): string {
	const pairs: string[] = [];
	const list = (values: string[] | undefined) => (values ?? []).map(encodeURIComponent).join(',');
	if (filters.from?.length) pairs.push(`from=${list(filters.from)}`);
	if (order) pairs.push(`order=${order}`);
	if (filters.to?.length) pairs.push(`to=${list(filters.to)}`);
	if (filters.keyword) pairs.push(`keyword=${encodeURIComponent(filters.keyword)}`);
	if (filters.carrier?.length) pairs.push(`carrier=${list(filters.carrier)}`);
	return pairs.length ? pairs.join('&') : 'null';
}

/** One page of tools/getMOMessages (pages count from 1), read by replies.ts. */
export async function readMoPage(ctx: MessangiContext, page: number, size: number, search: string): Promise<MoPage> {
	const reply = await messangiRequest(ctx, {
		method: 'tools/getMOMessages',
		params: [String(page), String(size), search],
		sends: false,
	});
	return readMoPageReply(reply);
}

/**
 * Orders sendDate values: `2014-10-13 10:30:51.922` (the sample) or
 * `yyyy-MM-dd'T'HH:mm:ss.SSSZZ` (the documented pattern). A date without an offset is read as
 * UTC wall time; that is only used for ordering dates of one gateway, which share a zone.
 * Anything else is NaN and never ends a scan.
 */
export function sendDateKey(sendDate: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(sendDate.trim());
	if (!m) return NaN;
	const [, y, mo, d, h, mi, s, fraction = '0', offset] = m;
	const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
	const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
	if (!offset || offset.toUpperCase() === 'Z') return wall;
	const digits = offset.replace(/[^\d]/g, '');
	const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
	return wall - (offset.startsWith('-') ? -1 : 1) * minutes * 60_000;
}

/**
 * MOs carry no id: a message is who sent what to whom at which moment. Hashed (64 bits: no
 * collision to fear among the few thousand a trigger remembers) so the trigger's memory stays
 * small and holds no message text.
 */
export function identityOf(message: IncomingMessage): string {
	return createHash('sha256')
		.update(JSON.stringify([message.sendDate, message.from, message.to, message.text]))
		.digest('hex')
		.slice(0, 16);
}

/** The output item of an incoming message (docs/contract.md). */
export function toItem(message: IncomingMessage): IDataObject {
	return {
		from: message.from,
		to: message.to,
		text: message.text,
		keyword: message.keyword,
		carrier: message.carrier,
		encoding: message.encoding,
		sendDate: message.sendDate,
	};
}
