import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { GatewayError } from '../shared/errors';
import { runTriggerPoll } from '../shared/poll';
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
 *   messages within the look-back are kept in a bounded window (SEEN_WINDOW); older ones are
 *   forgotten, since no poll reads that far down again. When a burst puts more messages within
 *   the look-back than the window holds, the poll also raises a floor above the forgotten ones,
 *   so that no later poll reads them again: the look-back then shrinks for that burst.
 * - A poll emits at most `maxPerPoll` messages (the oldest); the rest come with the next polls,
 *   so that a large backlog (n8n down for an hour) does not become one huge execution.
 * - Pages that shift while being read (new messages push older ones down) only repeat
 *   messages, never skip one; repeats are recognised by identity.
 * - Nothing is written to the static data until every page was read: an error emits nothing and
 *   moves no cursor, and the next poll catches up.
 * - The first poll only records where "now" is: history is not replayed.
 */

/** How far below the last newest sendDate a poll still reads, for messages recorded late. */
export const LOOKBACK_MS = 2 * 60 * 1000;
/** Most identities remembered (the saved state stays under ~300 KB). */
export const SEEN_WINDOW = 5000;
/** Default most messages one poll emits (option "Max Messages per Poll"; 0 = no limit). */
export const DEFAULT_MAX_PER_POLL = 10_000;

/**
 * A remembered message: its sendDate order key and its identity. The key lets a poll forget
 * messages that fell below the look-back, so the saved state stays small in normal use.
 */
function seenEntry(message: IncomingMessage): string {
	const key = sendDateKey(message.sendDate);
	return `${Number.isFinite(key) ? key.toString(36) : ''}:${identityOf(message)}`;
}

/** The sendDate key of a remembered entry; undefined for an undated message. */
function entryKey(entry: string): number | undefined {
	const prefix = entry.slice(0, entry.indexOf(':'));
	return prefix === '' ? undefined : parseInt(prefix, 36);
}

export interface IncomingState {
	/** True once the first poll has recorded its starting point. */
	started?: boolean;
	/** The newest sendDate emitted or seen (sendDateKey), undefined while the inbox had no dated message. */
	cursor?: number;
	/** No poll reads below this sendDate key: everything older was emitted, or forgotten after it was. */
	floor?: number;
	/** `<sendDate key>:<identity>` of messages already emitted (or present at activation) within the look-back, oldest first. */
	seen?: string[];
}

export interface ScanResult {
	/** New messages, oldest first. */
	fresh: IncomingMessage[];
	next: Required<Pick<IncomingState, 'started' | 'seen'>> & Pick<IncomingState, 'cursor' | 'floor'>;
}

/**
 * What a poll remembers after emitting: the identities still within the look-back of `cursor`,
 * at most SEEN_WINDOW of them, and a floor above any identity dropped only for lack of room.
 */
function remember(previous: string[], added: string[], cursor: number | undefined, floor: number | undefined) {
	const lowest = cursor === undefined ? undefined : cursor - LOOKBACK_MS;
	// An undated message cannot be placed below the look-back: only the window's size drops it.
	const needed = [...new Set([...previous, ...added])].filter((entry) => {
		const key = entryKey(entry);
		return key === undefined || lowest === undefined || key >= lowest;
	});
	const dropped = needed.slice(0, Math.max(0, needed.length - SEEN_WINDOW));
	let nextFloor = floor;
	for (const entry of dropped) {
		const key = entryKey(entry);
		if (key !== undefined && (nextFloor === undefined || key + 1 > nextFloor)) nextFloor = key + 1;
	}
	// Never above the cursor: messages at the cursor's own millisecond may still be unread.
	if (nextFloor !== undefined && cursor !== undefined) nextFloor = Math.min(nextFloor, cursor);
	return { seen: needed.slice(dropped.length), floor: nextFloor };
}

/** Reads everything new since `state` without touching it; the caller commits `next`. */
export async function scanIncoming(
	ctx: MessangiContext,
	state: IncomingState,
	filters: IncomingFilters,
	maxPerPoll = DEFAULT_MAX_PER_POLL,
): Promise<ScanResult> {
	const seen = new Set(Array.isArray(state.seen) ? state.seen : []);
	const search = buildSearchString(filters, 'desc');
	const readNow = new Set<string>();
	// Newest first, as read. With a limit, only the oldest `limit` are kept while reading.
	let fresh: IncomingMessage[] = [];
	const limit = state.started && maxPerPoll > 0 ? maxPerPoll : Infinity;
	let truncated = false;
	let newest = state.cursor;
	// Until the first poll has seen a dated message, there is no lower bound: everything is new.
	let stopBelow = state.cursor !== undefined ? state.cursor - LOOKBACK_MS : undefined;
	if (state.floor !== undefined && (stopBelow === undefined || state.floor > stopBelow)) stopBelow = state.floor;
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
		if (fresh.length > 2 * limit) {
			fresh = fresh.slice(-limit);
			truncated = true;
		}
		if (reachedOld || messages.length < PAGE_SIZE || (records !== undefined && page * PAGE_SIZE >= records)) break;
	}
	if (fresh.length > limit) {
		fresh = fresh.slice(-limit);
		truncated = true;
	}

	// Read newest first; emitted oldest first.
	fresh.reverse();
	if (truncated) {
		// The cursor stays at the newest message emitted: the unemitted newer ones come next poll.
		newest = state.cursor;
		for (const message of fresh) {
			const key = sendDateKey(message.sendDate);
			if (Number.isFinite(key) && (newest === undefined || key > newest)) newest = key;
		}
	}
	const { seen: remembered, floor } = remember(state.seen ?? [], fresh.map(seenEntry), newest, state.floor);
	return { fresh, next: { started: true, cursor: newest, floor, seen: remembered } };
}

function readMaxPerPoll(ctx: IPollFunctions): number {
	const value = Number(ctx.getNodeParameter('options.maxMessagesPerPoll', DEFAULT_MAX_PER_POLL));
	if (!Number.isInteger(value) || value < 0) {
		throw new NodeOperationError(ctx.getNode(), `"Max Messages per Poll" must be a whole number of 0 or more (0 means no limit), not ${String(value)}.`);
	}
	return value;
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

	const maxPerPoll = readMaxPerPoll(this);
	return await runTriggerPoll<IncomingState>(this, { stateKey: 'incomingMessage', reads: 'the incoming messages' }, async (state) => {
		const { fresh, next } = await scanIncoming(this, state, filters, maxPerPoll);
		const firstPoll = !state.started;
		return { next: { ...state, ...next }, items: firstPoll ? null : fresh.map(toItem) };
	});
}
