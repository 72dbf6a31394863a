import type { IDataObject } from 'n8n-workflow';

import { ObservableObject } from 'n8n-workflow';
import { lowBalanceCrossing, readState, writeState, type LowBalanceState } from '../../nodes/shared/poll';

/** Feeds a sequence of (balance, threshold) polls through the state machine; returns which fired. */
function run(polls: Array<[balance: number, threshold: number]>, initial: LowBalanceState = {}): boolean[] {
	let state = initial;
	return polls.map(([balance, threshold]) => {
		const { fire, next } = lowBalanceCrossing(state, balance, threshold);
		state = next;
		return fire;
	});
}

describe('lowBalanceCrossing', () => {
	const t = 10;
	const cases: Array<[string, Array<[number, number]>, boolean[]]> = [
		['stays above: never fires', [[50, t], [20, t], [10.01, t]], [false, false, false]],
		['fires once on falling below, not again while below', [[15, t], [9, t], [8, t], [0.5, t]], [false, true, false, false]],
		// "Below" is strict: a balance equal to the threshold is not low.
		['exactly the threshold is not below', [[15, t], [10, t]], [false, false]],
		['re-arms at the threshold, fires on the next fall', [[15, t], [9, t], [10, t], [9.99, t]], [false, true, false, true]],
		['re-arms above the threshold, fires on the next fall', [[15, t], [5, t], [12, t], [11, t], [3, t]], [false, true, false, false, true]],
		['first poll already below fires at once', [[3, t], [2, t]], [true, false]],
		['zero threshold never fires for a zero balance', [[0, 0], [0, 0]], [false, false]],
		['negative balance (credit used) is below', [[5, 0], [-1, 0]], [false, true]],
		// A new threshold is a new question: being below the old one does not count.
		['threshold raised while below the old one: fires again for the new one', [[5, t], [5, 20]], [true, true]],
		['threshold lowered, still below the new one: fires for the new one', [[5, t], [5, 8], [5, 8]], [true, true, false]],
		['threshold lowered below the balance: no alert, and re-armed', [[5, t], [5, 4], [3, 4]], [true, false, true]],
		['threshold changed while above: nothing to report', [[15, t], [15, 12], [11, 12]], [false, false, true]],
	];
	it.each(cases)('%s', (_label, polls, expected) => {
		expect(run(polls)).toEqual(expected);
	});

	it('stores the threshold and whether the balance was below', () => {
		expect(lowBalanceCrossing({}, 5, 10).next).toEqual({ below: true, threshold: 10 });
		expect(lowBalanceCrossing({ below: true, threshold: 10 }, 12, 10).next).toEqual({ below: false, threshold: 10 });
	});

	it('continues from state read back from static data (JSON)', () => {
		const persisted = JSON.parse(JSON.stringify(lowBalanceCrossing({}, 5, 10).next)) as LowBalanceState;
		expect(lowBalanceCrossing(persisted, 4, 10).fire).toBe(false);
	});

	it('does not modify the state it is given', () => {
		const state: LowBalanceState = { below: false, threshold: 10 };
		lowBalanceCrossing(state, 5, 10);
		expect(state).toEqual({ below: false, threshold: 10 });
	});
});

describe('readState / writeState', () => {
	it('reads a copy (empty when missing or corrupt) and writes the whole state back', () => {
		for (const stored of [undefined, 'corrupt', null, 3, false]) {
			const staticData: IDataObject = { lowBalance: stored as IDataObject[string] };
			expect(readState<LowBalanceState>(staticData, 'lowBalance')).toEqual({});
		}
		const existing = { below: true, threshold: 5 };
		const staticData: IDataObject = { lowBalance: existing, other: 1 };
		const state = readState<LowBalanceState>(staticData, 'lowBalance');
		expect(state).toEqual(existing);
		expect(state).not.toBe(existing);
		writeState(staticData, 'lowBalance', { ...state, below: false });
		expect(staticData).toEqual({ lowBalance: { below: false, threshold: 5 }, other: 1 });
	});

	// n8n saves a trigger's static data after a poll only when its ObservableObject saw a change.
	// This reproduces how n8n builds the node's static data (Workflow.getStaticData) to show that a
	// change made inside an object created during the activation is invisible, and writeState is not.
	function nodeStaticData() {
		const root = ObservableObject.create({} as IDataObject) as IDataObject & { __dataChanged?: boolean };
		root['node:Trigger'] = ObservableObject.create({}, root as Parameters<typeof ObservableObject.create>[1]);
		root.__dataChanged = false;
		return { root, node: root['node:Trigger'] as IDataObject };
	}

	it('is seen by n8n as a change, unlike a mutation of an object created during the activation', () => {
		const first = nodeStaticData();
		first.node.lowBalance = {};
		first.root.__dataChanged = false;
		(first.node.lowBalance as LowBalanceState).below = true;
		expect(first.root.__dataChanged).toBe(false); // the bug the e2e suite found

		const second = nodeStaticData();
		writeState(second.node, 'lowBalance', { below: false });
		second.root.__dataChanged = false;
		writeState(second.node, 'lowBalance', { ...readState<LowBalanceState>(second.node, 'lowBalance'), below: true });
		expect(second.root.__dataChanged).toBe(true);
	});
});
