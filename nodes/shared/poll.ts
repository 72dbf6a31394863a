import type { IDataObject } from 'n8n-workflow';

/**
 * Low-balance alert state: fire once when the balance falls below the threshold, and again only
 * after it has risen back to the threshold or above. The first poll counts as "was above", so a
 * balance already below the threshold at activation is reported once.
 */
export interface LowBalanceState {
	below?: boolean;
	threshold?: number;
}

export function lowBalanceCrossing(
	state: LowBalanceState,
	balance: number,
	threshold: number,
): { fire: boolean; next: LowBalanceState } {
	// A changed threshold starts over: the user asked a new question.
	const wasBelow = state.threshold === threshold ? state.below === true : false;
	const below = balance < threshold;
	return { fire: below && !wasBelow, next: { below, threshold } };
}

/**
 * A bounded memory of ids already emitted, oldest first, kept in the workflow's static data so
 * that a trigger emits each item once across polls and restarts without growing forever.
 */
export class SeenWindow {
	private readonly ids: string[];
	private readonly set: Set<string>;

	constructor(
		ids: unknown,
		private readonly max: number,
	) {
		this.ids = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string').slice(-max) : [];
		this.set = new Set(this.ids);
	}

	has(id: string): boolean {
		return this.set.has(id);
	}

	add(id: string): void {
		if (this.set.has(id)) return;
		this.ids.push(id);
		this.set.add(id);
		while (this.ids.length > this.max) this.set.delete(this.ids.shift() as string);
	}

	toJSON(): string[] {
		return [...this.ids];
	}
}

/**
 * A trigger's memory lives in the workflow's static data, which n8n saves after a poll only when
 * it sees a change. It sees assignments to top-level keys of the node's static data, not changes
 * inside an object created during this activation, so state is read as a copy and always written
 * back whole with `writeState`.
 */
export function readState<T extends object>(staticData: IDataObject, key: string): T {
	const value = staticData[key];
	return (value && typeof value === 'object' ? { ...(value as object) } : {}) as T;
}

export function writeState<T extends object>(staticData: IDataObject, key: string, value: T): void {
	staticData[key] = { ...value } as IDataObject;
}
