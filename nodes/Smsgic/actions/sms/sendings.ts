import type { IDataObject } from 'n8n-workflow';

import { PROVIDER, smsgicRequest, toId, toNumber, unreadableReply, type SmsgicContext } from '../../transport';
import type { SmsgicPaginated, SmsgicSending, SmsgicSendingsReply } from '../../types';

/** A guard against a gateway whose "next page" never ends. */
export const MAX_PAGES = 200;

export interface SendingsList {
	sendings: SmsgicSending[];
	/** False when the list may be missing sendings (stopped at `max` or at the page guard). */
	complete: boolean;
}

interface SendingsPage {
	items: SmsgicSending[];
	hasNext: boolean;
	currentPage?: number;
}

/**
 * Reads one GET /sendings reply. The document shows `{sendings: [...]}` without paging; a plain
 * list, Laravel's resource envelope `{data, links, meta}` (also nested under `sendings`) and the
 * plain paginator (`next_page_url`) are read the same way, since SMSgic's paging is unpublished.
 */
export function readSendingsPage(reply: SmsgicSendingsReply): SendingsPage {
	const isSending = (s: unknown): s is SmsgicSending => Boolean(s) && typeof s === 'object' && !Array.isArray(s);
	if (Array.isArray(reply)) return { items: reply.filter(isSending), hasNext: false };
	if (!reply || typeof reply !== 'object') throw unreadableReply('list of sendings', reply);
	let envelope: SmsgicPaginated = reply;
	let items: unknown;
	if (Array.isArray(reply.sendings)) {
		items = reply.sendings;
	} else if (reply.sendings && typeof reply.sendings === 'object') {
		envelope = reply.sendings;
		items = envelope.data;
	} else {
		items = reply.data;
	}
	if (!Array.isArray(items)) throw unreadableReply('list of sendings ("sendings" or "data")', reply);
	const links = envelope.links && !Array.isArray(envelope.links) ? envelope.links : undefined;
	const currentPage = envelope.meta?.current_page ?? envelope.current_page;
	const lastPage = envelope.meta?.last_page ?? envelope.last_page;
	const hasNext =
		Boolean(links?.next) ||
		Boolean(envelope.next_page_url) ||
		(typeof currentPage === 'number' && typeof lastPage === 'number' && currentPage < lastPage);
	return { items: items.filter(isSending), hasNext, currentPage };
}

/** Every sending on the account (or the first `max`), following pages with `?page=N`. */
export async function listSendings(ctx: SmsgicContext, max = Number.POSITIVE_INFINITY): Promise<SendingsList> {
	const sendings: SmsgicSending[] = [];
	const seen = new Set<string>();
	let page = 1;
	for (let requests = 1; ; requests++) {
		const reply = await smsgicRequest<SmsgicSendingsReply>(ctx, { method: 'GET', path: '/sendings', qs: page > 1 ? { page } : undefined });
		const { items, hasNext, currentPage } = readSendingsPage(reply);
		let added = 0;
		for (const sending of items) {
			const key = String(sending.id);
			if (seen.has(key)) continue;
			seen.add(key);
			sendings.push(sending);
			added++;
		}
		if (sendings.length >= max) return { sendings: sendings.slice(0, max), complete: false };
		if (!hasNext) return { sendings, complete: true };
		// A page of nothing new means the gateway ignores `page`: stop rather than loop.
		if (added === 0 || requests >= MAX_PAGES) return { sendings, complete: false };
		page = (currentPage ?? page) + 1;
	}
}

/** One sending as the nodes output it: camelCase, numbers as numbers, unknown fields kept. */
export function sendingRow(sending: SmsgicSending): IDataObject {
	const { id, text, status, created_at, updated_at, scheduled_at, total_sms, ...rest } = sending;
	const row: IDataObject = { ...(rest as IDataObject), provider: PROVIDER, sendingId: toId(id) ?? null, status: status === undefined || status === null ? null : String(status) };
	if (text !== undefined) row.text = text;
	if (created_at !== undefined) row.createdAt = created_at;
	if (updated_at !== undefined) row.updatedAt = updated_at;
	if (scheduled_at !== undefined) row.scheduledAt = scheduled_at;
	if (total_sms !== undefined) row.totalSms = toNumber(total_sms) ?? total_sms;
	return row;
}
