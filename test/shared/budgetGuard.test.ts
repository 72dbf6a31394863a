/**
 * The budget guard (options.maxCost, options.requireBalance) against the Msegat and SMSgic
 * sandboxes: a campaign over budget sends nothing, one within it sends exactly once, and the
 * guard's own calls are counted.
 */
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { MsegatApi } from '../../credentials/MsegatApi.credentials';
import { SmsgicApi } from '../../credentials/SmsgicApi.credentials';
import { Messangi } from '../../nodes/Messangi/Messangi.node';
import { Msegat } from '../../nodes/Msegat/Msegat.node';
import { SmsClub } from '../../nodes/SmsClub/SmsClub.node';
import { Smsgic } from '../../nodes/Smsgic/Smsgic.node';
import { runNode, type HarnessOptions } from '../helpers/harness';

/* eslint-disable @typescript-eslint/no-require-imports */
const { createMsegatSandbox, MSEGAT_USER, MSEGAT_API_KEY } = require('../sandbox/msegat');
const { createSmsgicSandbox, SMSGIC_TOKEN } = require('../sandbox/smsgic');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Sandbox {
	url: string;
	requests: Array<{ path: string; json?: Record<string, unknown>; form?: Record<string, string> }>;
	state: { balance: number };
	listen(): Promise<void>;
	close(): Promise<void>;
	reset(): void;
}

const msegat: Sandbox = createMsegatSandbox({ deliverAfterMs: 50 });
const smsgic: Sandbox = createSmsgicSandbox({ advanceAfterMs: 1e9 });
beforeAll(() => Promise.all([msegat.listen(), smsgic.listen()]));
afterAll(() => Promise.all([msegat.close(), smsgic.close()]));
beforeEach(() => [msegat, smsgic].forEach((s) => s.reset()));

const numbers = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ phone: `${prefix}${String(i).padStart(7, '0')}` }));

interface Gateway {
	label: string;
	node: new () => INodeType;
	sandbox: Sandbox;
	options(params: HarnessOptions['params'], extra?: Partial<HarnessOptions>): HarnessOptions;
	bulk: HarnessOptions['params'];
	items: (count: number) => Array<{ phone: string }>;
	sendPath: string;
	costPath: string;
	balancePath: string;
	unit: RegExp;
}

const GATEWAYS: Gateway[] = [
	{
		label: 'Msegat',
		node: Msegat,
		sandbox: msegat,
		options: (params, extra = {}) => ({ credentialType: new MsegatApi(), credentials: { userName: MSEGAT_USER, apiKey: MSEGAT_API_KEY, baseUrl: `${msegat.url}/gw` }, params, ...extra }),
		bulk: { resource: 'sms', operation: 'sendBulk', to: (row: { json: { phone: string } }) => row.json.phone, message: 'Sale today', sender: 'MyShop' },
		items: (count) => numbers('96650', count),
		sendPath: '/gw/sendsms.php',
		costPath: '/gw/calculateCost.php',
		balancePath: '/gw/Credits.php',
		unit: /points/,
	},
	{
		label: 'SMSgic',
		node: Smsgic,
		sandbox: smsgic,
		options: (params, extra = {}) => ({ credentialType: new SmsgicApi(), credentials: { accessToken: SMSGIC_TOKEN, baseUrl: smsgic.url }, params, ...extra }),
		bulk: { resource: 'sms', operation: 'sendBulk', to: (row: { json: { phone: string } }) => row.json.phone, message: 'Sale today', sender: 'MEGA' },
		items: (count) => numbers('3712', count),
		sendPath: '/sendings',
		costPath: '/sendings/calculate',
		balancePath: '/balance',
		unit: /[A-Z]{3}/,
	},
];

describe.each(GATEWAYS)('$label Send Bulk budget guard', (gateway) => {
	const paths = () => gateway.sandbox.requests.map((r) => r.path);
	const run = (options: Record<string, unknown>, count = 3, extra: Partial<HarnessOptions> = {}) =>
		runNode(gateway.node, gateway.options({ ...gateway.bulk, options }, { items: gateway.items(count), ...extra }));

	it('refuses a campaign above Max Cost, sending nothing, in one sentence with the estimate, the balance and the limit', async () => {
		const error = await run({ maxCost: 1 }).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(new RegExp(`^Nothing was sent: ${gateway.label} estimates the campaign at [\\d.]+ ${gateway.unit.source}, more than the Max Cost of 1 ${gateway.unit.source} \\(balance [\\d.]+ ${gateway.unit.source}\\)\\.$`));
		expect(paths()).toEqual([gateway.costPath, gateway.balancePath]);
	});

	it('refuses a campaign the balance does not cover when Require Balance is on', async () => {
		gateway.sandbox.state.balance = 1;
		const error = await run({ requireBalance: true }).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/more than the balance of 1 [^(]*\(no Max Cost set\)\.$/);
		expect(paths()).not.toContain(gateway.sendPath);
	});

	it('names the limit the reason leaves out, and nothing more when both are exceeded', async () => {
		gateway.sandbox.state.balance = 1;
		const balanceOnly = await run({ maxCost: 1000, requireBalance: true }).catch((e: Error) => e);
		expect((balanceOnly as Error).message).toMatch(new RegExp(`more than the balance of 1 ${gateway.unit.source} \\(Max Cost 1000 ${gateway.unit.source}\\)\\.$`));
		const both = await run({ maxCost: 1, requireBalance: true }).catch((e: Error) => e);
		expect((both as Error).message).toMatch(new RegExp(`more than the Max Cost of 1 ${gateway.unit.source} and the balance of 1 ${gateway.unit.source}\\.$`));
		expect(paths()).not.toContain(gateway.sendPath);
	});

	it('with Continue On Fail, every recipient is rejected with that sentence, and nothing is sent', async () => {
		const out = await run({ maxCost: 1 }, 3, { continueOnFail: true });
		expect(out).toHaveLength(3);
		for (const row of out) {
			expect(row.json).toMatchObject({ status: 'rejected', segments: 1, encoding: 'GSM-7' });
			expect(row.json.error).toMatch(/^Nothing was sent: /);
		}
		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
		expect(paths()).not.toContain(gateway.sendPath);
	});

	it('sends a campaign within budget exactly once, after one estimate and one balance read', async () => {
		const out = await run({ maxCost: 1000, requireBalance: true });
		expect(out.map((o) => o.json.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(paths()).toEqual([gateway.costPath, gateway.balancePath, gateway.sendPath]);
	});

	it('asks nothing more when neither option is set', async () => {
		await run({});
		expect(paths()).toEqual([gateway.sendPath]);
	});

	it('asks one estimate per request the send would make (its batch size), within the published limits', async () => {
		gateway.sandbox.state.balance = 1e6;
		const out = await run({ maxCost: 1e6, batchSize: 100 }, 250);
		expect(out).toHaveLength(250);
		expect(paths().filter((p) => p === gateway.costPath)).toHaveLength(3);
		expect(paths().filter((p) => p === gateway.sendPath)).toHaveLength(3);
	});

	it('refuses a negative Max Cost before any request', async () => {
		const error = await run({ maxCost: -5 }).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/"Max Cost" must be a number of 0 or more/);
		expect(paths()).toEqual([]);
	});
});

describe('Msegat Send Personalized budget guard', () => {
	it('prices each length of text once for its recipients, and sends nothing over budget', async () => {
		const items = [
			{ phone: '966500000001', name: 'Ana' },
			{ phone: '966500000002', name: 'Bo' },
			{ phone: '966500000003', name: 'x'.repeat(200) },
		];
		const params = { resource: 'sms', operation: 'sendPersonalized', to: (row: { json: { phone: string } }) => row.json.phone, message: 'Hi {name}, your table is ready', sender: 'MyShop', options: { maxCost: 3 } };
		const error = await runNode(Msegat, GATEWAYS[0].options(params, { items })).catch((e: Error) => e);
		// 1 + 1 points for the short texts, 2 parts for the long one: 4 > 3
		expect((error as Error).message).toMatch(/estimates the campaign at 4 points, more than the Max Cost of 3 points/);
		const costs = msegat.requests.filter((r) => r.path === '/gw/calculateCost.php');
		expect(costs).toHaveLength(2);
		expect(msegat.requests.map((r) => r.path)).not.toContain('/gw/sendVars.php');
	});
});

describe('where the budget guard is offered', () => {
	const optionNames = (node: INodeType, operation: string) =>
		(
			(node.description.properties.find((p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes(operation))?.options as INodeProperties[] | undefined) ?? []
		).map((o) => o.name);

	const nodes: Record<string, INodeType> = { Msegat: new Msegat(), SMSgic: new Smsgic(), SMSClub: new SmsClub(), Messangi: new Messangi() };
	it.each([
		['Msegat', 'sendBulk', true],
		['Msegat', 'sendPersonalized', true],
		['Msegat', 'send', false],
		['SMSgic', 'sendBulk', true],
		['SMSgic', 'send', false],
		['SMSClub', 'sendBulk', false],
		['SMSClub', 'sendPersonalized', false],
		['Messangi', 'sendBulk', false],
	] as const)('%s %s: %s', (label, operation, offered) => {
		const names = optionNames(nodes[label], operation);
		expect([operation, names.includes('maxCost'), names.includes('requireBalance')]).toEqual([operation, offered, offered]);
	});
});
