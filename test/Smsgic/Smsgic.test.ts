import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SmsgicApi } from '../../credentials/SmsgicApi.credentials';
import { Smsgic } from '../../nodes/Smsgic/Smsgic.node';
import { CALCULATE_LIMIT } from '../../nodes/Smsgic/transport';
import { createContext, runCredentialTest, runNode, type HarnessOptions } from '../helpers/harness';
import { documentReply, documentRequests } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSmsgicSandbox, SMSGIC_TOKEN } = require('../sandbox/smsgic');

// Statuses stay Pending unless a test moves them (a separate test watches them advance).
const sandbox = createSmsgicSandbox({ advanceAfterMs: 1e9 });
const credentialType = new SmsgicApi();

beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

interface SandboxRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	json: Record<string, unknown> & { recipients?: string[] };
	body: string;
}
const requests = (): SandboxRequest[] => sandbox.requests;
const item = (row: { pairedItem?: unknown }) => (row.pairedItem as { item: number }).item;

function options(params: HarnessOptions['params'], extra: Partial<HarnessOptions> = {}): HarnessOptions {
	return { credentialType, credentials: { accessToken: SMSGIC_TOKEN, baseUrl: sandbox.url }, params, ...extra };
}

const send = (extra: HarnessOptions['params'] = {}) => ({
	resource: 'sms',
	operation: 'send',
	to: '+371 2000-0001',
	message: 'Your order has shipped',
	sender: 'MegaShop',
	...extra,
});

const bulk = (extra: HarnessOptions['params'] = {}) => ({
	resource: 'sms',
	operation: 'sendBulk',
	to: (row: { json: { phone: string } }) => row.json.phone,
	message: 'Sale today',
	sender: 'MEGA',
	...extra,
});

describe('SMSgic node description', () => {
	it('uses the public names of the contract', () => {
		const { description } = new Smsgic();
		expect(description.name).toBe('smsgic');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'smsgicApi', required: true }]);
		const operationsOf = (resource: string) =>
			description.properties
				.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))
				.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => o.value))
				.sort();
		expect(operationsOf('sms')).toEqual(['getAll', 'getCost', 'getStatus', 'preview', 'send', 'sendBulk']);
		expect(operationsOf('account')).toEqual(['getBalance', 'getRates', 'getServiceStatus']);
		expect(operationsOf('sender')).toEqual(['getAll']);
		const names = new Set(description.properties.map((p) => p.name));
		for (const name of ['to', 'message', 'sender', 'options', 'sendingId', 'returnAll', 'limit', 'filters']) expect(names).toContain(name);
		const filters = description.properties.find((p) => p.name === 'filters')!;
		expect((filters.options as Array<{ name: string }>).map((o) => o.name).sort()).toEqual(['country', 'countryId', 'mcc', 'mnc']);
		const sendOptions = description.properties.find((p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('send'))!;
		expect((sendOptions.options as Array<{ name: string }>).map((o) => o.name)).toEqual(['scheduleAt', 'smartEncoding']);
	});
});

describe('SMSgic sms.send', () => {
	it('creates one sending per item with the documented request and one row per recipient', async () => {
		const out = await runNode(Smsgic, options(send({ to: '37120000001, +44 7700 900123' })));
		const [request] = requests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/sendings');
		expect(request.headers.authorization).toBe(`Bearer ${SMSGIC_TOKEN}`);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(request.headers.accept).toBe('application/json');
		expect(request.json).toEqual({ message: 'Your order has shipped', recipients: ['37120000001', '447700900123'], sender: 'MegaShop' });
		expect(out.map((o) => o.json)).toEqual([
			{ provider: 'smsgic', to: '37120000001', status: 'accepted', sendingId: 301, segments: 1, encoding: 'GSM-7' },
			{ provider: 'smsgic', to: '447700900123', status: 'accepted', sendingId: 301, segments: 1, encoding: 'GSM-7' },
		]);
		expect(out.map(item)).toEqual([0, 0]);
	});

	it('has the keys of the document example and sends recipients as a real list', async () => {
		await runNode(Smsgic, options(send({ options: { scheduleAt: '2023-08-22T09:03:42Z' } })));
		const body = requests()[0].json;
		expect(Object.keys(body).sort()).toEqual(Object.keys(documentRequests.createSending).sort());
		expect(body.scheduled_at).toBe(documentRequests.createSending.scheduled_at);
		expect(Array.isArray(body.recipients)).toBe(true);
	});

	it("converts scheduleAt from the workflow's time zone to UTC in Y-m-d H:i:s", async () => {
		const out = await runNode(Smsgic, options(send({ options: { scheduleAt: '2026-07-01T12:00:00' } }), { timezone: 'Europe/Riga' }));
		expect(requests()[0].json.scheduled_at).toBe('2026-07-01 09:00:00');
		expect(out[0].json.scheduledAt).toBe('2026-07-01T09:00:00Z');
		await runNode(Smsgic, options(send({ options: { scheduleAt: '2026-01-15 08:30' } }), { timezone: 'America/New_York' }));
		expect(requests()[1].json.scheduled_at).toBe('2026-01-15 13:30:00');
	});

	it('rejects a bad schedule before any request', async () => {
		const error = await runNode(Smsgic, options(send({ options: { scheduleAt: 'next tuesday' } }))).catch((e) => e);
		expect(error.message).toContain('[item 0]');
		expect(error.message).toContain('options.scheduleAt');
		expect(requests()).toHaveLength(0);
	});

	it('counts UCS-2 segments for text outside GSM-7', async () => {
		const out = await runNode(Smsgic, options(send({ message: 'Jūsu pasūtījums ir nosūtīts! '.repeat(3) })));
		expect(out[0].json).toMatchObject({ encoding: 'UCS-2', segments: 2 });
	});

	it.each([
		['1234567', 'has 7 digits'],
		['123456789012345678901', 'has 21 digits'],
		['3712000abc', 'is not a phone number'],
	])('rejects %s before any request, naming item and field', async (bad, words) => {
		const error = await runNode(Smsgic, options(send({ to: (_: unknown, i: number) => (i === 1 ? bad : '37120000001') }), { items: [{}, {}] })).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('[item 1]');
		expect(error.message).toContain(`"${bad}" in "to"`);
		expect(error.message).toContain(words);
		expect(requests()).toHaveLength(1); // item 0 went out before item 1 was read
	});

	it('rejects an empty message and a missing sender before any request', async () => {
		expect((await runNode(Smsgic, options(send({ message: ' ' }))).catch((e) => e)).message).toContain('The message is empty');
		expect((await runNode(Smsgic, options(send({ sender: '' }))).catch((e) => e)).message).toContain('No sender is set');
		expect(requests()).toHaveLength(0);
	});

	it('turns a 422 into one sentence naming the field, as a rejected row with Continue On Fail', async () => {
		const out = await runNode(Smsgic, options(send({ sender: 'NotMine' }), { continueOnFail: true }));
		expect(out[0].json).toMatchObject({ provider: 'smsgic', to: '37120000001', status: 'rejected' });
		expect(out[0].json.error).toBe(
			'SMSgic refused the request (HTTP 422) because of Sender ("The selected sender is invalid"); correct it and run again.',
		);
	});

	it('fails the node with the 422 sentence when Continue On Fail is off', async () => {
		sandbox.inject({ status: 422, body: documentReply('create-sending.422-sender') });
		const error = await runNode(Smsgic, options(send())).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('[item 0] SMSgic refused the request (HTTP 422) because of Sender ("Please send `sender` post parameter');
		expect(error.message).toContain('1 of 1 recipient(s) not accepted');
	});

	it('refuses a sending the balance cannot pay for, with SMSgic\'s reason', async () => {
		sandbox.state.balance = 0.01;
		const out = await runNode(Smsgic, options(send(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('rejected');
		expect(out[0].json.error).toContain('does not have enough balance');
	});

	it('reads the document reply (trailing commas included) as an accepted sending', async () => {
		sandbox.inject({ body: documentReply('create-sending.200') });
		const out = await runNode(Smsgic, options(send()));
		expect(out[0].json).toMatchObject({ status: 'accepted', sendingId: 458 });
	});

	it('marks recipients unknown when the reply has no sending_id', async () => {
		sandbox.inject({ body: '{"message":"SMS champing created"}' });
		const out = await runNode(Smsgic, options(send(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(out[0].json.error).toContain('no "sending_id"');
	});
});

describe('SMSgic faults: nothing is sent twice', () => {
	it('retries a 429 (honouring Retry-After) and creates the sending exactly once', async () => {
		sandbox.inject({ status: 429, headers: { 'retry-after': '0' }, times: 2 });
		const out = await runNode(Smsgic, options(send()));
		expect(out[0].json.status).toBe('accepted');
		expect(requests()).toHaveLength(3);
		expect(sandbox.processed('/sendings')).toHaveLength(1);
		expect(sandbox.state.sendings.size).toBe(1);
	});

	it('reports unknown and does not re-send after a 500 once the body was read', async () => {
		sandbox.inject({ status: 500, afterProcessing: true, body: '{"message":"Server Error"}' });
		const out = await runNode(Smsgic, options(send(), { continueOnFail: true }));
		expect(out[0].json).toMatchObject({ status: 'unknown', to: '37120000001' });
		expect(out[0].json.error).toContain('not sent again');
		expect(requests()).toHaveLength(1);
		expect(sandbox.state.sendings.size).toBe(1);
	});

	it('reports unknown and does not re-send after a connection reset', async () => {
		sandbox.inject({ reset: true, afterProcessing: true });
		const out = await runNode(Smsgic, options(send(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(requests()).toHaveLength(1);
		expect(sandbox.state.sendings.size).toBe(1);
	});

	it('reports unknown for a reply that is not JSON, without re-sending', async () => {
		sandbox.inject({ body: '<html>gateway hiccup' });
		const out = await runNode(Smsgic, options(send(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(out[0].json.error).toContain('not valid JSON');
		expect(out[0].json.error).toContain('not sent again');
		expect(requests()).toHaveLength(1);
	});

	it('rejects (never sent) when the gateway cannot be reached', async () => {
		const out = await runNode(Smsgic, options(send(), { continueOnFail: true, credentials: { accessToken: SMSGIC_TOKEN, baseUrl: 'http://127.0.0.1:1' } }));
		expect(out[0].json.status).toBe('rejected');
		expect(out[0].json.error).toContain('ECONNREFUSED');
		expect(out[0].json.error).toContain('nothing was sent');
	});

	it('retries reads after a 5xx', async () => {
		sandbox.inject({ status: 503, times: 2 });
		const out = await runNode(Smsgic, options({ resource: 'account', operation: 'getBalance' }));
		expect(out[0].json).toEqual({ provider: 'smsgic', balance: 450, currency: 'GBP', currencySign: '£' });
		expect(requests()).toHaveLength(3);
	});

	it('says the access token was rejected, and never shows it', async () => {
		const error = await runNode(
			Smsgic,
			options({ resource: 'account', operation: 'getBalance' }, { credentials: { accessToken: 'wrong-token-123', baseUrl: sandbox.url } }),
		).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'[item 0] SMSgic says the access token was rejected (HTTP 401). Create a new access token in the SMSgic dashboard and paste it into the SMSgic API credential.',
		);
		expect(JSON.stringify({ message: error.message, description: error.description, context: error.context })).not.toContain('wrong-token-123');
	});

	it('removes the token from a reply that echoes it', async () => {
		sandbox.inject({ status: 422, body: JSON.stringify({ message: `Token ${SMSGIC_TOKEN} may not send`, errors: { sender: [`${SMSGIC_TOKEN} has no sender`] } }) });
		const out = await runNode(Smsgic, options(send(), { continueOnFail: true }));
		expect(JSON.stringify(out)).not.toContain(SMSGIC_TOKEN);
		expect(out[0].json.error).toContain('***');
	});
});

describe('SMSgic sms.sendBulk', () => {
	it('sends the recipients of all items as ONE sending, one row per recipient paired to its item', async () => {
		const items = Array.from({ length: 250 }, (_, i) => ({ phone: `3712${String(i).padStart(7, '0')}` }));
		const out = await runNode(Smsgic, options(bulk(), { items }));
		expect(requests()).toHaveLength(1);
		expect(requests()[0].json.recipients).toHaveLength(250);
		expect(out).toHaveLength(250);
		expect(out.every((o, i) => o.json.status === 'accepted' && o.json.sendingId === 301 && item(o) === i && o.json.to === items[i].phone)).toBe(true);
	});

	it('splits only above the batch size (default 1000)', async () => {
		const items = Array.from({ length: 2500 }, (_, i) => ({ phone: `3712${String(i).padStart(7, '0')}` }));
		sandbox.state.balance = 1e6;
		const out = await runNode(Smsgic, options(bulk(), { items }));
		expect(requests().map((r) => r.json.recipients?.length)).toEqual([1000, 1000, 500]);
		expect(new Set(out.map((o) => o.json.sendingId))).toEqual(new Set([301, 302, 303]));

		sandbox.reset();
		await runNode(Smsgic, options(bulk({ options: { batchSize: 2 } }), { items: items.slice(0, 5) }));
		expect(requests().map((r) => r.json.recipients)).toEqual([
			['37120000000', '37120000001'],
			['37120000002', '37120000003'],
			['37120000004'],
		]);
	});

	it('creates the sendings of a large list Parallel Requests at a time, rows in recipient order', async () => {
		const items = Array.from({ length: 30 }, (_, i) => ({ phone: `3712${String(i).padStart(7, '0')}` }));
		sandbox.latencyMs = 150;
		try {
			const out = await runNode(Smsgic, options(bulk({ options: { batchSize: 10, concurrency: 3 } }), { items }));
			const times = requests().map((r) => (r as typeof r & { time: number }).time);
			expect(times).toHaveLength(3);
			expect(Math.max(...times) - Math.min(...times)).toBeLessThan(140); // all three before any answer
			expect(out.map((o) => o.json.to)).toEqual(items.map((i) => i.phone));
			expect(out.every((o) => o.json.status === 'accepted')).toBe(true);
		} finally {
			sandbox.latencyMs = 0;
		}
	});

	it('sends a number listed twice only once, paired to the first item that listed it', async () => {
		const out = await runNode(Smsgic, options(bulk(), { items: [{ phone: '37120000001' }, { phone: '+371 2000 0001; 4512345678' }] }));
		expect(requests()[0].json.recipients).toEqual(['37120000001', '4512345678']);
		expect(out.map((o) => [o.json.to, item(o)])).toEqual([
			['37120000001', 0],
			['4512345678', 1],
		]);
	});

	it('makes a separate sending for items whose text or schedule differ', async () => {
		const items = [
			{ phone: '37120000001', text: 'A' },
			{ phone: '37120000002', text: 'B' },
			{ phone: '37120000003', text: 'A' },
		];
		const out = await runNode(Smsgic, options(bulk({ message: (row: { json: { text: string } }) => row.json.text }), { items }));
		expect(requests().map((r) => [r.json.message, r.json.recipients])).toEqual([
			['A', ['37120000001', '37120000003']],
			['B', ['37120000002']],
		]);
		expect(out.map(item)).toEqual([0, 1, 2]);
	});

	it('fails before any request when one item has a bad number, and skips only that item with Continue On Fail', async () => {
		const items = [{ phone: '37120000001' }, { phone: '12' }, { phone: '37120000003' }];
		const error = await runNode(Smsgic, options(bulk(), { items })).catch((e) => e);
		expect(error.message).toContain('[item 1]');
		expect(error.message).toContain('"12" in "to"');
		expect(requests()).toHaveLength(0);

		const out = await runNode(Smsgic, options(bulk(), { items, continueOnFail: true }));
		expect(out.map((o) => o.json.status ?? 'error')).toEqual(['accepted', 'error', 'accepted']);
		expect(requests()).toHaveLength(1);
	});

	it('rejects a batch size below 1 before any request', async () => {
		const error = await runNode(Smsgic, options(bulk({ options: { batchSize: 0 } }), { items: [{ phone: '37120000001' }] })).catch((e) => e);
		expect(error.message).toContain('options.batchSize');
		expect(requests()).toHaveLength(0);
	});

	it('with a 500 after the second batch was accepted: that batch is unknown, the others are sent once', async () => {
		const items = Array.from({ length: 6 }, (_, i) => ({ phone: `3712000000${i}` }));
		sandbox.inject({ status: 500, afterProcessing: true, match: (r: SandboxRequest) => r.json?.recipients?.[0] === '37120000002' });
		const out = await runNode(Smsgic, options(bulk({ options: { batchSize: 2 } }), { items, continueOnFail: true }));
		expect(out.map((o) => o.json.status)).toEqual(['accepted', 'accepted', 'unknown', 'unknown', 'accepted', 'accepted']);
		expect(requests()).toHaveLength(3);
		expect(sandbox.state.sendings.size).toBe(3);
	});
});

describe('SMSgic sms.getCost', () => {
	it('sends the documented calculate request and adds the local segment estimate', async () => {
		const out = await runNode(Smsgic, options({ resource: 'sms', operation: 'getCost', to: '4512345678, 6512345678, 37120000001', message: 'Hello' }));
		const [request] = requests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/sendings/calculate');
		expect(request.json).toEqual({ message: 'Hello', recipients: ['4512345678', '6512345678', '37120000001'] });
		expect(Object.keys(request.json).sort()).toEqual(Object.keys(documentRequests.calculate).sort());
		expect(out[0].json).toMatchObject({ provider: 'smsgic', recipients: 3, total: 1.3397, smsCount: 3, segments: 1, encoding: 'GSM-7' });
		expect((out[0].json.destinations as Array<{ destination: string }>).map((d) => d.destination)).toEqual(['Denmark Telenor', 'Singapore', 'Latvia LMT']);
	});

	it('maps the document reply to totals and a per-destination breakdown', async () => {
		sandbox.inject({ body: documentReply('calculate.200') });
		const out = await runNode(Smsgic, options({ resource: 'sms', operation: 'getCost', to: '45879921, 6523478945, 7554684221', message: 'message' }));
		expect(out[0].json).toEqual({
			provider: 'smsgic',
			recipients: 3,
			total: 1.35,
			subtotal: 1.35,
			tax: 0,
			smsCount: 3,
			destinations: [
				{ destination: 'Denmark Telenor', smsCount: 1, price: 0.45, total: 0.45, numbers: [{ to: '45879921', destination: 'Denmark Telenor', sms: 1, rate: 0.45, total: 0.45 }] },
				{ destination: 'Singapore', smsCount: 1, price: 0.45, total: 0.45, numbers: [{ to: '6523478945', destination: 'Singapore', sms: 1, rate: 0.45, total: 0.45 }] },
				{ destination: 'Russia', smsCount: 1, price: 0.45, total: 0.45, numbers: [{ to: '7554684221', destination: 'Russia', sms: 1, rate: 0.45, total: 0.45 }] },
			],
			segments: 1,
			encoding: 'GSM-7',
		});
	});

	it('names both fields of a 422 from calculate', async () => {
		sandbox.inject({ status: 422, body: documentReply('calculate.422-data') });
		const error = await runNode(Smsgic, options({ resource: 'sms', operation: 'getCost', to: '4512345678', message: 'x' })).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('because of Message (');
		expect(error.message).toContain(') and To (');
	});

	it('keeps calculate requests within the published limit across many items', async () => {
		const saved = { ...CALCULATE_LIMIT };
		// A fresh gateway URL gets a fresh limiter; shrink "3000 a minute" to "3 in 400 ms" to watch it work.
		CALCULATE_LIMIT.perWindow = 3;
		CALCULATE_LIMIT.windowMs = 400;
		const limited = createSmsgicSandbox({ calculateLimit: { perWindow: 3, windowMs: 380 } });
		await limited.listen();
		try {
			const started = Date.now();
			const items = Array.from({ length: 8 }, (_, i) => ({ phone: `4512345${String(i).padStart(3, '0')}` }));
			const out = await runNode(Smsgic, {
				credentialType,
				credentials: { accessToken: SMSGIC_TOKEN, baseUrl: limited.url },
				params: { resource: 'sms', operation: 'getCost', to: (row: { json: { phone: string } }) => row.json.phone, message: 'Hi' },
				items,
			});
			expect(out).toHaveLength(8);
			expect(limited.requests).toHaveLength(8); // no 429 was provoked, so nothing was retried
			expect(Date.now() - started).toBeGreaterThanOrEqual(800);
		} finally {
			Object.assign(CALCULATE_LIMIT, saved);
			await limited.close();
		}
	});
});

describe('SMSgic sms.getStatus and sms.getAll', () => {
	it('gets the status of a sending by the id Send returned', async () => {
		const sent = await runNode(Smsgic, options(send()));
		sandbox.requests.length = 0;
		const out = await runNode(Smsgic, options({ resource: 'sms', operation: 'getStatus', sendingId: (row: { json: { sendingId: number } }) => row.json.sendingId }, { items: [sent[0].json] }));
		expect(requests()[0]).toMatchObject({ method: 'GET', path: '/sendings/301' });
		expect(out[0].json).toMatchObject({ provider: 'smsgic', sendingId: 301, status: 'Pending' });
		expect(typeof out[0].json.updatedAt).toBe('string');
		expect(typeof out[0].json.scheduledAt).toBe('string');
	});

	it('maps the document reply', async () => {
		sandbox.inject({ status: 200, body: documentReply('sending.200') });
		const out = await runNode(Smsgic, options({ resource: 'sms', operation: 'getStatus', sendingId: '301' }));
		expect(out[0].json).toEqual({
			provider: 'smsgic',
			sendingId: 301,
			status: 'Draft',
			updatedAt: '2023-04-11T15:46:26.000000Z',
			scheduledAt: '2023-04-11 15:46:26',
		});
	});

	it('says the sending does not exist on a 404', async () => {
		const error = await runNode(Smsgic, options({ resource: 'sms', operation: 'getStatus', sendingId: '999' })).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('[item 0] SMSgic says the sending 999 does not exist (HTTP 404)');
		const out = await runNode(Smsgic, options({ resource: 'sms', operation: 'getStatus', sendingId: '999' }, { continueOnFail: true }));
		expect(out[0].json.error).toContain('does not exist');
	});

	it('rejects an id that is not a whole number before any request', async () => {
		const error = await runNode(Smsgic, options({ resource: 'sms', operation: 'getStatus', sendingId: 'abc' })).catch((e) => e);
		expect(error.message).toContain('"abc" in "sendingId"');
		expect(requests()).toHaveLength(0);
	});

	it('lists sendings from the plain list, honouring limit and returnAll', async () => {
		for (let i = 0; i < 5; i++) await runNode(Smsgic, options(send({ message: `m${i}` })));
		sandbox.requests.length = 0;
		const limited = await runNode(Smsgic, options({ resource: 'sms', operation: 'getAll', returnAll: false, limit: 2 }));
		expect(requests()[0]).toMatchObject({ method: 'GET', path: '/sendings', query: {} });
		expect(limited.map((o) => o.json.sendingId)).toEqual([301, 302]);
		const all = await runNode(Smsgic, options({ resource: 'sms', operation: 'getAll', returnAll: true }));
		expect(all.map((o) => o.json.sendingId)).toEqual([301, 302, 303, 304, 305]);
		expect(all[0].json).toMatchObject({ provider: 'smsgic', status: 'Pending', text: 'm0', totalSms: 1 });
	});

	it('follows a paginated envelope page by page, and stops at the limit', async () => {
		for (let i = 0; i < 5; i++) await runNode(Smsgic, options(send({ message: `m${i}` })));
		sandbox.state.pageSize = 2;
		sandbox.requests.length = 0;
		const all = await runNode(Smsgic, options({ resource: 'sms', operation: 'getAll', returnAll: true }));
		expect(all.map((o) => o.json.sendingId)).toEqual([301, 302, 303, 304, 305]);
		expect(requests().map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
		sandbox.requests.length = 0;
		const three = await runNode(Smsgic, options({ resource: 'sms', operation: 'getAll', returnAll: false, limit: 3 }));
		expect(three).toHaveLength(3);
		expect(requests()).toHaveLength(2);
	});

	it('maps the document list', async () => {
		sandbox.inject({ body: documentReply('sendings.200') });
		const out = await runNode(Smsgic, options({ resource: 'sms', operation: 'getAll', returnAll: true }));
		expect(out[1].json).toEqual({
			provider: 'smsgic',
			sendingId: 452,
			status: 'Pending',
			text: 'SEND SMS FOR ME',
			createdAt: '2023-06-06T12:39:35.000000Z',
			scheduledAt: '2023-06-06 12:39:35',
			totalSms: 2,
		});
	});

	it('watches a sending advance from Pending to Completed', async () => {
		const moving = createSmsgicSandbox({ advanceAfterMs: 60 });
		await moving.listen();
		try {
			const run = (params: HarnessOptions['params']) =>
				runNode(Smsgic, { credentialType, credentials: { accessToken: SMSGIC_TOKEN, baseUrl: moving.url }, params });
			const [sent] = await run(send());
			const seen = [(await run({ resource: 'sms', operation: 'getStatus', sendingId: String(sent.json.sendingId) }))[0].json.status];
			await new Promise((r) => setTimeout(r, 80));
			seen.push((await run({ resource: 'sms', operation: 'getStatus', sendingId: String(sent.json.sendingId) }))[0].json.status);
			await new Promise((r) => setTimeout(r, 80));
			seen.push((await run({ resource: 'sms', operation: 'getStatus', sendingId: String(sent.json.sendingId) }))[0].json.status);
			expect(seen).toEqual(['Pending', 'Processing', 'Completed']);
		} finally {
			await moving.close();
		}
	});
});

describe('SMSgic account and sender', () => {
	it('reads the balance as a number with currency code and sign (document sample too)', async () => {
		const out = await runNode(Smsgic, options({ resource: 'account', operation: 'getBalance' }));
		expect(requests()[0]).toMatchObject({ method: 'GET', path: '/balance' });
		expect(out[0].json).toEqual({ provider: 'smsgic', balance: 450, currency: 'GBP', currencySign: '£' });
		sandbox.inject({ body: documentReply('balance.200') });
		expect((await runNode(Smsgic, options({ resource: 'account', operation: 'getBalance' })))[0].json.balance).toBe(450);
	});

	it('reports an unreadable balance instead of a wrong number', async () => {
		sandbox.inject({ body: '{"balance":"n/a"}' });
		const error = await runNode(Smsgic, options({ resource: 'account', operation: 'getBalance' })).catch((e) => e);
		expect(error.message).toContain('no readable "balance"');
	});

	it('gets rates with the filters in the query string, one item per rate', async () => {
		const out = await runNode(Smsgic, options({ resource: 'account', operation: 'getRates', filters: { mcc: '218', mnc: 'null', country: 'lat' } }));
		expect(requests()[0]).toMatchObject({ method: 'GET', path: '/rates', query: { mcc: '218', mnc: 'null', country: 'lat' } });
		expect(out.map((o) => o.json)).toEqual([{ provider: 'smsgic', mcc: '218', mnc: null, country: 'Latvia', rate: 0.4397 }]);
		sandbox.requests.length = 0;
		await runNode(Smsgic, options({ resource: 'account', operation: 'getRates', filters: { mcc: '742', mnc: '551', country: 'Latvia', countryId: 1 } }));
		// the document's filter set, same names and values (as query text)
		expect(requests()[0].query).toEqual(Object.fromEntries(Object.entries(documentRequests.rates).map(([k, v]) => [k, String(v)])));
		sandbox.requests.length = 0;
		const all = await runNode(Smsgic, options({ resource: 'account', operation: 'getRates', filters: {} }));
		expect(requests()[0].query).toEqual({});
		expect(all.length).toBeGreaterThan(4);
	});

	it('maps the document rates sample', async () => {
		sandbox.inject({ body: documentReply('rates.200') });
		const out = await runNode(Smsgic, options({ resource: 'account', operation: 'getRates' }));
		expect(out.map((o) => o.json.mnc)).toEqual(['90', null, '05', '03']);
	});

	it('rejects an MNC without MCC before any request, naming the field', async () => {
		const error = await runNode(Smsgic, options({ resource: 'account', operation: 'getRates', filters: { mnc: '01' } })).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('[item 0]');
		expect(error.message).toContain('"filters.mcc" is empty');
		expect(error.description).toContain('"filters.mcc"');
		expect(requests()).toHaveLength(0);
	});

	it('reports the service status: ok for ["OK"], not ok otherwise, without failing', async () => {
		const up = await runNode(Smsgic, options({ resource: 'account', operation: 'getServiceStatus' }));
		expect(requests()[0]).toMatchObject({ method: 'GET', path: '/status' });
		expect(up[0].json).toEqual({ provider: 'smsgic', ok: true, status: 'OK' });
		sandbox.inject({ body: documentReply('status.200') });
		expect((await runNode(Smsgic, options({ resource: 'account', operation: 'getServiceStatus' })))[0].json.ok).toBe(true);

		sandbox.state.serviceStatus = ['MAINTENANCE'];
		const maintenance = await runNode(Smsgic, options({ resource: 'account', operation: 'getServiceStatus' }));
		expect(maintenance[0].json).toMatchObject({ ok: false, status: 'MAINTENANCE' });
		expect(maintenance[0].json.reason).toContain('MAINTENANCE instead of OK');

		sandbox.inject({ status: 503, times: 4 });
		const down = await runNode(Smsgic, options({ resource: 'account', operation: 'getServiceStatus' }));
		expect(down[0].json).toMatchObject({ ok: false, status: null, httpCode: 503 });
		expect(down[0].json.reason).toContain('HTTP 503');
	});

	it('lists senders, also as the Sender load options', async () => {
		const out = await runNode(Smsgic, options({ resource: 'sender', operation: 'getAll' }));
		expect(requests()[0]).toMatchObject({ method: 'GET', path: '/senders' });
		expect(out.map((o) => o.json)).toEqual([
			{ provider: 'smsgic', id: 45, sender: 'MegaShop' },
			{ provider: 'smsgic', id: 46, sender: 'DSTLCKDM' },
			{ provider: 'smsgic', id: 136, sender: 'MEGA' },
		]);
		const node = new Smsgic();
		const { loadOptions } = createContext(options({}));
		expect(await node.methods.loadOptions.getSenders.call(loadOptions)).toEqual([
			{ name: 'MegaShop', value: 'MegaShop' },
			{ name: 'DSTLCKDM', value: 'DSTLCKDM' },
			{ name: 'MEGA', value: 'MEGA' },
		]);
		sandbox.inject({ body: documentReply('senders.200') });
		expect((await runNode(Smsgic, options({ resource: 'sender', operation: 'getAll' }))).map((o) => o.json.sender)).toEqual(['MegaShop', 'DSTLCKDM', 'MEGA']);
	});
});

describe('SMSgic credential', () => {
	it('tests the token with GET /balance and explains a 401', async () => {
		const ok = await runCredentialTest(credentialType, { accessToken: SMSGIC_TOKEN, baseUrl: `${sandbox.url}/` });
		expect(ok.statusCode).toBe(200);
		expect(requests()[0]).toMatchObject({ method: 'GET', path: '/balance' });
		expect(requests()[0].headers.authorization).toBe(`Bearer ${SMSGIC_TOKEN}`);
		expect(requests()[0].headers.accept).toBe('application/json');
		const bad = await runCredentialTest(credentialType, { accessToken: 'nope', baseUrl: sandbox.url });
		expect(bad.statusCode).toBe(401);
		expect(bad.message).toContain('the access token was rejected');
	});
});
