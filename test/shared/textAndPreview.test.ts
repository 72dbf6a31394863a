/**
 * Smart encoding and Preview Message as a user meets them, against each gateway's sandbox: what
 * the gateway receives (nothing, for a preview), and what the output rows say.
 */
import type { INodeType } from 'n8n-workflow';

import { MsegatApi } from '../../credentials/MsegatApi.credentials';
import { SmsClubApi } from '../../credentials/SmsClubApi.credentials';
import { SmsgicApi } from '../../credentials/SmsgicApi.credentials';
import { Messangi } from '../../nodes/Messangi/Messangi.node';
import { Msegat } from '../../nodes/Msegat/Msegat.node';
import { SmsClub } from '../../nodes/SmsClub/SmsClub.node';
import { Smsgic } from '../../nodes/Smsgic/Smsgic.node';
import { runNode, type HarnessOptions } from '../helpers/harness';
import { createMessangiSandbox, decodeCall, fromBase64, optionsFor } from '../Messangi/helpers';

/* eslint-disable @typescript-eslint/no-require-imports */
const { createMsegatSandbox, MSEGAT_USER, MSEGAT_API_KEY } = require('../sandbox/msegat');
const { createSmsgicSandbox, SMSGIC_TOKEN } = require('../sandbox/smsgic');
const { createSmsClubSandbox, SMSCLUB_TOKEN } = require('../sandbox/smsclub');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Sandbox {
	url: string;
	requests: Array<{ path: string; json?: Record<string, unknown> }>;
	listen(): Promise<void>;
	close(): Promise<void>;
	reset(): void;
}

const msegat: Sandbox = createMsegatSandbox({ deliverAfterMs: 50 });
const smsgic: Sandbox = createSmsgicSandbox({ advanceAfterMs: 1e9 });
const smsClub: Sandbox = createSmsClubSandbox({ deliverAfterMs: 50 });
const messangi = createMessangiSandbox();
const sandboxes: Sandbox[] = [msegat, smsgic, smsClub, messangi as unknown as Sandbox];
beforeAll(() => Promise.all(sandboxes.map((s) => s.listen())));
afterAll(() => Promise.all(sandboxes.map((s) => s.close())));
beforeEach(() => sandboxes.forEach((s) => s.reset()));

interface Gateway {
	label: string;
	/** Whether Preview Message offers Include Cost (the gateway publishes a cost call). */
	cost?: { path: string; field: string };
	node: new () => INodeType;
	options(params: HarnessOptions['params'], extra?: Partial<HarnessOptions>): HarnessOptions;
	params: HarnessOptions['params'];
	/** The texts the gateway received in its send requests. */
	sentTexts(): string[];
}

const GATEWAYS: Gateway[] = [
	{
		label: 'Msegat',
		cost: { path: '/gw/calculateCost.php', field: 'points' },
		node: Msegat,
		options: (params, extra = {}) => ({ credentialType: new MsegatApi(), credentials: { userName: MSEGAT_USER, apiKey: MSEGAT_API_KEY, baseUrl: `${msegat.url}/gw` }, params, ...extra }),
		params: { sender: 'MyShop', to: '966501234567' },
		sentTexts: () => msegat.requests.filter((r) => r.path === '/gw/sendsms.php').map((r) => String(r.json?.msg)),
	},
	{
		label: 'SMSgic',
		cost: { path: '/sendings/calculate', field: 'total' },
		node: Smsgic,
		options: (params, extra = {}) => ({ credentialType: new SmsgicApi(), credentials: { accessToken: SMSGIC_TOKEN, baseUrl: smsgic.url }, params, ...extra }),
		params: { sender: 'MegaShop', to: '37120000001' },
		sentTexts: () => smsgic.requests.filter((r) => r.path === '/sendings').map((r) => String(r.json?.message)),
	},
	{
		label: 'SMSClub',
		node: SmsClub,
		options: (params, extra = {}) => ({ credentialType: new SmsClubApi(), credentials: { accessToken: SMSCLUB_TOKEN, baseUrl: smsClub.url }, params, ...extra }),
		params: { sender: 'VashZakaz', to: '380501234567' },
		sentTexts: () => smsClub.requests.filter((r) => r.path === '/sms/send').map((r) => String(r.json?.message)),
	},
	{
		label: 'Messangi',
		node: Messangi,
		options: (params, extra = {}) => optionsFor(messangi, params, extra),
		params: { sender: '19893653744', carrier: '', to: '13056708084' },
		sentTexts: () =>
			messangi.requests.filter((r) => r.path.includes('tools/sendSMS')).map((r) => fromBase64(decodeCall(r, 2).params[4])),
	},
];

const PASTED = `Your order ships today — we’ll text you when it’s out for delivery. Questions? Reply “HELP”…`;
const PLAIN = `Your order ships today - we'll text you when it's out for delivery. Questions? Reply "HELP"...`;

describe.each(GATEWAYS)('$label sms.send with Smart Encoding', (gateway) => {
	const send = (options: Record<string, unknown>) => ({ resource: 'sms', operation: 'send', message: PASTED, ...gateway.params, options });

	it('sends the GSM-7 twin of a pasted text and says what it replaced', async () => {
		const out = await runNode(gateway.node, gateway.options(send({ smartEncoding: true })));
		expect(gateway.sentTexts()).toEqual([PLAIN]);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ status: 'accepted', segments: 1, encoding: 'GSM-7', smartEncoding: { replaced: 6, from: 'UCS-2', to: 'GSM-7' } });
	});

	it('sends the text as written when the option is off (the default)', async () => {
		const out = await runNode(gateway.node, gateway.options(send({})));
		expect(gateway.sentTexts()).toEqual([PASTED]);
		expect(out[0].json).toMatchObject({ segments: 2, encoding: 'UCS-2' });
		expect(out[0].json).not.toHaveProperty('smartEncoding');
	});

	it('sends a text that needs Unicode anyway untouched, with no report', async () => {
		const text = 'Ваше замовлення відправлено — дякуємо!';
		const out = await runNode(gateway.node, gateway.options({ ...send({ smartEncoding: true }), message: text }));
		expect(gateway.sentTexts()).toEqual([text]);
		expect(out[0].json).toMatchObject({ encoding: 'UCS-2' });
		expect(out[0].json).not.toHaveProperty('smartEncoding');
	});

	it('offers the option on every operation the user writes the text of', () => {
		const { properties } = new gateway.node().description;
		const sendOperations = properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => ({ resource: p.displayOptions!.show!.resource![0] as string, operation: o.value })))
			.filter(({ operation }) => operation.startsWith('send'));
		expect(sendOperations.length).toBeGreaterThan(0);
		for (const { resource, operation } of sendOperations) {
			const shown = (p: (typeof properties)[number]) =>
				(p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource) && (p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation);
			const fields = properties.filter(shown);
			if (!fields.some((p) => p.name === 'message')) continue;
			const options = fields.find((p) => p.name === 'options');
			expect([resource, operation, ((options?.options as Array<{ name: string }>) ?? []).map((o) => o.name)]).toEqual([resource, operation, expect.arrayContaining(['smartEncoding'])]);
		}
	});
});

describe('Msegat sms.sendPersonalized with Smart Encoding', () => {
	it('replaces in the template and in the values Msegat fills it with, per recipient', async () => {
		const items = [
			{ phone: '966501234567', name: 'Sara’s shop' },
			{ phone: '966551112233', name: 'عبدالله' },
		];
		const params = { resource: 'sms', operation: 'sendPersonalized', to: (row: { json: { phone: string } }) => row.json.phone, message: 'Hi {name} — your code is ready…', sender: 'MyShop', options: { smartEncoding: true } };
		const out = await runNode(Msegat, GATEWAYS[0].options(params, { items }));
		const sends = msegat.requests.filter((r) => r.path === '/gw/sendVars.php');
		// The Arabic name keeps its item in UCS-2, so the two cannot share a template: two requests.
		expect(sends.map((r) => [r.json?.msg, r.json?.vars])).toEqual(
			expect.arrayContaining([
				['Hi {name} - your code is ready...', [{ name: "Sara's shop" }]],
				['Hi {name} — your code is ready…', [{ name: 'عبدالله' }]],
			]),
		);
		expect(out.map((o) => [o.json.to, o.json.encoding, o.json.smartEncoding])).toEqual([
			['966501234567', 'GSM-7', { replaced: 3, from: 'UCS-2', to: 'GSM-7' }],
			['966551112233', 'UCS-2', undefined],
		]);
	});
});

describe.each(GATEWAYS)('$label sms.preview', (gateway) => {
	const preview = (message: string, options: Record<string, unknown> = {}) => ({ resource: 'sms', operation: 'preview', message, to: gateway.params.to, options });
	const requestsMade = () => sandboxes.reduce((n, s) => n + s.requests.length, 0);

	it('shows the parts, encoding, room left and the characters that force Unicode, calling nobody', async () => {
		const [row] = await runNode(gateway.node, gateway.options(preview('Can’t wait — see you')));
		expect(row.json).toEqual({
			provider: expect.any(String),
			text: 'Can’t wait — see you',
			characters: 20,
			segments: 1,
			encoding: 'UCS-2',
			charactersLeft: 50,
			ucs2Characters: [
				{ char: '’', index: 3 },
				{ char: '—', index: 11 },
			],
		});
		expect(requestsMade()).toBe(0);
	});

	it('reports, for each text, the parts and encoding the send then reports (with and without Smart Encoding)', async () => {
		const texts = [PASTED, PLAIN, 'Ваше замовлення відправлено — дякуємо!', `${'x'.repeat(150)} — €€ done`];
		for (const smartEncoding of [false, true]) {
			for (const message of texts) {
				sandboxes.forEach((s) => s.reset()); // SMSClub refuses the same text to a number twice in 2 minutes
				const [shown] = await runNode(gateway.node, gateway.options(preview(message, { smartEncoding })));
				const [sent] = await runNode(gateway.node, gateway.options({ resource: 'sms', operation: 'send', message, ...gateway.params, options: { smartEncoding } }));
				expect([message, smartEncoding, shown.json.segments, shown.json.encoding, shown.json.smartEncoding]).toEqual([
					message,
					smartEncoding,
					sent.json.segments,
					sent.json.encoding,
					sent.json.smartEncoding,
				]);
				expect(gateway.sentTexts().at(-1)).toBe(shown.json.text);
			}
		}
	});

	it('fills the placeholders from each item when asked, as Send Personalized does', async () => {
		const out = await runNode(gateway.node, gateway.options(preview('Hi {name}, your table is ready', { personalized: true }), { items: [{ name: 'Ana' }, { name: 'Zoë' }] }));
		expect(out.map((o) => o.json.text)).toEqual(['Hi Ana, your table is ready', 'Hi Zoë, your table is ready']);
		expect(out.map((o) => o.json.encoding)).toEqual(['GSM-7', 'UCS-2']);
		const missing = await runNode(gateway.node, gateway.options(preview('Hi {name}', { personalized: true }), { items: [{ other: 1 }] })).catch((e: Error) => e);
		expect((missing as Error).message).toMatch(/\{name\}/);
		expect(requestsMade()).toBe(0);
	});

	if (gateway.cost) {
		const cost = gateway.cost;
		it("adds the gateway's estimate with Include Cost, sending nothing", async () => {
			const [row] = await runNode(gateway.node, gateway.options(preview(PLAIN, { includeCost: true })));
			expect(row.json.cost).toMatchObject({ [cost.field]: expect.any(Number) });
			expect(sandboxes.flatMap((s) => s.requests.map((r) => r.path))).toEqual([cost.path]);
			expect(gateway.sentTexts()).toEqual([]);
		});
	} else {
		it('offers no cost estimate (the gateway publishes no cost call)', () => {
			const options = new gateway.node().description.properties.find((p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('preview'));
			expect((options?.options as Array<{ name: string }>).map((o) => o.name).sort()).toEqual(['personalized', 'smartEncoding']);
		});
	}
});
