import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { GatewayError } from '../shared/errors';
import { readState, SeenWindow, writeState } from '../shared/poll';
import { buildSearchString, identityOf, PAGE_SIZE, readFilters, readMoPage, sendDateKey, toItem, type IncomingFilters } from './incoming';
import type { MessangiContext } from './transport';
import type { IncomingMessage } from './types';

/**
 * The `incomingMessage` trigger event: every incoming message exactly once.
 *
 * Each poll reads tools/getMOMessages newest first, page by page, down to a little before the
 * newest sendDate the previous poll saw (LOOKBACK_MS, for messages the gateway records a moment
 * late), and emits, oldest first, those whose identity it has not emitted before.
 * - MOs carry no id: the identity is sendDate, from, to and text (incoming.ts). Identities of
 *   messages within the look-back are kept in a bounded window (SeenWindow); older ones are
 *   forgotten, since no poll reads that far down again.
 * - Pages that shift while being read (new messages push older ones down) only repeat
 *   messages, never skip one; repeats are recognised by identity.
 * - Nothing is written to the static data until every page was read: an error emits nothing and
 *   moves no cursor, and the next poll catches up.
 * - The first poll only records where "now" is: history is not replayed.
 */

/** How far below the last newest sendDate a poll still reads, for messages recorded late. */
export const LOOKBACK_MS = 2 * 60 * 1000;
/** Most identities remembered; must exceed the messages that can arrive within LOOKBACK_MS. */
export const SEEN_WINDOW = 5000;

/**
 * A remembered message: its sendDate order key and its identity. The key lets a poll forget
 * messages that fell below the look-back, so the saved state stays small in normal use.
 */
function seenEntry(message: IncomingMessage): string {
	const key = sendDateKey(message.sendDate);
	return `${Number.isFinite(key) ? key.toString(36) : ''}:${identityOf(message)}`;
}

function stillNeeded(entry: string, cursor: number | undefined): boolean {
	const prefix = entry.slice(0, entry.indexOf(':'));
	// An undated message cannot be placed below the look-back: only the window's size drops it.
	if (cursor === undefined || prefix === '') return true;
	return parseInt(prefix, 36) >= cursor - LOOKBACK_MS;
}

export interface IncomingState {
	/** True once the first poll has recorded its starting point. */
	started?: boolean;
	/** The newest sendDate seen (sendDateKey), undefined while the inbox had no dated message. */
	cursor?: number;
	/** `<sendDate key>:<identity>` of messages already emitted (or present at activation) within the look-back, oldest first. */
	seen?: string[];
}

export interface ScanResult {
	/** New messages, oldest first. */
	fresh: IncomingMessage[];
	next: Required<Pick<IncomingState, 'started' | 'seen'>> & Pick<IncomingState, 'cursor'>;
}

/** Reads everything new since `state` without touching it; the caller commits `next`. */
export async function scanIncoming(ctx: MessangiContext, state: IncomingState, filters: IncomingFilters): Promise<ScanResult> {
	const seen = new SeenWindow(state.seen, SEEN_WINDOW);
	const search = buildSearchString(filters, 'desc');
	const readNow = new Set<string>();
	const fresh: IncomingMessage[] = [];
	let newest = state.cursor;
	// Until the first poll has seen a dated message, there is no lower bound: everything is new.
	let stopBelow = state.cursor !== undefined ? state.cursor - LOOKBACK_MS : undefined;
	let previousPage = '';

	for (let page = 1; ; page++) {
		const { messages, records } = await readMoPage(ctx, page, PAGE_SIZE, search);
		const ids = messages.map(seenEntry);
		if (ids.length > 0 && ids.join() === previousPage) {
			// Either the gateway ignores the page number, or exactly a page of messages arrived
			// while reading: stopping here could skip older unread messages, so nothing is committed.
			throw new GatewayError({
				kind: 'unknown',
				message: `Messangi returned the same page of incoming messages for pages ${page - 1} and ${page}, so they could not all be read safely. Nothing was emitted; the next poll tries again.`,
			});
		}
		previousPage = ids.join();
		let reachedOld = false;
		for (let index = 0; index < messages.length; index++) {
			const message = messages[index];
			const key = sendDateKey(message.sendDate);
			if (Number.isFinite(key)) {
				// At activation, only the recent edge of the history needs remembering.
				if (stopBelow === undefined && !state.started) stopBelow = key - LOOKBACK_MS;
				if (stopBelow !== undefined && key < stopBelow) {
					reachedOld = true;
					break;
				}
				if (newest === undefined || key > newest) newest = key;
			}
			const id = ids[index];
			if (seen.has(id) || readNow.has(id)) continue;
			readNow.add(id);
			fresh.push(message);
		}
		if (reachedOld || messages.length < PAGE_SIZE || (records !== undefined && page * PAGE_SIZE >= records)) break;
	}

	// Read newest first; emitted oldest first.
	fresh.reverse();
	for (const message of fresh) seen.add(seenEntry(message));
	return { fresh, next: { started: true, cursor: newest, seen: seen.toJSON().filter((entry) => stillNeeded(entry, newest)) } };
}

/** One poll of the `incomingMessage` event. */
export async function pollIncomingMessages(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const filters = readFilters(this.getNodeParameter('filters', {}));
	if (this.getMode() === 'manual') {
		const { messages } = await readMoPage(this, 1, 1, buildSearchString(filters, 'desc'));
		if (messages.length === 0) {
			throw new NodeOperationError(
				this.getNode(),
				'Messangi has no incoming message matching the filters yet, so there is no sample to show.',
				{ description: 'Send an SMS to your short or long code (or use the Messangi node\'s Fire Message operation), then fetch again.' },
			);
		}
		return [[{ json: toItem(messages[0]) }]];
	}

	const staticData = this.getWorkflowStaticData('node') as IDataObject;
	const state = readState<IncomingState>(staticData, 'incomingMessage');
	const { fresh, next } = await scanIncoming(this, state, filters);
	const firstPoll = !state.started;
	writeState(staticData, 'incomingMessage', { ...state, ...next });
	if (firstPoll || fresh.length === 0) return null;
	return [fresh.map((message) => ({ json: toItem(message) }))];
}
