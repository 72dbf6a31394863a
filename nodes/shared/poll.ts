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
