import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SmsClubApi } from '../../credentials/SmsClubApi.credentials';
import { SmsClub } from '../../nodes/SmsClub/SmsClub.node';
import { SmsClubTrigger } from '../../nodes/SmsClub/SmsClubTrigger.node';
import { createContext, pollOnce, runCredentialTest, runNode, type HarnessOptions } from '../helpers/harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSmsClubSandbox, SMSCLUB_TOKEN } = require('../sandbox/smsclub');

const sandbox = createSmsClubSandbox({ deliverAfterMs: 50 });
const credentialType = new SmsClubApi();

beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function options(params: HarnessOptions['params'], extra: Partial<HarnessOptions> = {}): HarnessOptions {
	return {
		credentialType,
		credentials: { accessToken: SMSCLUB_TOKEN, baseUrl: sandbox.url },
		params,
		...extra,
	};
}

const send = (extra: HarnessOptions['params'] = {}) => ({
	resource: 'sms',
	operation: 'send',
	to: '+380 50-123 4567',
	message: 'Your order has shipped',
	sender: 'VashZakaz',
	...extra,
});

describe('SMSClub sms.send', () => {
	it('sends the documented request and outputs one accepted row per recipient', async () => {
		const out = await runNode(SmsClub, options(send({ to: '380501234567, 380671112233' })));
		const [request] = sandbox.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/sms/send');
		expect(request.headers.authorization).toBe(`Bearer ${SMSCLUB_TOKEN}`);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(request.json).toEqual({ phone: ['380501234567', '380671112233'], message: 'Your order has shipped', src_addr: 'VashZakaz' });
		expect(out.map((o) => o.json)).toEqual([
			{ provider: 'smsClub', to: '380501234567', status: 'accepted', messageId: '100', segments: 1, encoding: 'GSM-7' },
			{ provider: 'smsClub', to: '380671112233', status: 'accepted', messageId: '101', segments: 1, encoding: 'GSM-7' },
		]);
		expect(out.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('passes the integration id option', async () => {
		await runNode(SmsClub, options(send({ options: { integrationId: 'ref-7' } })));
		expect(sandbox.requests[0].json.integration_id).toBe('ref-7');
	});

	it('counts UCS-2 segments for Cyrillic text', async () => {
		const out = await runNode(SmsClub, options(send({ message: 'Ваше замовлення відправлено! '.repeat(3) })));
		expect(out[0].json).toMatchObject({ encoding: 'UCS-2', segments: 2 });
	});

	it('rejects a bad number before any request, naming item and field', async () => {
		const error = await runNode(SmsClub, options(send({ to: (_: unknown, i: number) => (i === 1 ? '38050abc' : '380501234567') }), { items: [{}, {}] })).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('[item 1]');
		expect(error.message).toContain('"38050abc" in "to"');
		// item 0 was sent before item 1 was read (send works item by item), item 1 never was
		expect(sandbox.requests).toHaveLength(1);
	});

	it('rejects an empty message before any request', async () => {
		const error = await runNode(SmsClub, options(send({ message: '   ' }))).catch((e) => e);
		expect(error.message).toContain('The message is empty');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('turns add_info partial failures into rejected rows (Continue On Fail)', async () => {
		const out = await runNode(SmsClub, options(send({ to: '380501234567, 123456789012345' }), { continueOnFail: true }));
		sandbox.state.messages.clear();
		expect(out.map((o) => o.json.status)).toEqual(['accepted', 'accepted']);
	});

	it('fails the node with the provider reason when a recipient is refused', async () => {
		sandbox.state.money = 0.5; // enough for exactly one message
		const error = await runNode(SmsClub, options(send({ to: '380501234567, 380671112233' }))).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('SMSClub did not send to 380671112233: Insufficient funds');
		expect(error.message).toContain('1 accepted and sent');
	});

	it('reports a 453 duplicate as a rejection with a clear sentence, not an outage', async () => {
		await runNode(SmsClub, options(send()));
		const out = await runNode(SmsClub, options(send(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('rejected');
		expect(out[0].json.error).toContain('less than 2 minutes ago');
		expect(sandbox.requests).toHaveLength(2);
	});

	it('refuses an inactive sender with a sentence that says what to do', async () => {
		const out = await runNode(SmsClub, options(send({ sender: 'Nope' }), { continueOnFail: true }));
		expect(out[0].json).toMatchObject({ status: 'rejected' });
		expect(out[0].json.error).toContain('Pick an active alpha name');
	});
});

describe('SMSClub faults: nothing is sent twice', () => {
	it('retries a 429 (honouring Retry-After) and sends exactly once', async () => {
		sandbox.inject({ status: 429, headers: { 'retry-after': '0' }, times: 2 });
		const out = await runNode(SmsClub, options(send()));
		expect(out[0].json.status).toBe('accepted');
		expect(sandbox.requests).toHaveLength(3);
		expect(sandbox.processed('/sms/send')).toHaveLength(1);
		expect(sandbox.state.messages.size).toBe(1);
	});

	it('reports unknown and does not re-send after a 500 once the body was read', async () => {
		sandbox.inject({ status: 500, afterProcessing: true });
		const out = await runNode(SmsClub, options(send(), { continueOnFail: true }));
		expect(out[0].json).toMatchObject({ status: 'unknown', to: '380501234567' });
		expect(out[0].json.error).toContain('not sent again');
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.state.messages.size).toBe(1);
	});

	it('reports unknown and does not re-send after a connection reset', async () => {
		sandbox.inject({ reset: true, afterProcessing: true });
		const out = await runNode(SmsClub, options(send(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(sandbox.requests).toHaveLength(1);
	});

	it('reports unknown for a malformed 200 reply without re-sending', async () => {
		sandbox.inject({ body: '<html>gateway hiccup' });
		const out = await runNode(SmsClub, options(send(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(out[0].json.error).toContain('not valid JSON');
		expect(sandbox.requests).toHaveLength(1);
	});

	it('rejects (never sent) when the gateway cannot be reached', async () => {
		const out = await runNode(
			SmsClub,
			options(send(), { continueOnFail: true, credentials: { accessToken: SMSCLUB_TOKEN, baseUrl: 'http://127.0.0.1:1' } }),
		);
		expect(out[0].json.status).toBe('rejected');
		expect(out[0].json.error).toContain('ECONNREFUSED');
		expect(out[0].json.error).toContain('nothing was sent');
	});

	it('retries reads after a 5xx', async () => {
		sandbox.inject({ status: 503, times: 1 });
		const out = await runNode(SmsClub, options({ resource: 'account', operation: 'getBalance' }));
		expect(out[0].json).toEqual({ provider: 'smsClub', balance: 1000, currency: 'UAH' });
		expect(sandbox.requests).toHaveLength(2);
	});

	it('never shows the access token in errors or output', async () => {
		const error = await runNode(
			SmsClub,
			options({ resource: 'account', operation: 'getBalance' }, { credentials: { accessToken: 'wrong-token-123', baseUrl: sandbox.url } }),
		).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('rejected the access token');
		expect(JSON.stringify({ message: error.message, description: error.description, context: error.context })).not.toContain('wrong-token-123');
	});
});

describe('SMSClub sms.sendBulk', () => {
	it('sends the recipients of all items in requests of at most 100 numbers, one row per recipient', async () => {
		const items = Array.from({ length: 250 }, (_, i) => ({ phone: `3805000${String(i).padStart(5, '0')}` }));
		const out = await runNode(
			SmsClub,
			options({ resource: 'sms', operation: 'sendBulk', to: (item: { json: { phone: string } }) => item.json.phone, message: 'Sale today', sender: 'Shop' }, { items }),
		);
		const sends = sandbox.requests.filter((r: { path: string }) => r.path === '/sms/send');
		// Batches go out on parallel lanes: the order in which they arrive is not fixed.
		expect(sends.map((r: { json: { phone: string[] } }) => r.json.phone.length).sort((a: number, b: number) => b - a)).toEqual([100, 100, 50]);
		expect(out).toHaveLength(250);
		expect(out.every((o, i) => o.json.status === 'accepted' && (o.pairedItem as { item: number }).item === i && o.json.to === items[i].phone)).toBe(true);
	});

	it('sends a number listed twice only once', async () => {
		const out = await runNode(
			SmsClub,
			options({ resource: 'sms', operation: 'sendBulk', to: (item: { json: { p: string } }) => item.json.p, message: 'Hi', sender: 'Shop' }, {
				items: [{ p: '380501234567' }, { p: '+380501234567, 380671112233' }],
			}),
		);
		expect(sandbox.requests[0].json.phone).toEqual(['380501234567', '380671112233']);
		expect(out.map((o) => [o.json.to, (o.pairedItem as { item: number }).item])).toEqual([
			['380501234567', 0],
			['380671112233', 1],
		]);
	});

	it('fails before any request when one item has a bad number, and skips only that item with Continue On Fail', async () => {
		const params = { resource: 'sms', operation: 'sendBulk', to: (item: { json: { p: string } }) => item.json.p, message: 'Hi', sender: 'Shop' };
		const items = [{ p: '380501234567' }, { p: '12' }, { p: '380671112233' }];
		const error = await runNode(SmsClub, options(params, { items })).catch((e) => e);
		expect(error.message).toContain('[item 1]');
		expect(sandbox.requests).toHaveLength(0);

		const out = await runNode(SmsClub, options(params, { items, continueOnFail: true }));
		expect(out.map((o) => o.json.status ?? 'error')).toEqual(['accepted', 'error', 'accepted']);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('with a 500 after accepting one batch: that batch is unknown, the others are sent once', async () => {
		const items = Array.from({ length: 300 }, (_, i) => ({ phone: `3805000${String(i).padStart(5, '0')}` }));
		sandbox.inject({ status: 500, afterProcessing: true, match: (r: { json: { phone: string[] } }) => r.json?.phone?.[0] === items[100].phone });
		const out = await runNode(
			SmsClub,
			options({ resource: 'sms', operation: 'sendBulk', to: (item: { json: { phone: string } }) => item.json.phone, message: 'Sale', sender: 'Shop' }, { items, continueOnFail: true }),
		);
		const counts = out.reduce<Record<string, number>>((acc, o) => ({ ...acc, [String(o.json.status)]: (acc[String(o.json.status)] ?? 0) + 1 }), {});
		expect(counts).toEqual({ accepted: 200, unknown: 100 });
		expect(sandbox.requests).toHaveLength(3);
		expect(sandbox.state.messages.size).toBe(300);
	});

	it('keeps to 9 requests a second when the gateway enforces it', async () => {
		const limited = createSmsClubSandbox({ rateLimit: { perSecond: 9 }, balance: 100000 });
		await limited.listen();
		try {
			const items = Array.from({ length: 1500 }, (_, i) => ({ phone: `38050${String(i).padStart(7, '0')}` }));
			const out = await runNode(SmsClub, {
				credentialType,
				credentials: { accessToken: SMSCLUB_TOKEN, baseUrl: limited.url },
				params: { resource: 'sms', operation: 'sendBulk', to: (item: { json: { phone: string } }) => item.json.phone, message: 'Sale', sender: 'Shop' },
				items,
			});
			expect(out.filter((o) => o.json.status === 'accepted')).toHaveLength(1500);
			expect(limited.requests).toHaveLength(15); // no 429 was provoked, so no retry
		} finally {
			await limited.close();
		}
	});

	it('two n8n processes on one account (queue-mode workers, each its own pace) both finish, nobody twice, under the limit', async () => {
		const limited = createSmsClubSandbox({ rateLimit: { perSecond: 9 }, balance: 100000 });
		await limited.listen();
		// Each copy of the node has its own module state, as each worker process has.
		const processes = [0, 1].map(() => {
			let node: typeof SmsClub | undefined;
			jest.isolateModules(() => {
				// eslint-disable-next-line @typescript-eslint/no-require-imports
				node = (require('../../nodes/SmsClub/SmsClub.node') as { SmsClub: typeof SmsClub }).SmsClub;
			});
			return node!;
		});
		try {
			const campaign = (Node: typeof SmsClub, prefix: string) =>
				runNode(Node, {
					credentialType,
					credentials: { accessToken: SMSCLUB_TOKEN, baseUrl: limited.url, requestsPerSecond: 9 },
					params: { resource: 'sms', operation: 'sendBulk', to: (item: { json: { phone: string } }) => item.json.phone, message: 'Sale', sender: 'Shop' },
					items: Array.from({ length: 1500 }, (_, i) => ({ phone: `${prefix}${String(i).padStart(7, '0')}` })),
				});
			const outs = await Promise.all([campaign(processes[0], '38050'), campaign(processes[1], '38067')]);
			for (const out of outs) expect(out.filter((o) => o.json.status === 'accepted')).toHaveLength(1500);
			expect(limited.state.messages.size).toBe(3000);
			const refused = limited.requests.length - 30;
			// two paces of 9 a second meet 429s, slow down, and every refused request went out later
			expect(refused).toBeGreaterThan(0);
			expect(refused).toBeLessThan(30);
		} finally {
			await limited.close();
		}
	});
});

describe('SMSClub sms.sendPersonalized', () => {
	it('fills placeholders per item and sends through /v2/sms/send', async () => {
		const out = await runNode(
			SmsClub,
			options(
				{ resource: 'sms', operation: 'sendPersonalized', to: (item: { json: { phone: string } }) => item.json.phone, message: 'Hi {name}, code {code}', sender: 'Shop' },
				{ items: [{ phone: '380501234567', name: 'Olena', code: 1234 }, { phone: '380671112233', name: 'Taras', code: 9876 }] },
			),
		);
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].path).toBe('/v2/sms/send');
		expect(sandbox.requests[0].json).toEqual({
			src_addr: 'Shop',
			data_message: [
				{ phone: '380501234567', message: 'Hi Olena, code 1234' },
				{ phone: '380671112233', message: 'Hi Taras, code 9876' },
			],
		});
		expect(out.map((o) => o.json.status)).toEqual(['accepted', 'accepted']);
	});

	it('fails an item whose placeholder has no field, naming the placeholder, before sending', async () => {
		const error = await runNode(
			SmsClub,
			options(
				{ resource: 'sms', operation: 'sendPersonalized', to: (item: { json: { phone: string } }) => item.json.phone, message: 'Hi {name}, {coupon}', sender: 'Shop' },
				{ items: [{ phone: '380501234567', name: 'Olena' }] },
			),
		).catch((e) => e);
		expect(error.message).toContain('{coupon}');
		expect(error.message).toContain('[item 0]');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('SMSClub sms.getStatus, account, sender', () => {
	it('looks up 150 ids of several items in two requests and follows statuses to DELIVRD', async () => {
		const items = Array.from({ length: 150 }, (_, i) => ({ phone: `3805000${String(i).padStart(5, '0')}` }));
		const sent = await runNode(
			SmsClub,
			options({ resource: 'sms', operation: 'sendBulk', to: (item: { json: { phone: string } }) => item.json.phone, message: 'x', sender: 'Shop' }, { items }),
		);
		sandbox.requests.length = 0;
		sandbox.state.deliverAfterMs = 60_000;
		const statusItems = sent.map((o) => ({ messageId: o.json.messageId }));
		const first = await runNode(SmsClub, options({ resource: 'sms', operation: 'getStatus', messageIds: (item: { json: { messageId: string } }) => item.json.messageId }, { items: statusItems }));
		expect(sandbox.requests.map((r: { json: { id_sms: string[] } }) => r.json.id_sms.length)).toEqual([100, 50]);
		expect(first[0].json).toMatchObject({ provider: 'smsClub', messageId: '100', status: 'ENROUTE', final: false });
		sandbox.state.deliverAfterMs = 0;
		const later = await runNode(SmsClub, options({ resource: 'sms', operation: 'getStatus', messageIds: '100, 113' }));
		expect(later.map((o) => o.json.status)).toEqual(['DELIVRD', 'UNDELIV']);
	});

	it('marks an unknown id as NOT_FOUND with the reason', async () => {
		const out = await runNode(SmsClub, options({ resource: 'sms', operation: 'getStatus', messageIds: '999999' }));
		expect(out[0].json).toMatchObject({ messageId: '999999', status: 'NOT_FOUND' });
		expect(out[0].json.error).toContain('Message not found');
	});

	it('rejects a non-numeric id before any request', async () => {
		const error = await runNode(SmsClub, options({ resource: 'sms', operation: 'getStatus', messageIds: 'abc' })).catch((e) => e);
		expect(error.message).toContain('"abc" in "messageIds"');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('reads the balance as a number and lists senders (also as load options)', async () => {
		const balance = await runNode(SmsClub, options({ resource: 'account', operation: 'getBalance' }));
		expect(balance[0].json).toEqual({ provider: 'smsClub', balance: 1000, currency: 'UAH' });
		const senders = await runNode(SmsClub, options({ resource: 'sender', operation: 'getAll' }));
		expect(senders.map((o) => o.json.sender)).toEqual(['VashZakaz', 'Shop']);
		const node = new SmsClub();
		const { loadOptions } = createContext(options({}));
		const list = await node.methods.loadOptions.getSenders.call(loadOptions);
		expect(list).toEqual([
			{ name: 'VashZakaz', value: 'VashZakaz' },
			{ name: 'Shop', value: 'Shop' },
		]);
		expect(sandbox.requests.map((r: { path: string }) => r.path)).toEqual(['/sms/balance', '/sms/originator', '/sms/originator']);
	});
});

describe('SMSClub credential', () => {
	it('tests the token with POST /sms/balance and explains a 401', async () => {
		const ok = await runCredentialTest(credentialType, { accessToken: SMSCLUB_TOKEN, baseUrl: `${sandbox.url}/` });
		expect(ok.statusCode).toBe(200);
		expect(sandbox.requests[0]).toMatchObject({ method: 'POST', path: '/sms/balance' });
		const bad = await runCredentialTest(credentialType, { accessToken: 'nope', baseUrl: sandbox.url });
		expect(bad.statusCode).toBe(401);
		expect(bad.message).toContain('rejected the access token');
	});
});

describe('SMSClub trigger: lowBalance', () => {
	it('fires once when crossing below, not again while below, again after recovering', async () => {
		const staticData = {};
		const poll = () => pollOnce(SmsClubTrigger, options({ event: 'lowBalance', threshold: 100 }, { staticData }));
		sandbox.state.money = 150;
		expect(await poll()).toBeNull();
		sandbox.state.money = 90;
		expect((await poll())?.[0].json).toMatchObject({ provider: 'smsClub', balance: 90, threshold: 100, currency: 'UAH' });
		sandbox.state.money = 80;
		expect(await poll()).toBeNull();
		sandbox.inject({ status: 503, times: 5 });
		await expect(poll()).rejects.toThrow();
		sandbox.state.money = 120;
		expect(await poll()).toBeNull();
		sandbox.state.money = 50;
		expect((await poll())?.[0].json.balance).toBe(50);
	});

	it('returns the current balance as a sample in manual mode', async () => {
		const out = await pollOnce(SmsClubTrigger, options({ event: 'lowBalance', threshold: 10 }, { mode: 'manual' }));
		expect(out?.[0].json).toMatchObject({ provider: 'smsClub', balance: 1000, threshold: 10 });
	});
});
