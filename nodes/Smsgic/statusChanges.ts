import type { SmsgicSending } from './types';

/**
 * What the `sendingStatusChanged` trigger remembers between polls (workflow static data):
 * the last status of at most `MAX_REMEMBERED` sendings and the highest sending id seen.
 */
export interface StatusMemory {
	initialized?: boolean;
	maxId?: number;
	statuses?: Record<string, string>;
}

export interface StatusChange {
	sending: SmsgicSending;
	status: string;
	/** null for a sending created since the last poll. */
	previousStatus: string | null;
}

/**
 * Enough for every unfinished sending of a busy account plus the latest finished ones, while
 * keeping the static data n8n saves after every poll small (about 20 KB at most).
 */
export const MAX_REMEMBERED = 1000;

/**
 * SMSgic does not publish its status values (the document shows Draft and Pending). These look
 * final; they only decide what is forgotten first when memory is full, never what is emitted.
 */
const FINAL_STATUS = /^(completed?|finished|done|sent|delivered|undelivered|failed|error|rejected|cancel+ed|expired|stopped)$/i;

const numericId = (id: string) => (/^\d{1,15}$/.test(id) ? Number(id) : undefined);

/** Keeps unfinished sendings first, then the newest, up to `max`. */
function bounded(statuses: Record<string, string>, max: number): Record<string, string> {
	const ids = Object.keys(statuses);
	if (ids.length <= max) return statuses;
	const rank = (id: string) => (FINAL_STATUS.test(statuses[id]) ? 1 : 0);
	ids.sort((a, b) => rank(a) - rank(b) || (numericId(b) ?? -1) - (numericId(a) ?? -1));
	return Object.fromEntries(ids.slice(0, max).map((id) => [id, statuses[id]]));
}

/**
 * Compares this poll's list with the memory, without changing the memory (the caller stores
 * `next` only after a successful poll). A sending is reported when its status differs from the
 * one remembered, or when it is newer than any seen before (`previousStatus: null`). A sending
 * not remembered and not new (forgotten to keep memory bounded) is recorded silently, so nothing
 * is ever reported twice. The first poll records without reporting. `complete` says the list is
 * the whole account: remembered sendings missing from it are then forgotten.
 */
export function diffStatuses(
	memory: StatusMemory,
	sendings: readonly SmsgicSending[],
	complete: boolean,
	max = MAX_REMEMBERED,
): { changes: StatusChange[]; next: StatusMemory } {
	const first = memory.initialized !== true;
	const known: Record<string, string> = { ...(memory.statuses ?? {}) };
	const previousMax = typeof memory.maxId === 'number' ? memory.maxId : undefined;
	let maxId = previousMax;
	const present = new Set<string>();
	const changes: StatusChange[] = [];
	const ordered = [...sendings].sort((a, b) => (numericId(String(a.id)) ?? 0) - (numericId(String(b.id)) ?? 0));
	for (const sending of ordered) {
		if (sending.id === undefined || sending.id === null) continue;
		const id = String(sending.id);
		const status = sending.status === undefined || sending.status === null ? '' : String(sending.status);
		const numeric = numericId(id);
		present.add(id);
		if (!first) {
			const previous = known[id];
			if (previous !== undefined) {
				if (previous !== status) changes.push({ sending, status, previousStatus: previous });
			} else if (numeric !== undefined && (previousMax === undefined || numeric > previousMax)) {
				changes.push({ sending, status, previousStatus: null });
			}
		}
		known[id] = status;
		if (numeric !== undefined && (maxId === undefined || numeric > maxId)) maxId = numeric;
	}
	if (complete) {
		for (const id of Object.keys(known)) if (!present.has(id)) delete known[id];
	}
	const next: StatusMemory = { initialized: true, statuses: bounded(known, max) };
	if (maxId !== undefined) next.maxId = maxId;
	return { changes, next };
}
