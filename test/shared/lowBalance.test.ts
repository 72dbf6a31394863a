import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { lowBalanceProperties, pollLowBalance, type BalanceReading } from '../../nodes/shared/lowBalance';

interface FakePoll {
	ctx: IPollFunctions;
	staticData: IDataObject;
	getWorkflowStaticData: jest.Mock;
	getNodeParameter: jest.Mock;
}

let fakes = 0;

function fakePoll(opts: { threshold?: number; mode?: 'manual' | 'trigger'; staticData?: IDataObject }): FakePoll {
	const staticData = opts.staticData ?? {};
	const getWorkflowStaticData = jest.fn((type: string) => {
		if (type !== 'node') throw new Error(`expected node static data, got ${type}`);
		return staticData;
	});
	const getNodeParameter = jest.fn((name: string, fallback?: unknown) => {
		if (name === 'threshold') return opts.threshold ?? fallback;
		if (name === 'pollTimes') return fallback;
		throw new Error(`unexpected parameter ${name}`);
	});
	const ctx = {
		getNode: () => ({ id: 'trigger-node', name: 'Trigger' }),
		// each fake is its own trigger: what one process remembers of its polls never carries over
		getWorkflow: () => ({ id: `wf-${++fakes}`, active: true }),
		logger: { debug() {} },
		getNodeParameter,
		getMode: () => opts.mode ?? 'trigger',
		getWorkflowStaticData,
	} as unknown as IPollFunctions;
	return { ctx, staticData, getWorkflowStaticData, getNodeParameter };
}

const reading = (balance: number, currency?: string) => async (): Promise<BalanceReading> => ({ balance, currency });

function onlyJson(result: INodeExecutionData[][] | null): IDataObject {
	expect(result).not.toBeNull();
	expect(result).toHaveLength(1);
	expect(result![0]).toHaveLength(1);
	return result![0][0].json;
}

describe('pollLowBalance in manual mode (Fetch Test Event)', () => {
	it('returns the current balance as a sample at once, even above the threshold', async () => {
		const { ctx, staticData, getWorkflowStaticData } = fakePoll({ mode: 'manual', threshold: 10 });
		const before = Date.now();
		const json = onlyJson(await pollLowBalance.call(ctx, 'smsClub', reading(250.5, 'UAH')));
		expect(json).toMatchObject({ provider: 'smsClub', balance: 250.5, threshold: 10, currency: 'UAH' });
		expect(Date.parse(json.checkedAt as string)).toBeGreaterThanOrEqual(before - 1000);
		// A test fetch must not consume the alert that the active trigger would send.
		expect(getWorkflowStaticData).not.toHaveBeenCalled();
		expect(staticData).toEqual({});
	});

	it('does not touch an existing alert state', async () => {
		const state = { lowBalance: { below: false, threshold: 10 } };
		const { ctx, staticData } = fakePoll({ mode: 'manual', threshold: 10, staticData: state });
		await pollLowBalance.call(ctx, 'msegat', reading(1));
		expect(staticData).toEqual({ lowBalance: { below: false, threshold: 10 } });
	});
});

describe('pollLowBalance in trigger mode', () => {
	it('fires once per downward crossing over a series of polls, keeping state in node static data', async () => {
		const staticData: IDataObject = {};
		const balances = [20, 12, 9, 4, 10, 15, 7, 6];
		// Below 10 at polls 2 (9) and 6 (7); 10 re-arms (not below), so 7 is a new crossing.
		const expectedFires = [false, false, true, false, false, false, true, false];
		const fired: boolean[] = [];
		for (const balance of balances) {
			const { ctx } = fakePoll({ threshold: 10, staticData });
			const result = await pollLowBalance.call(ctx, 'smsgic', reading(balance, 'USD'));
			fired.push(result !== null);
			if (result) expect(onlyJson(result)).toMatchObject({ provider: 'smsgic', balance, threshold: 10, currency: 'USD' });
		}
		expect(fired).toEqual(expectedFires);
		// written back at each change: first poll, 9, 10, 7 (the revision counts them)
		expect(staticData).toEqual({ lowBalance: { below: true, threshold: 10, revision: 4 } });
	});

	it('reads node static data, not global', async () => {
		const { ctx, getWorkflowStaticData } = fakePoll({ threshold: 10 });
		await pollLowBalance.call(ctx, 'msegat', reading(5));
		expect(getWorkflowStaticData).toHaveBeenCalledWith('node');
	});

	it('fires on the first poll when already below', async () => {
		const { ctx, staticData } = fakePoll({ threshold: 10 });
		const json = onlyJson(await pollLowBalance.call(ctx, 'msegat', reading(3)));
		expect(json).toMatchObject({ provider: 'msegat', balance: 3, threshold: 10 });
		expect(json).not.toHaveProperty('currency');
		expect(staticData).toEqual({ lowBalance: { below: true, threshold: 10, revision: 1 } });
	});

	it('uses 10 as the threshold when the parameter is not set', async () => {
		const { ctx, getNodeParameter } = fakePoll({});
		expect(await pollLowBalance.call(ctx, 'msegat', reading(10))).toBeNull();
		const json = onlyJson(await pollLowBalance.call(ctx, 'msegat', reading(9.99)));
		expect(json.threshold).toBe(10);
		expect(getNodeParameter).toHaveBeenCalledWith('threshold', 10);
	});

	it('leaves the state untouched when reading the balance fails, so the alert is not lost', async () => {
		const staticData: IDataObject = { lowBalance: { below: false, threshold: 10 } };
		const { ctx } = fakePoll({ threshold: 10, staticData });
		const failure = new Error('gateway down');
		await expect(pollLowBalance.call(ctx, 'smsClub', async () => Promise.reject(failure))).rejects.toBe(failure);
		expect(staticData).toEqual({ lowBalance: { below: false, threshold: 10 } });
		// The next successful poll below the threshold still fires.
		expect(await pollLowBalance.call(ctx, 'smsClub', reading(2))).not.toBeNull();
	});

	it('a failed read while below does not re-arm the alert', async () => {
		const staticData: IDataObject = { lowBalance: { below: true, threshold: 10 } };
		const { ctx } = fakePoll({ threshold: 10, staticData });
		await expect(pollLowBalance.call(ctx, 'smsClub', async () => Promise.reject(new Error('timeout')))).rejects.toThrow('timeout');
		expect(await pollLowBalance.call(ctx, 'smsClub', reading(2))).toBeNull();
	});
});

describe('lowBalanceProperties', () => {
	it('defines the threshold parameter shown only for the lowBalance event, naming the currency', () => {
		const [threshold] = lowBalanceProperties('UAH');
		expect(threshold).toMatchObject({ name: 'threshold', type: 'number', displayOptions: { show: { event: ['lowBalance'] } } });
		expect(threshold.description).toContain('UAH');
	});
});
