import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { MessangiTrigger } from '../../nodes/Messangi/MessangiTrigger.node';
import { LOOKBACK_MS, SEEN_WINDOW } from '../../nodes/Messangi/incomingPoll';
import { pollOnce } from '../helpers/harness';
import { createMessangiSandbox, decodeCall, HOSTILE_TEXTS, MESSANGI_SHORT_CODE, optionsFor, type MessangiSandbox } from './helpers';

const sandbox = createMessangiSandbox();
beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

/**
 * A trigger as n8n runs it: static data survives between polls (and is saved as JSON, as n8n
 * saves it after a poll), a fresh node instance each poll (a restart changes nothing).
 */
function trigger(target: MessangiSandbox = sandbox, params: Record<string, unknown> = {}) {
	let saved: IDataObject = {};
	const emitted: string[] = [];
	return {
		emitted,
		get state() {
			return saved;
		},
		async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<INodeExecutionData[] | null> {
			const staticData = JSON.parse(JSON.stringify(saved)) as IDataObject;
			const out = await pollOnce(MessangiTrigger, optionsFor(target, { event: 'incomingMessage', filters: {}, ...params }, { staticData, mode }));
			// n8n keeps the static data of a poll that returned normally, even with nothing to emit
			saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			for (const item of out ?? []) emitted.push(String(item.json.text));
			return out;
		},
	};
}

let counter = 0;
function arrive(count: number, target: MessangiSandbox = sandbox, extra: Record<string, string> = {}): string[] {
	const texts: string[] = [];
	for (let i = 0; i < count; i++) {
		const text = `mo ${++counter}`;
		target.addIncoming({ text, from: `58412${String(counter % 1000000).padStart(6, '0')}`, ...extra });
		texts.push(text);
	}
	return texts;
}

describe('Messangi Trigger: incomingMessage', () => {
	it('starts from now: history is not replayed, then each new message is emitted once, oldest first', async () => {
		arrive(7);
		const t = trigger();
		expect(await t.poll()).toBeNull();
		const fresh = arrive(3);
		const out = await t.poll();
		expect(out?.map((o) => o.json)).toEqual(
			fresh.map((text) => ({ from: expect.stringMatching(/^58412/), to: MESSANGI_SHORT_CODE, text, keyword: '', carrier: 'Movistar', encoding: 'UTF-8', sendDate: expect.any(String) })),
		);
		expect(await t.poll()).toBeNull();
		expect(t.emitted).toEqual(fresh);
	});

	it('emits everything when the inbox was empty at activation', async () => {
		const t = trigger();
		expect(await t.poll()).toBeNull();
		const fresh = arrive(5);
		await t.poll();
		expect(t.emitted).toEqual(fresh);
	});

	it('pages through a backlog larger than one page', async () => {
		const t = trigger();
		arrive(3);
		await t.poll();
		sandbox.requests.length = 0;
		const backlog = arrive(345);
		await t.poll();
		expect(t.emitted).toEqual(backlog);
		const pages = sandbox.requests.map((r) => decodeCall(r, 2).params.slice(1));
		expect(pages).toEqual([
			['1', '100', 'order=desc'],
			['2', '100', 'order=desc'],
			['3', '100', 'order=desc'],
			['4', '100', 'order=desc'],
		]);
	});

	it('reads only down to the last poll (plus the look-back), not the whole history', async () => {
		// a history spread over the last hours, so most of it lies below the look-back
		const start = Date.now() - 6 * 3600_000;
		for (let i = 0; i < 500; i++) sandbox.addIncoming({ text: `old ${i}`, sendDate: new Date(start + i * 30_000).toISOString().replace('T', ' ').replace('Z', '') });
		const t = trigger();
		await t.poll();
		sandbox.requests.length = 0;
		arrive(2);
		await t.poll();
		expect(sandbox.requests).toHaveLength(1);
	});

	it('emits each message once when new messages shift the pages while they are read', async () => {
		const t = trigger();
		await t.poll();
		const backlog = arrive(230);
		const during: string[] = [];
		sandbox.state.beforeList = (sb, { page }) => {
			// 7 messages arrive between page 1 and page 2, pushing 7 already-read ones onto page 2
			if (page === 2 && during.length === 0) during.push(...arrive(7, sb));
		};
		await t.poll();
		sandbox.state.beforeList = null;
		expect(t.emitted).toEqual(backlog);
		await t.poll();
		expect(t.emitted).toEqual([...backlog, ...during]);
	});

	it('a provider error emits nothing and moves no cursor; the next poll catches up', async () => {
		const t = trigger();
		await t.poll();
		const backlog = arrive(250);
		const before = JSON.stringify(t.state);
		// page 2 fails on every retry (reads are retried 4 times)
		sandbox.inject({ status: 503, times: 4, match: { path: 'getMOMessages/43/2/' } });
		await expect(t.poll()).rejects.toThrow(/Messangi is having trouble \(HTTP 503\)/);
		expect(JSON.stringify(t.state)).toBe(before);
		expect(t.emitted).toEqual([]);
		await t.poll();
		expect(t.emitted).toEqual(backlog);
	});

	it.each([
		['BAD_SIGNATURE', '<status>BAD_SIGNATURE</status><description>Invalid signature, access denied</description>', /public key or private key is wrong/],
		['a malformed list that lost messages', '<status>OK</status><result><MOMessageList><records>9</records><MessageList><MOMessage><text>x', /could not be read safely/],
		['not XML', 'Bad Gateway', /could not be read as XML/],
	])('%s on page 2: nothing emitted, nothing moved, caught up later', async (_label, body, message) => {
		const t = trigger();
		await t.poll();
		const backlog = arrive(150);
		const before = JSON.stringify(t.state);
		sandbox.inject({ body, match: { path: 'getMOMessages/43/2/' } });
		await expect(t.poll()).rejects.toThrow(message);
		expect(JSON.stringify(t.state)).toBe(before);
		await t.poll();
		expect(t.emitted).toEqual(backlog);
	});

	it('refuses to guess when a page comes back the same as the one before, and recovers at the next poll', async () => {
		const t = trigger();
		await t.poll();
		const backlog = arrive(250);
		let firstPage = '';
		sandbox.state.beforeList = (sb, { page }) => {
			// exactly one page of messages arrives while page 1 is read: page 2 repeats page 1
			if (page === 1 && !firstPage) firstPage = 'seen';
			else if (page === 2 && firstPage === 'seen') {
				firstPage = 'done';
				backlog.push(...arrive(100, sb));
			}
		};
		await expect(t.poll()).rejects.toThrow(/same page of incoming messages/);
		sandbox.state.beforeList = null;
		expect(t.emitted).toEqual([]);
		await t.poll();
		expect(t.emitted).toEqual(backlog);
	});

	it('survives restarts: a new node instance with the saved state emits nothing twice', async () => {
		const t = trigger();
		await t.poll();
		const first = arrive(4);
		await t.poll();
		const second = arrive(4);
		// "restart": pollOnce already builds a new instance from the saved JSON each time
		await t.poll();
		await t.poll();
		expect(t.emitted).toEqual([...first, ...second]);
	});

	it('emits messages with the same sendDate but different content, and a late one within the look-back', async () => {
		const t = trigger();
		sandbox.addIncoming({ text: 'old', sendDate: '2030-01-01 10:00:00.000' });
		await t.poll();
		sandbox.addIncoming({ text: 'same time A', sendDate: '2030-01-01 10:00:05.000' });
		sandbox.addIncoming({ text: 'same time B', sendDate: '2030-01-01 10:00:05.000' });
		await t.poll();
		// recorded late: dated before the newest message already seen, but within the look-back
		sandbox.addIncoming({ text: 'late', sendDate: '2030-01-01 10:00:01.000' });
		await t.poll();
		expect(t.emitted).toEqual(['same time A', 'same time B', 'late']);
		expect(LOOKBACK_MS).toBeGreaterThanOrEqual(60_000);
	});

	it('passes its filters to the search string and emits only matching messages', async () => {
		const t = trigger(sandbox, { filters: { keyword: '^STOP', to: '12345' } });
		await t.poll();
		arrive(2, sandbox, { to: '12345', text: 'STOP please' });
		sandbox.addIncoming({ to: '12345', text: 'hello' });
		sandbox.addIncoming({ to: '99999', text: 'STOP elsewhere' });
		sandbox.requests.length = 0;
		await t.poll();
		expect(decodeCall(sandbox.requests[0], 2).params[3]).toBe('order=desc&to=12345&keyword=%5ESTOP');
		expect(t.emitted).toEqual(['STOP please', 'STOP please']);
	});

	it('emits hostile texts intact', async () => {
		const t = trigger();
		await t.poll();
		for (const text of HOSTILE_TEXTS) sandbox.addIncoming({ text });
		await t.poll();
		expect(t.emitted).toEqual(HOSTILE_TEXTS);
	});

	it('keeps its memory bounded', async () => {
		const t = trigger();
		await t.poll();
		arrive(SEEN_WINDOW + 300);
		await t.poll();
		expect(t.emitted).toHaveLength(SEEN_WINDOW + 300);
		const seen = (t.state.incomingMessage as { seen: string[] }).seen;
		expect(seen).toHaveLength(SEEN_WINDOW);
		expect(JSON.stringify(t.state).length).toBeLessThan(150_000);
		// The burst lies within the look-back, but the window forgot its oldest 300: the next
		// polls must still not emit those again.
		expect(await t.poll()).toBeNull();
		const later = arrive(2);
		await t.poll();
		expect(t.emitted).toHaveLength(SEEN_WINDOW + 302);
		expect(t.emitted.slice(-2)).toEqual(later);
	}, 60_000);

	it('with Max Messages per Poll, a backlog comes oldest first over several polls, none lost or twice', async () => {
		const t = trigger(sandbox, { options: { maxMessagesPerPoll: 40 } });
		await t.poll();
		const backlog = arrive(130);
		const sizes: number[] = [];
		for (let i = 0; i < 4; i++) {
			sizes.push((await t.poll())?.length ?? 0);
			// messages keep arriving meanwhile, and must wait their turn
			if (i === 1) backlog.push(...arrive(15));
		}
		expect(sizes).toEqual([40, 40, 40, 25]);
		expect(await t.poll()).toBeNull();
		expect(t.emitted).toEqual(backlog);
	});

	it('refuses a negative Max Messages per Poll before reading anything', async () => {
		const t = trigger(sandbox, { options: { maxMessagesPerPoll: -1 } });
		await expect(t.poll()).rejects.toThrow('"Max Messages per Poll" must be a whole number of 0 or more');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('after a burst larger than its memory, reads down only to what it still remembers', async () => {
		const t = trigger();
		await t.poll();
		arrive(SEEN_WINDOW + 1000);
		await t.poll();
		sandbox.requests.length = 0;
		await t.poll();
		// SEEN_WINDOW remembered messages are 50 pages; the 1,000 forgotten ones are not read again
		expect(sandbox.requests.length).toBeLessThanOrEqual(SEEN_WINDOW / 100 + 1);
	}, 60_000);

	it('forgets messages below the look-back, so the saved state stays small', async () => {
		const t = trigger();
		await t.poll();
		const start = Date.now() - 3600_000;
		for (let i = 0; i < 10; i++) sandbox.addIncoming({ text: `minute ${i}`, sendDate: new Date(start + i * 60_000).toISOString().replace('T', ' ').replace('Z', '') });
		await t.poll();
		expect(t.emitted).toHaveLength(10);
		// only minutes 7, 8 and 9 lie within 2 minutes of the newest
		expect((t.state.incomingMessage as { seen: string[] }).seen).toHaveLength(3);
		sandbox.addIncoming({ text: 'minute 9.5', sendDate: new Date(start + 9.5 * 60_000).toISOString().replace('T', ' ').replace('Z', '') });
		await t.poll();
		expect(t.emitted.slice(10)).toEqual(['minute 9.5']);
	});

	it('still emits each message once when Messangi sends dates it cannot read', async () => {
		const t = trigger();
		sandbox.addIncoming({ text: 'before', sendDate: 'sometime' });
		await t.poll();
		sandbox.addIncoming({ text: 'a', sendDate: 'later' });
		sandbox.addIncoming({ text: 'b', sendDate: '' });
		await t.poll();
		await t.poll();
		sandbox.addIncoming({ text: 'c', sendDate: 'later' });
		await t.poll();
		expect(t.emitted).toEqual(['a', 'b', 'c']);
	});

	it.each([
		['no limit', 0],
		['at most 60 a poll', 60],
	])('soak (%s): 200 polls, 20%% of them failing, messages arriving throughout and shifting pages: every message exactly once, in order', async (_label, maxMessagesPerPoll) => {
		let seed = 11;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		// A simulated clock: each round is 5 s, so the 2-minute look-back holds ~24 rounds of messages.
		let clock = Date.now();
		const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
		const arriveNow = (count: number, target: MessangiSandbox = sandbox) => {
			const texts: string[] = [];
			for (let i = 0; i < count; i++) {
				const text = `mo ${++counter}`;
				target.addIncoming({ text, from: '584120000001', sendDate: stamp((clock += 3)) });
				texts.push(text);
			}
			return texts;
		};
		arriveNow(40);
		const t = trigger(sandbox, { options: { maxMessagesPerPoll } });
		await t.poll();
		const expected: string[] = [];
		let failures = 0;
		for (let round = 0; round < 200; round++) {
			clock += 5000;
			expected.push(...arriveNow(Math.floor(random() * 80)));
			if (random() < 0.3) {
				sandbox.state.beforeList = (sb, { page }) => {
					if (page > 1 && random() < 0.5) expected.push(...arriveNow(1 + Math.floor(random() * 5), sb));
				};
			}
			if (random() < 0.22) {
				// mostly on page 1, sometimes in the middle of a read
				const page = random() < 0.8 ? 1 : 2;
				// (5xx and resets after all retries are covered above; failures that are not retried keep the soak fast)
				const match = { path: `getMOMessages/43/${page}/` };
				const faults = [{ status: 400, body: 'Bad Request', match }, { body: 'garbage', match }, { status: 403, body: 'Forbidden', match }, { body: '<status>ERROR</status><description>Internal error</description>', match }];
				sandbox.inject(faults[Math.floor(random() * faults.length)]);
			}
			const result = await t.poll().catch(() => 'failed' as const);
			if (result === 'failed') failures++;
			sandbox.state.beforeList = null;
			sandbox.clearFaults();
		}
		// what is left comes with the next polls
		for (let i = 0; i < 100 && (await t.poll()) !== null; i++);
		expect(failures).toBeGreaterThanOrEqual(30); // about 20% of 200
		expect(t.emitted).toHaveLength(expected.length);
		expect(t.emitted).toEqual(expected);
	}, 120_000);

	it('returns the latest message as a sample in manual mode, without touching the state', async () => {
		arrive(3);
		const t = trigger();
		const out = await t.poll('manual');
		expect(out?.map((o) => o.json.text)).toEqual([`mo ${counter}`]);
		expect(decodeCall(sandbox.requests[0], 2).params.slice(1)).toEqual(['1', '1', 'order=desc']);
		expect(t.state).toEqual({});
	});

	it('explains an empty inbox in manual mode', async () => {
		await expect(trigger().poll('manual')).rejects.toThrow(/no incoming message matching the filters yet/);
	});
});

describe('Messangi Trigger: where n8n does not save a poll', () => {
	it('a message that arrives between activation and the first scheduled poll is emitted, though n8n (durable mode) never saved the activation poll', async () => {
		const workflowId = `messangi-activation-${Date.now()}`;
		const params = { event: 'incomingMessage', filters: { from: '58412000001' } };
		// activation's test poll: an empty (filtered) inbox; durable mode discards what it recorded
		arrive(2);
		expect(await pollOnce(MessangiTrigger, optionsFor(sandbox, params, { staticData: {}, mode: 'trigger', workflowId }))).toBeNull();
		sandbox.addIncoming({ text: 'the first matching one', from: '58412000001' });
		// the first scheduled poll gets the committed state: still empty
		const staticData: IDataObject = {};
		const out = await pollOnce(MessangiTrigger, optionsFor(sandbox, params, { staticData, mode: 'trigger', workflowId }));
		expect(out?.map((o) => o.json.text)).toEqual(['the first matching one']);
		expect(staticData.incomingMessage).toMatchObject({ started: true, revision: 2 });
	});
});
