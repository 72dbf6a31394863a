import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { ObservableObject } from 'n8n-workflow';

import { GatewayError } from '../../nodes/shared/errors';
import { RATE_LIMIT } from '../../nodes/shared/http';
import {
	EMIT_COMMIT_WAIT_MS,
	lowBalanceCrossing,
	pollIntervalMs,
	readBudgetMs,
	runTriggerPoll,
	type LowBalanceState,
	type PollRound,
} from '../../nodes/shared/poll';

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


/**
 * A poll context as n8n builds one. `staticData` is what the poll is given: in default mode the
 * same object every poll; in durable mode a fresh copy of the committed row (the test passes it).
 */
function pollContext(staticData: IDataObject, opts: { workflowId?: string; nodeId?: string; pollTimes?: unknown; budget?: number } = {}) {
	return {
		getNode: () => ({ id: opts.nodeId ?? 'node-1', name: 'Trigger' }),
		getWorkflow: () => ({ id: opts.workflowId ?? 'wf-1', active: true }),
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback?: unknown) => (name === 'pollTimes' ? (opts.pollTimes ?? fallback) : fallback),
		getPollBudgetMs: opts.budget === undefined ? undefined : () => opts.budget,
		logger: { debug() {} },
	} as unknown as IPollFunctions;
}

let workflows = 0;
/** A trigger in its own workflow, so that tests do not share what the process remembers. */
function freshWorkflow() {
	return `wf-test-${++workflows}`;
}

interface Counter {
	count?: number;
}

/** A round that counts polls and emits one item per poll (the count). */
const counting = async (state: Counter): Promise<PollRound<Counter>> => {
	const count = (state.count ?? 0) + 1;
	return { next: { count }, items: [{ count }] };
};

describe('runTriggerPoll', () => {
	it('a poll that starts while one of the same trigger runs returns at once and changes nothing', async () => {
		const workflowId = freshWorkflow();
		const staticData: IDataObject = {};
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		let rounds = 0;
		const slow = runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), { stateKey: 'k', reads: 'x' }, async (state) => {
			rounds++;
			await gate;
			return counting(state);
		});
		const second = await runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), { stateKey: 'k', reads: 'x' }, async (state) => {
			rounds++;
			return counting(state);
		});
		expect(second).toBeNull();
		expect(staticData).toEqual({});
		release();
		expect((await slow)?.[0].map((i) => i.json)).toEqual([{ count: 1 }]);
		expect(rounds).toBe(1);
		expect(staticData.k).toEqual({ count: 1, revision: 1 });
		// another node, or another workflow, is another trigger: never held up
		const other = await runTriggerPoll<Counter>(pollContext({}, { workflowId, nodeId: 'node-2' }), { stateKey: 'k', reads: 'x' }, counting);
		expect(other).not.toBeNull();
	});

	it('the guard is released when a poll fails', async () => {
		const workflowId = freshWorkflow();
		const staticData: IDataObject = {};
		await expect(
			runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), { stateKey: 'k', reads: 'x' }, async () => {
				throw new Error('gateway down');
			}),
		).rejects.toThrow('gateway down');
		expect(staticData).toEqual({});
		expect(await runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), { stateKey: 'k', reads: 'x' }, counting)).not.toBeNull();
	});

	it('a poll refused with 429 is skipped quietly, moving nothing, until 429s have lasted 5 minutes', async () => {
		const workflowId = freshWorkflow();
		const staticData: IDataObject = {};
		let clock = 1_000_000;
		const options = { stateKey: 'k', reads: 'the balance', now: () => clock };
		const limited = async (): Promise<PollRound<Counter>> => {
			throw new GatewayError({ kind: 'notSent', httpCode: 429, message: 'TestGateway is limiting the request rate (HTTP 429)' });
		};
		expect(await runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), options, limited)).toBeNull();
		clock += RATE_LIMIT.patienceMs - 1;
		expect(await runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), options, limited)).toBeNull();
		expect(staticData).toEqual({});
		clock += 1;
		await expect(runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), options, limited)).rejects.toThrow('HTTP 429');
		// a poll that goes through starts the count again
		expect(await runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), options, counting)).not.toBeNull();
		clock += RATE_LIMIT.patienceMs;
		expect(await runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), options, limited)).toBeNull();
		// any other failure is the user's to see at once
		await expect(
			runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), options, async () => {
				throw new GatewayError({ kind: 'unknown', httpCode: 503, message: 'down' });
			}),
		).rejects.toThrow('down');
	});

	it('waits while n8n has not yet saved the last emission (durable mode commits it after the poll), then goes on from it', async () => {
		const workflowId = freshWorkflow();
		let clock = 1_000_000;
		const now = () => clock;
		const committed: IDataObject = {};
		const poll = async () => {
			const copy = JSON.parse(JSON.stringify(committed)) as IDataObject; // durable: a copy of the row
			const out = await runTriggerPoll<Counter>(pollContext(copy, { workflowId }), { stateKey: 'k', reads: 'x', now }, counting);
			return { out: out?.[0].map((i) => i.json) ?? null, copy };
		};
		const first = await poll();
		expect(first.out).toEqual([{ count: 1 }]);
		// n8n has not committed it yet: the next polls read the old row and must not emit again
		clock += 1000;
		expect((await poll()).out).toBeNull();
		clock += 1000;
		expect((await poll()).out).toBeNull();
		Object.assign(committed, first.copy); // the commit lands
		const after = await poll();
		expect(after.out).toEqual([{ count: 2 }]);
		expect(after.copy.k).toEqual({ count: 2, revision: 2 });
	});

	it('emits again from the saved state when n8n never saved the emission (its execution never existed)', async () => {
		const workflowId = freshWorkflow();
		let clock = 5_000_000;
		const now = () => clock;
		const poll = async () =>
			(await runTriggerPoll<Counter>(pollContext({ k: { count: 7, revision: 3 } }, { workflowId }), { stateKey: 'k', reads: 'x', now }, counting))?.[0].map((i) => i.json) ?? null;
		expect(await poll()).toEqual([{ count: 8 }]);
		clock += EMIT_COMMIT_WAIT_MS - 1;
		expect(await poll()).toBeNull();
		clock += 2;
		expect(await poll()).toEqual([{ count: 8 }]);
	});

	it('carries a change that emitted nothing over a state n8n did not save (re-activation, durable test poll)', async () => {
		const workflowId = freshWorkflow();
		const saved: IDataObject = { k: { below: true, threshold: 10, revision: 4 } };
		const round = (balance: number) => async (state: LowBalanceState): Promise<PollRound<LowBalanceState>> => {
			const { fire, next } = lowBalanceCrossing(state, balance, 10);
			return { next, items: fire ? [{ balance }] : null };
		};
		// the balance rises: nothing emitted, and n8n (default mode) does not save it
		const inMemory = JSON.parse(JSON.stringify(saved)) as IDataObject;
		expect(await runTriggerPoll(pollContext(inMemory, { workflowId }), { stateKey: 'k', reads: 'x' }, round(50))).toBeNull();
		expect(inMemory.k).toEqual({ below: false, threshold: 10, revision: 5 });
		// re-activated: n8n loads the saved state again, from before the rise
		const reloaded = JSON.parse(JSON.stringify(saved)) as IDataObject;
		const out = await runTriggerPoll(pollContext(reloaded, { workflowId }), { stateKey: 'k', reads: 'x' }, round(5));
		expect(out?.[0].map((i) => i.json)).toEqual([{ balance: 5 }]);
		expect(reloaded.k).toEqual({ below: true, threshold: 10, revision: 6 });
		// a process that never saw the rise (a real restart) would have missed it: this is the case
		// the low-balance trigger documents
		const restarted = JSON.parse(JSON.stringify(saved)) as IDataObject;
		expect(await runTriggerPoll(pollContext(restarted, { workflowId: freshWorkflow() }), { stateKey: 'k', reads: 'x' }, round(5))).toBeNull();
	});

	it('writes nothing when a poll changes nothing, and the state n8n saves carries a revision', async () => {
		const workflowId = freshWorkflow();
		const staticData: IDataObject = { k: { count: 2, revision: 9 }, other: 1 };
		const out = await runTriggerPoll<Counter>(pollContext(staticData, { workflowId }), { stateKey: 'k', reads: 'x' }, async (state) => {
			expect(state).toEqual({ count: 2 }); // the round never sees the revision
			return { next: state, items: null };
		});
		expect(out).toBeNull();
		expect(staticData).toEqual({ k: { count: 2, revision: 9 }, other: 1 });
		// corrupt or missing state starts empty
		for (const stored of [undefined, 'corrupt', null, 3, false]) {
			const data: IDataObject = { k: stored as IDataObject[string] };
			await runTriggerPoll<Counter>(pollContext(data, { workflowId: freshWorkflow() }), { stateKey: 'k', reads: 'x' }, async (state) => {
				expect(state).toEqual({});
				return { next: state, items: null };
			});
		}
	});

	// n8n saves a trigger's static data only when its ObservableObject saw a change. This reproduces
	// how n8n builds the node's static data (Workflow.getStaticData): a change made inside an object
	// created during the activation is invisible to it, a top-level assignment is not.
	function nodeStaticData() {
		const root = ObservableObject.create({} as IDataObject) as IDataObject & { __dataChanged?: boolean };
		root['node:Trigger'] = ObservableObject.create({}, root as Parameters<typeof ObservableObject.create>[1]);
		root.__dataChanged = false;
		return { root, node: root['node:Trigger'] as IDataObject };
	}

	it('changes the state in a way n8n sees, unlike a mutation of an object created during the activation', async () => {
		const first = nodeStaticData();
		first.node.lowBalance = {};
		first.root.__dataChanged = false;
		(first.node.lowBalance as LowBalanceState).below = true;
		expect(first.root.__dataChanged).toBe(false); // the bug the e2e suite found

		const second = nodeStaticData();
		const workflowId = freshWorkflow();
		await runTriggerPoll<Counter>(pollContext(second.node, { workflowId }), { stateKey: 'lowBalance', reads: 'x' }, counting);
		second.root.__dataChanged = false;
		await runTriggerPoll<Counter>(pollContext(second.node, { workflowId }), { stateKey: 'lowBalance', reads: 'x' }, counting);
		expect(second.root.__dataChanged).toBe(true);
	});
});

describe('pollIntervalMs', () => {
	const every = (seconds: number) => {
		const item = [];
		for (let s = 0; s < 60; s += seconds) item.push({ mode: 'custom', cronExpression: `${s} * * * * *` });
		return { item };
	};
	it.each([
		['no poll times', undefined, undefined],
		['every minute', { item: [{ mode: 'everyMinute' }] }, 60_000],
		['every hour', { item: [{ mode: 'everyHour', minute: 5 }] }, 3_600_000],
		['every 5 minutes', { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] }, 300_000],
		['every 2 hours', { item: [{ mode: 'everyX', value: 2, unit: 'hours' }] }, 7_200_000],
		['the shortest of several', { item: [{ mode: 'everyHour' }, { mode: 'everyX', value: 10, unit: 'minutes' }] }, 600_000],
		['one custom cron on a fixed second', { item: [{ mode: 'custom', cronExpression: '30 * * * * *' }] }, 60_000],
		['custom crons on seconds 0 and 20: 20 s apart', { item: [{ mode: 'custom', cronExpression: '0 * * * * *' }, { mode: 'custom', cronExpression: '20 * * * * *' }] }, 20_000],
		['one cron per second', every(1), 1000],
		['one cron every 3 seconds', every(3), 3000],
		['any other cron counts as a minute', { item: [{ mode: 'custom', cronExpression: '0 */5 * * * *' }] }, 60_000],
	])('%s', (_label, pollTimes, expected) => {
		expect(pollIntervalMs(pollTimes)).toBe(expected);
	});

	it('a poll may retry its reads for half its interval, within n8n\'s own budget for a poll', () => {
		expect(readBudgetMs(pollContext({}, { pollTimes: every(1) }))).toBe(500);
		expect(readBudgetMs(pollContext({}, { pollTimes: { item: [{ mode: 'everyMinute' }] } }))).toBe(30_000);
		expect(readBudgetMs(pollContext({}, { pollTimes: { item: [{ mode: 'everyHour' }] }, budget: 36_000 }))).toBe(36_000);
		expect(readBudgetMs(pollContext({}, {}))).toBe(30_000);
	});
});
