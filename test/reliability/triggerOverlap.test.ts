/**
 * Every trigger event, polled the way n8n polls it when the gateway is slow or down: polls that
 * overlap (n8n starts the next one on schedule, whatever the previous is doing), polls that pile
 * up during an outage and all finish once the gateway recovers, and both of n8n's ways of keeping
 * a trigger's state (nodes/shared/poll.ts):
 * - default: one static-data object shared by the polls of an activation, saved when a poll emits;
 * - durable: each poll gets a copy of the committed state; an emitting poll's copy is committed
 *   a moment after the poll returns (with its execution), a silent poll's copy at once.
 * Each new item must be emitted exactly once.
 */
import type { IDataObject, INodeType } from 'n8n-workflow';

import { forgetPolls } from '../../nodes/shared/poll';
import { pollOnce } from '../helpers/harness';
import { PROVIDERS, skipReason, type ProviderEntry, type Sandbox } from './providers';

interface TriggerCase {
	provider: string;
	label: string;
	params: Record<string, unknown>;
	/** Puts the sandbox in a state with nothing to report. */
	quiet(sandbox: Sandbox): void;
	/** Makes news; returns the keys of the items that must be emitted once. */
	produce(sandbox: Sandbox, round: number): string[];
	keyOf(item: IDataObject): string;
	/** Request path part of the poll's reads (for faults). */
	pollPath: string;
	sandboxOptions?: IDataObject;
}

const lowBalance = (provider: string, field: string, pollPath: string): TriggerCase => ({
	provider,
	label: 'lowBalance',
	params: { event: 'lowBalance', threshold: 100 },
	pollPath,
	quiet: (sb) => {
		sb.state[field] = 1000;
	},
	produce: (sb, round) => {
		// each round: back above (one silent poll sees it), then below again
		sb.state[field] = 40 + round;
		return [`${40 + round}`];
	},
	keyOf: (item) => String(item.balance),
});

let messages = 0;
const incoming = (label: string, filters: IDataObject, extra: IDataObject): TriggerCase => ({
	provider: 'messangi',
	label,
	params: { event: 'incomingMessage', filters },
	pollPath: 'getMOMessages',
	quiet: () => {},
	produce: (sb) =>
		[1, 2, 3].map(() => {
			const text = `mo ${++messages}`;
			(sb as Sandbox & { addIncoming(m: IDataObject): void }).addIncoming({ text, from: '58412000001', ...extra });
			// a message the From filter leaves out, when there is one
			if (filters.from) (sb as Sandbox & { addIncoming(m: IDataObject): void }).addIncoming({ text: `other ${messages}`, from: '58412999999' });
			return text;
		}),
	keyOf: (item) => String(item.text),
});

const CASES: TriggerCase[] = [
	lowBalance('smsClub', 'money', '/sms/balance'),
	lowBalance('msegat', 'balance', 'Credits.php'),
	lowBalance('smsgic', 'balance', '/balance'),
	{
		provider: 'smsgic',
		label: 'sendingStatusChanged',
		params: { event: 'sendingStatusChanged' },
		// statuses change only when the test says so
		sandboxOptions: { advanceAfterMs: 1e9 },
		pollPath: '/sendings',
		quiet: () => {},
		produce: (sb) => {
			const control = (sb as unknown as { control: Record<string, (s: Sandbox, b: IDataObject) => { id: number }> }).control;
			const id = control.addSending(sb, { text: 'news' }).id;
			return [`${id}:Pending`];
		},
		keyOf: (item) => `${String(item.sendingId)}:${String(item.status)}`,
	},
	incoming('incomingMessage', {}, {}),
	incoming('incomingMessage with the From filter', { from: '58412000001' }, {}),
];

type Mode = 'default' | 'durable';

/** n8n's side of a trigger: where its state lives between polls, and when it is saved. */
function n8nModel(mode: Mode, runPoll: (staticData: IDataObject) => Promise<IDataObject[] | null>) {
	let committed: IDataObject = {};
	const live: IDataObject = {};
	const emitted: IDataObject[][] = [];
	const commits: Array<Promise<void>> = [];
	const clone = (value: IDataObject) => JSON.parse(JSON.stringify(value)) as IDataObject;
	return {
		emitted,
		async poll(): Promise<void> {
			const staticData = mode === 'default' ? live : clone(committed);
			let items: IDataObject[] | null;
			try {
				items = await runPoll(staticData);
			} catch {
				return; // n8n records a failed poll; nothing is saved
			}
			if (items) emitted.push(items);
			if (mode === 'default') {
				if (items) committed = clone(live);
			} else if (items) {
				// committed with its execution, asynchronously after the poll returned
				commits.push(new Promise((resolve) => setTimeout(() => ((committed = staticData), resolve()), 80)));
			} else {
				committed = staticData;
			}
		},
		settle: () => Promise.all(commits),
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(CASES.map((c) => [`${c.provider} ${c.label}`, c] as const))('%s trigger', (_title, triggerCase) => {
	const entry = PROVIDERS.find((p) => p.name === triggerCase.provider) as ProviderEntry;
	const reason = skipReason(entry);
	const maybe = reason ? it.skip : it;
	let sandbox: Sandbox;
	let Trigger: new () => INodeType;
	let workflows = 0;
	let credentialType: ReturnType<ProviderEntry['load']>['credentialType'];

	beforeAll(async () => {
		if (reason) return;
		const loaded = entry.load();
		Trigger = loaded.Trigger!;
		sandbox = loaded.createSandbox(triggerCase.sandboxOptions ?? {});
		await sandbox.listen();
		credentialType = loaded.credentialType;
	});
	afterAll(async () => {
		if (!reason) await sandbox.close();
	});
	function model(mode: Mode) {
		const workflowId = `overlap-${triggerCase.provider}-${triggerCase.label}-${mode}-${++workflows}`;
		return n8nModel(mode, async (staticData) => {
			const out = await pollOnce(Trigger, {
				credentialType,
				credentials: sandbox.credentials,
				params: triggerCase.params as Record<string, unknown>,
				staticData,
				workflowId,
			});
			return out ? out.map((item) => item.json) : null;
		});
	}

	const keys = (emitted: IDataObject[][]) => emitted.flat().map(triggerCase.keyOf);

	describe.each(['default', 'durable'] as const)('in n8n\'s %s mode', (mode) => {
		beforeEach(() => {
			sandbox.reset();
			forgetPolls();
			triggerCase.quiet(sandbox);
		});

		maybe('two polls started at once against a slow gateway emit each item once', async () => {
			const n8n = model(mode);
			await n8n.poll(); // activation: the starting point
			const expected: string[] = [];
			for (const round of [1, 2]) {
				(sandbox as unknown as { latencyMs: number }).latencyMs = 250;
				expected.push(...triggerCase.produce(sandbox, round));
				// polls every 100 ms against a gateway answering in 250 ms
				await Promise.all([0, 100, 200, 300, 400].map(async (delay) => (await sleep(delay), n8n.poll())));
				await n8n.settle();
				(sandbox as unknown as { latencyMs: number }).latencyMs = 0;
				await n8n.poll();
				await n8n.settle();
				await n8n.poll();
				triggerCase.quiet(sandbox);
				await n8n.poll();
				await n8n.settle();
			}
			expect(keys(n8n.emitted)).toEqual(expected);
		});

		maybe('polls piled up during an outage emit each item once when the gateway recovers', async () => {
			const n8n = model(mode);
			await n8n.poll();
			const expected = triggerCase.produce(sandbox, 1);
			// down for the first attempts of every poll, then back: polls overlap while retrying
			sandbox.inject({ status: 503, times: 3, match: { path: triggerCase.pollPath } });
			(sandbox as unknown as { latencyMs: number }).latencyMs = 100;
			await Promise.all([0, 150, 300, 450].map(async (delay) => (await sleep(delay), n8n.poll())));
			(sandbox as unknown as { latencyMs: number }).latencyMs = 0;
			await n8n.settle();
			await n8n.poll();
			await n8n.settle();
			await n8n.poll();
			expect(keys(n8n.emitted)).toEqual(expected);
		});
	});
});
