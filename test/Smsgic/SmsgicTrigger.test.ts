import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { SmsgicApi } from '../../credentials/SmsgicApi.credentials';
import { SmsgicTrigger } from '../../nodes/Smsgic/SmsgicTrigger.node';
import { pollOnce, type HarnessOptions } from '../helpers/harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSmsgicSandbox, SMSGIC_TOKEN } = require('../sandbox/smsgic');

// Statuses move only when a test moves them, so every poll's expectation is exact.
const sandbox = createSmsgicSandbox({ advanceAfterMs: 1e9 });
const credentialType = new SmsgicApi();

beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function options(params: HarnessOptions['params'], extra: Partial<HarnessOptions> = {}): HarnessOptions {
	return { credentialType, credentials: { accessToken: SMSGIC_TOKEN, baseUrl: sandbox.url }, params, ...extra };
}

const addSending = (body: IDataObject = {}): number => sandbox.control.addSending(sandbox, body).id;
const setStatus = (id: number, status: string) => sandbox.control.setStatus(sandbox, { id, status });
const changes = (out: Array<{ json: IDataObject }> | null) => (out ?? []).map((o) => [o.json.sendingId, o.json.previousStatus, o.json.status]);

describe('SMSgic trigger: sendingStatusChanged', () => {
	it('records on activation, then emits each new sending and each change exactly once, across a provider error', async () => {
		const staticData: IDataObject = {};
		const poll = () => pollOnce(SmsgicTrigger, options({ event: 'sendingStatusChanged' }, { staticData }));
		const a = addSending({ text: 'first' });
		const b = addSending({ text: 'second' });

		// first activation: statuses recorded, nothing emitted
		expect(await poll()).toBeNull();
		expect(staticData.sendingStatus).toEqual({ initialized: true, maxId: b, statuses: { [a]: 'Pending', [b]: 'Pending' }, revision: 1 });

		// no change
		expect(await poll()).toBeNull();

		// a status change
		setStatus(a, 'Processing');
		const changed = await poll();
		expect(changes(changed)).toEqual([[a, 'Pending', 'Processing']]);
		expect(changed?.[0].json).toMatchObject({ provider: 'smsgic', sendingId: a, text: 'first', status: 'Processing', previousStatus: 'Pending' });
		expect(await poll()).toBeNull();

		// a new sending
		const c = addSending({ text: 'third' });
		expect(changes(await poll())).toEqual([[c, null, 'Pending']]);

		// the provider fails: the poll errors, nothing is emitted and the memory is untouched
		setStatus(b, 'Completed');
		const before = JSON.parse(JSON.stringify(staticData));
		sandbox.inject({ status: 503, times: 4, match: { path: '/sendings' } });
		await expect(poll()).rejects.toThrow('SMSgic is having trouble (HTTP 503)');
		expect(staticData).toEqual(before);

		// recovered: the change made during the outage is emitted once, then never again
		expect(changes(await poll())).toEqual([[b, 'Pending', 'Completed']]);
		expect(await poll()).toBeNull();
	});

	it('emits several changes of one poll in sending order, one item each', async () => {
		const staticData: IDataObject = {};
		const poll = () => pollOnce(SmsgicTrigger, options({ event: 'sendingStatusChanged' }, { staticData }));
		const ids = [addSending(), addSending(), addSending()];
		await poll();
		setStatus(ids[2], 'Completed');
		setStatus(ids[0], 'Failed');
		const d = addSending();
		expect(changes(await poll())).toEqual([
			[ids[0], 'Pending', 'Failed'],
			[ids[2], 'Pending', 'Completed'],
			[d, null, 'Pending'],
		]);
	});

	it('follows a paginated sendings list', async () => {
		sandbox.state.pageSize = 2;
		const staticData: IDataObject = {};
		const poll = () => pollOnce(SmsgicTrigger, options({ event: 'sendingStatusChanged' }, { staticData }));
		const ids = Array.from({ length: 5 }, () => addSending());
		await poll();
		setStatus(ids[4], 'Completed');
		sandbox.requests.length = 0;
		expect(changes(await poll())).toEqual([[ids[4], 'Pending', 'Completed']]);
		expect(sandbox.requests.map((r: { query: { page?: string } }) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
	});

	it('sees statuses that advance by themselves', async () => {
		const moving = createSmsgicSandbox({ advanceAfterMs: 60 });
		await moving.listen();
		try {
			const staticData: IDataObject = {};
			const poll = () =>
				pollOnce(SmsgicTrigger, {
					credentialType,
					credentials: { accessToken: SMSGIC_TOKEN, baseUrl: moving.url },
					params: { event: 'sendingStatusChanged' },
					staticData,
				});
			const id = moving.control.addSending(moving, {}).id;
			expect(await poll()).toBeNull();
			await new Promise((r) => setTimeout(r, 150));
			expect(changes(await poll())).toEqual([[id, 'Pending', 'Completed']]);
		} finally {
			await moving.close();
		}
	});

	it('explains a refused token and never shows it', async () => {
		const error = await pollOnce(
			SmsgicTrigger,
			options({ event: 'sendingStatusChanged' }, { credentials: { accessToken: 'wrong-token-456', baseUrl: sandbox.url } }),
		).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('the access token was rejected');
		expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain('wrong-token-456');
	});

	it('returns the newest sending as a sample in manual mode, without touching the memory', async () => {
		const staticData: IDataObject = {};
		addSending({ text: 'older' });
		const newest = addSending({ text: 'newest' });
		const out = await pollOnce(SmsgicTrigger, options({ event: 'sendingStatusChanged' }, { mode: 'manual', staticData }));
		expect(out).toHaveLength(1);
		expect(out?.[0].json).toMatchObject({ provider: 'smsgic', sendingId: newest, text: 'newest', status: 'Pending', previousStatus: null });
		expect(staticData.sendingStatus).toBeUndefined();
	});

	it('returns an example in manual mode when the account has no sending yet', async () => {
		const out = await pollOnce(SmsgicTrigger, options({ event: 'sendingStatusChanged' }, { mode: 'manual' }));
		expect(out?.[0].json).toMatchObject({ provider: 'smsgic', example: true, previousStatus: 'Pending' });
	});
});

describe('SMSgic trigger: lowBalance', () => {
	it('fires once when crossing below, not again while below, again after recovering', async () => {
		const staticData: IDataObject = {};
		const poll = () => pollOnce(SmsgicTrigger, options({ event: 'lowBalance', threshold: 100 }, { staticData }));
		sandbox.state.balance = 150;
		expect(await poll()).toBeNull();
		sandbox.state.balance = 90;
		expect((await poll())?.[0].json).toMatchObject({ provider: 'smsgic', balance: 90, threshold: 100, currency: 'GBP' });
		sandbox.state.balance = 80;
		expect(await poll()).toBeNull();
		sandbox.inject({ status: 503, times: 4 });
		await expect(poll()).rejects.toThrow();
		sandbox.state.balance = 120;
		expect(await poll()).toBeNull();
		sandbox.state.balance = 50;
		expect((await poll())?.[0].json.balance).toBe(50);
		expect(sandbox.requests.every((r: { path: string }) => r.path === '/balance')).toBe(true);
	});

	it('returns the current balance as a sample in manual mode', async () => {
		const out = await pollOnce(SmsgicTrigger, options({ event: 'lowBalance', threshold: 10 }, { mode: 'manual' }));
		expect(out?.[0].json).toMatchObject({ provider: 'smsgic', balance: 450, threshold: 10, currency: 'GBP' });
	});
});

describe('SMSgic trigger description', () => {
	it('uses the public names of the contract', () => {
		const { description } = new SmsgicTrigger();
		expect(description.name).toBe('smsgicTrigger');
		expect(description.polling).toBe(true);
		expect(description.credentials).toEqual([{ name: 'smsgicApi', required: true }]);
		const event = description.properties.find((p) => p.name === 'event')!;
		expect((event.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(['lowBalance', 'sendingStatusChanged']);
		expect(description.properties.some((p) => p.name === 'threshold')).toBe(true);
	});
});
