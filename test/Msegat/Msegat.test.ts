import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';

import { MsegatApi } from '../../credentials/MsegatApi.credentials';
import { Msegat } from '../../nodes/Msegat/Msegat.node';
import { MsegatTrigger } from '../../nodes/Msegat/MsegatTrigger.node';
import { createContext, pollOnce, runNode, type HarnessOptions } from '../helpers/harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createMsegatSandbox, MSEGAT_USER, MSEGAT_API_KEY } = require('../sandbox/msegat');

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const sandbox = createMsegatSandbox({ deliverAfterMs: 50 });
const credentialType = new MsegatApi();

beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

type Row = { path: string; json?: Record<string, unknown>; form?: Record<string, string>; headers: Record<string, string>; processed: boolean };
const requests = (): Row[] => sandbox.requests;
const paired = (o: INodeExecutionData) => (o.pairedItem as { item: number }).item;

function creds(extra: Record<string, string> = {}) {
	return { userName: MSEGAT_USER, apiKey: MSEGAT_API_KEY, baseUrl: `${sandbox.url}/gw`, ...extra };
}

function options(params: HarnessOptions['params'], extra: Partial<HarnessOptions> = {}): HarnessOptions {
	return { credentialType, credentials: creds(), params, ...extra };
}

const send = (extra: HarnessOptions['params'] = {}) => ({
	resource: 'sms',
	operation: 'send',
	to: '+966 50-123 4567',
	message: 'Your order has shipped',
	sender: 'MyShop',
	...extra,
});

const phoneOf = (item: { json: { phone: string } }) => item.json.phone;
const saudiNumbers = (count: number) => Array.from({ length: count }, (_, i) => ({ phone: `96650${String(i).padStart(7, '0')}` }));

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string; context?: unknown }> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!(error instanceof Error)) throw new Error('expected the node to fail');
	return error;
}

describe('Msegat sms.send', () => {
	it('sends the documented request (JSON, login in the body, bulk id asked for) and outputs one row per recipient', async () => {
		const out = await runNode(Msegat, options(send({ to: '966501234567, +966 55 111 2233' })));
		expect(requests()).toHaveLength(1);
		const [request] = requests();
		expect(request.path).toBe('/gw/sendsms.php');
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(request.json).toEqual({
			userName: MSEGAT_USER,
			apiKey: MSEGAT_API_KEY,
			numbers: '966501234567,966551112233',
			msg: 'Your order has shipped',
			userSender: 'MyShop',
			msgEncoding: 'UTF8',
			reqBulkId: 'true',
		});
		expect(out.map((o) => o.json)).toEqual([
			{ provider: 'msegat', to: '966501234567', status: 'accepted', bulkId: '7000', segments: 1, encoding: 'GSM-7' },
			{ provider: 'msegat', to: '966551112233', status: 'accepted', bulkId: '7000', segments: 1, encoding: 'GSM-7' },
		]);
		expect(out.map(paired)).toEqual([0, 0]);
	});

	it('reads the bulk id from an id field and a numeric code as well', async () => {
		const other = createMsegatSandbox({ bulkIdStyle: 'id', codeAsNumber: true });
		await other.listen();
		try {
			const out = await runNode(Msegat, { credentialType, credentials: { ...creds(), baseUrl: `${other.url}/gw` }, params: send() });
			expect(out[0].json).toMatchObject({ status: 'accepted', bulkId: '7000' });
			expect(other.requests[0].body).toBeDefined();
		} finally {
			await other.close();
		}
	});

	it('accepts a success reply without a bulk id (bulkId null)', async () => {
		sandbox.inject({ body: fixture('sendsms.response.json') });
		const out = await runNode(Msegat, options(send()));
		expect(out[0].json).toMatchObject({ status: 'accepted', bulkId: null });
	});

	it('schedules in Saudi time, converting from the workflow time zone', async () => {
		const out = await runNode(Msegat, options(send({ options: { scheduleAt: '2030-01-15T10:00:00' } }), { timezone: 'Europe/Berlin' }));
		expect(requests()[0].json).toMatchObject({ timeToSend: 'later', exactTime: '2030-01-15 12:00:00' });
		expect(out[0].json.scheduledAt).toBe('2030-01-15T09:00:00.000Z');
		sandbox.requests.length = 0;
		await runNode(Msegat, options(send({ options: { scheduleAt: '2030-06-01T08:00:00Z' } }), { timezone: 'America/New_York' }));
		expect(requests()[0].json).toMatchObject({ timeToSend: 'later', exactTime: '2030-06-01 11:00:00' });
	});

	it('refuses a schedule in the past before any request', async () => {
		const error = await failure(runNode(Msegat, options(send({ options: { scheduleAt: '2020-01-01T00:00:00Z' } }))));
		expect(error.message).toContain('is in the past');
		expect(requests()).toHaveLength(0);
	});

	it('passes encoding and filterDuplicates, and keeps duplicates when asked to', async () => {
		const out = await runNode(
			Msegat,
			options(send({ to: '966501234567, 966501234567', message: 'مرحبا', options: { encoding: 'windows-1256', filterDuplicates: false } })),
		);
		expect(requests()[0].json).toMatchObject({ numbers: '966501234567,966501234567', msgEncoding: 'windows-1256', reqFilter: 'false' });
		expect(out).toHaveLength(2);
		expect(out[0].json).toMatchObject({ encoding: 'UCS-2', segments: 1 });
	});

	it('sends a number listed twice once by default', async () => {
		const out = await runNode(Msegat, options(send({ to: '966501234567; +966501234567' })));
		expect(requests()[0].json?.numbers).toBe('966501234567');
		expect(out).toHaveLength(1);
	});

	it('rejects a number with a leading zero before any request, naming item and field', async () => {
		const error = await failure(
			runNode(Msegat, options(send({ to: (_: unknown, i: number) => (i === 1 ? '0501234567' : '966501234567') }), { items: [{}, {}] })),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('[item 1]');
		expect(error.message).toContain('"0501234567" in "to"');
		expect(error.message).toContain('966501234567 instead of 0501234567');
		expect(requests()).toHaveLength(1); // item 0 went out before item 1 was read
	});

	it.each([
		['My Shop', 'only English letters and digits'],
		['ABCDEFGHIJKL', 'at most 11 characters'],
		['متجري', 'only English letters and digits'],
		['', 'No sender name is set'],
	])('refuses sender "%s" before any request', async (sender, words) => {
		const error = await failure(runNode(Msegat, options(send({ sender }))));
		expect(error.message).toContain(words);
		expect(error.description).toContain('"sender"');
		expect(requests()).toHaveLength(0);
	});

	it('allows the free OTP sender auth-mseg, and explains 1064 when the text is not a code', async () => {
		const ok = await runNode(Msegat, options(send({ sender: 'AUTH-MSEG', message: 'Pin Code is: 4821' })));
		expect(requests()[0].json?.userSender).toBe('auth-mseg');
		expect(ok[0].json.status).toBe('accepted');
		const error = await failure(runNode(Msegat, options(send({ sender: 'auth-mseg', message: 'Big sale today' }))));
		expect(error.message).toContain('only sends one-time codes');
		expect(error.message).toContain('"Pin Code is: 1234"');
	});

	it('rejects an empty message before any request', async () => {
		const error = await failure(runNode(Msegat, options(send({ message: '  ' }))));
		expect(error.message).toContain('The message is empty');
		expect(requests()).toHaveLength(0);
	});

	it('fails the node with the 1060 sentence, or outputs rejected rows with Continue On Fail', async () => {
		sandbox.state.balance = 0;
		const error = await failure(runNode(Msegat, options(send())));
		expect(error.message).toContain('Your Msegat balance is too low');
		expect(error.message).toContain('Top up your balance');
		const out = await runNode(Msegat, options(send(), { continueOnFail: true }));
		expect(out[0].json).toMatchObject({ status: 'rejected', to: '966501234567' });
		expect(out[0].json.error).toContain('(Msegat code 1060)');
	});

	it('explains a sender that is not activated (1110) and a number prefix Msegat refuses (M0008)', async () => {
		const pending = await runNode(Msegat, options(send({ sender: 'NewBrand' }), { continueOnFail: true }));
		expect(pending[0].json.error).toContain('sender name is missing or not correct');
		const prefix = await runNode(Msegat, options(send({ to: '9660501234567' }), { continueOnFail: true }));
		expect(prefix[0].json.error).toContain('incorrect prefix');
	});

	it('says the user name or API key is wrong, without showing the key', async () => {
		const error = await failure(runNode(Msegat, options(send(), { credentials: creds({ apiKey: 'wrong-key-5521' }) })));
		expect(error.message).toContain('user name or API key is wrong');
		expect(JSON.stringify({ m: error.message, d: error.description, c: error.context })).not.toContain('wrong-key-5521');
	});
});

describe('Msegat faults: nothing is sent twice', () => {
	it('retries a 429 (honouring Retry-After) and sends exactly once', async () => {
		sandbox.inject({ status: 429, headers: { 'retry-after': '0' }, times: 2 });
		const out = await runNode(Msegat, options(send()));
		expect(out[0].json.status).toBe('accepted');
		expect(requests()).toHaveLength(3);
		expect(sandbox.processed('/sendsms.php')).toHaveLength(1);
		expect(sandbox.state.bulks.size).toBe(1);
	});

	it('reports unknown and does not re-send after a 500 once the body was read', async () => {
		sandbox.inject({ status: 500, afterProcessing: true });
		const out = await runNode(Msegat, options(send(), { continueOnFail: true }));
		expect(out[0].json).toMatchObject({ status: 'unknown', to: '966501234567' });
		expect(out[0].json.error).toContain('not sent again');
		expect(requests()).toHaveLength(1);
		expect(sandbox.state.bulks.size).toBe(1);
	});

	it('reports unknown and does not re-send after a connection reset', async () => {
		sandbox.inject({ reset: true, afterProcessing: true });
		const out = await runNode(Msegat, options(send(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(requests()).toHaveLength(1);
	});

	it('reports unknown, showing what came back, for a reply that is neither success nor a known code', async () => {
		sandbox.inject({ body: '<html>gateway hiccup</html>' });
		const out = await runNode(Msegat, options(send(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(out[0].json.error).toContain('neither success nor a known error code');
		expect(requests()).toHaveLength(1);
		sandbox.inject({ body: '{"code":"M0777","message":"New rule"}' });
		const odd = await runNode(Msegat, options(send(), { continueOnFail: true }));
		expect(odd[0].json.status).toBe('unknown');
		expect(odd[0].json.error).toContain('M0777');
		expect(odd[0].json.error).toContain('New rule');
	});

	it('rejects (never sent) when the gateway cannot be reached', async () => {
		const out = await runNode(Msegat, options(send(), { continueOnFail: true, credentials: creds({ baseUrl: 'http://127.0.0.1:1/gw' }) }));
		expect(out[0].json.status).toBe('rejected');
		expect(out[0].json.error).toContain('ECONNREFUSED');
		expect(out[0].json.error).toContain('nothing was sent');
	});

	it('explains a wrong Base URL (HTTP 404 without a Msegat code)', async () => {
		const error = await failure(runNode(Msegat, options({ resource: 'account', operation: 'getBalance' }, { credentials: creds({ baseUrl: sandbox.url }) })));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Check the Base URL');
	});

	it('retries reads after a 5xx', async () => {
		sandbox.inject({ status: 503, times: 1 });
		const out = await runNode(Msegat, options({ resource: 'account', operation: 'getBalance' }));
		expect(out[0].json).toEqual({ provider: 'msegat', balance: 500 });
		expect(requests()).toHaveLength(2);
	});
});

describe('Msegat sms.sendBulk', () => {
	const bulk = (extra: HarnessOptions['params'] = {}) => ({ resource: 'sms', operation: 'sendBulk', to: phoneOf, message: 'Sale today', sender: 'MyShop', ...extra });

	it('sends the recipients of all items in batches of Batch Size, one row per recipient paired to its item', async () => {
		const items = saudiNumbers(250);
		const out = await runNode(Msegat, options(bulk({ options: { batchSize: 100 } }), { items }));
		const sends = requests().filter((r) => r.path === '/gw/sendsms.php');
		expect(sends.map((r) => String(r.json?.numbers).split(',').length)).toEqual([100, 100, 50]);
		expect(out).toHaveLength(250);
		expect(out.every((o, i) => o.json.status === 'accepted' && paired(o) === i && o.json.to === items[i].phone)).toBe(true);
		expect(new Set(out.map((o) => o.json.bulkId))).toEqual(new Set(['7000', '7001', '7002']));
	});

	it('splits a batch Msegat refuses with M0040 and carries on with the smaller size, sending everyone once', async () => {
		const limited = createMsegatSandbox({ maxNumbers: 60, balance: 10000 });
		await limited.listen();
		try {
			const items = saudiNumbers(250);
			const out = await runNode(Msegat, { credentialType, credentials: { ...creds(), baseUrl: `${limited.url}/gw` }, params: bulk(), items });
			expect(out.every((o) => o.json.status === 'accepted')).toBe(true);
			const sizes = limited.requests.map((r: Row) => String(r.json?.numbers).split(',').length);
			expect(sizes.slice(0, 4)).toEqual([250, 125, 62, 31]); // refused, refused, refused, accepted
			expect(sizes.slice(3).every((n: number) => n <= 31)).toBe(true); // the learned size is kept
			const sent = [...limited.state.bulks.values()].flatMap((b: { rows: Array<{ number: string }> }) => b.rows.map((r) => r.number));
			expect(sent.sort()).toEqual(items.map((i) => i.phone).sort());
		} finally {
			await limited.close();
		}
	});

	it('reports M0040 for a single number with the Batch Size advice', async () => {
		sandbox.state.maxNumbers = 0;
		const out = await runNode(Msegat, options(bulk(), { items: saudiNumbers(2), continueOnFail: true }));
		expect(out.map((o) => o.json.status)).toEqual(['rejected', 'rejected']);
		expect(out[0].json.error).toContain('Lower "Batch Size"');
		expect(requests()).toHaveLength(3); // 2 numbers, then 1 + 1
	});

	it('sends a number listed in two items once', async () => {
		const out = await runNode(Msegat, options(bulk({ to: (item: { json: { p: string } }) => item.json.p }), { items: [{ p: '966501234567' }, { p: '+966501234567, 966551112233' }] }));
		expect(requests()[0].json?.numbers).toBe('966501234567,966551112233');
		expect(out.map((o) => [o.json.to, paired(o)])).toEqual([
			['966501234567', 0],
			['966551112233', 1],
		]);
	});

	it('fails before any request when one item is bad, and skips only that item with Continue On Fail', async () => {
		const items = [{ phone: '966501234567' }, { phone: '12' }, { phone: '966551112233' }];
		const error = await failure(runNode(Msegat, options(bulk(), { items })));
		expect(error.message).toContain('[item 1]');
		expect(requests()).toHaveLength(0);
		const out = await runNode(Msegat, options(bulk(), { items, continueOnFail: true }));
		expect(out.map((o) => o.json.status ?? 'error')).toEqual(['accepted', 'error', 'accepted']);
		expect(requests()).toHaveLength(1);
	});

	it('with a 500 after accepting one batch: that batch is unknown, the others are sent once', async () => {
		const items = saudiNumbers(300);
		sandbox.state.balance = 10000;
		sandbox.inject({ status: 500, afterProcessing: true, match: (r: Row) => String(r.json?.numbers).startsWith(items[100].phone) });
		const out = await runNode(Msegat, options(bulk({ options: { batchSize: 100 } }), { items, continueOnFail: true }));
		const counts = out.reduce<Record<string, number>>((acc, o) => ({ ...acc, [String(o.json.status)]: (acc[String(o.json.status)] ?? 0) + 1 }), {});
		expect(counts).toEqual({ accepted: 200, unknown: 100 });
		expect(requests()).toHaveLength(3);
	});

	it('sends the first batch alone, then Parallel Requests batches at a time, rows in recipient order', async () => {
		sandbox.latencyMs = 150;
		sandbox.state.balance = 1e6;
		try {
			const items = saudiNumbers(600);
			const out = await runNode(Msegat, options(bulk({ options: { batchSize: 100, concurrency: 5 } }), { items }));
			const times = requests().map((r) => (r as Row & { time: number }).time);
			expect(times).toHaveLength(6);
			// the others start after the first one's answer, then all five at once (before any answer)
			expect(Math.min(...times.slice(1)) - times[0]).toBeGreaterThanOrEqual(140);
			expect(Math.max(...times.slice(1)) - Math.min(...times.slice(1))).toBeLessThan(140);
			expect(out.map((o) => o.json.to)).toEqual(items.map((i) => i.phone));
			expect(out.every((o) => o.json.status === 'accepted')).toBe(true);
		} finally {
			sandbox.latencyMs = 0;
		}
	});

	it('stops after a wrong login instead of sending every batch again', async () => {
		const out = await runNode(
			Msegat,
			options(bulk({ options: { batchSize: 100 } }), { items: saudiNumbers(250), continueOnFail: true, credentials: creds({ apiKey: 'nope-nope' }) }),
		);
		expect(requests()).toHaveLength(1);
		expect(out).toHaveLength(250);
		expect(out.every((o) => o.json.status === 'rejected' && String(o.json.error).includes('user name or API key is wrong'))).toBe(true);
	});

	it('refuses a Batch Size below 1 before any request', async () => {
		const error = await failure(runNode(Msegat, options(bulk({ options: { batchSize: 0 } }), { items: saudiNumbers(1) })));
		expect(error.message).toContain('"Batch Size"');
		expect(requests()).toHaveLength(0);
	});
});

describe('Msegat sms.sendPersonalized', () => {
	const personalized = (message: string) => ({ resource: 'sms', operation: 'sendPersonalized', to: phoneOf, message, sender: 'MyShop' });

	it('sends the template once with numbers and vars as JSON arrays, one entry per item', async () => {
		const out = await runNode(
			Msegat,
			options(personalized('Hi {name}, your code is {code}'), {
				items: [
					{ phone: '966501234567', name: 'Ali', code: 1234 },
					{ phone: '966551112233', name: 'Sara', code: 9876 },
				],
			}),
		);
		expect(requests()).toHaveLength(1);
		expect(requests()[0].path).toBe('/gw/sendVars.php');
		expect(requests()[0].json).toEqual({
			userName: MSEGAT_USER,
			apiKey: MSEGAT_API_KEY,
			numbers: ['966501234567', '966551112233'],
			msg: 'Hi {name}, your code is {code}',
			vars: [
				{ name: 'Ali', code: '1234' },
				{ name: 'Sara', code: '9876' },
			],
			userSender: 'MyShop',
			msgEncoding: 'UTF8',
			reqBulkId: 'true',
		});
		const texts = [...sandbox.state.bulks.values()][0].rows.map((r: { text: string }) => r.text);
		expect(texts).toEqual(['Hi Ali, your code is 1234', 'Hi Sara, your code is 9876']);
		expect(out.map((o) => [o.json.to, o.json.status, paired(o)])).toEqual([
			['966501234567', 'accepted', 0],
			['966551112233', 'accepted', 1],
		]);
	});

	it('counts segments of each filled text', async () => {
		const out = await runNode(Msegat, options(personalized('{greeting}'), { items: [{ phone: '966501234567', greeting: 'x'.repeat(200) }, { phone: '966551112233', greeting: 'مرحبا' }] }));
		expect(out.map((o) => [o.json.segments, o.json.encoding])).toEqual([
			[2, 'GSM-7'],
			[1, 'UCS-2'],
		]);
	});

	it('fails an item whose placeholder has no field, naming it, before sending', async () => {
		const error = await failure(runNode(Msegat, options(personalized('Hi {name}, {coupon}'), { items: [{ phone: '966501234567', name: 'Ali' }] })));
		expect(error.message).toContain('{coupon}');
		expect(error.message).toContain('[item 0]');
		expect(requests()).toHaveLength(0);
	});
});

describe('Msegat sms.getCost', () => {
	it('posts a form to calculateCost.php and adds the local segment estimate', async () => {
		const out = await runNode(Msegat, options({ resource: 'sms', operation: 'getCost', to: '966501234567, 966551112233', message: 'Hello' }));
		const [request] = requests();
		expect(request.path).toBe('/gw/calculateCost.php');
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request.form).toEqual({
			userName: MSEGAT_USER,
			apiKey: MSEGAT_API_KEY,
			contactType: 'numbers',
			contacts: '966501234567,966551112233',
			msg: 'Hello',
			By: 'Link',
			msgEncoding: 'UTF8',
		});
		expect(out[0].json).toEqual({ provider: 'msegat', contacts: 2, points: 2, segments: 1, encoding: 'GSM-7' });
		expect(sandbox.state.bulks.size).toBe(0);
	});

	it('reads the document\'s "contacts,points" reply and explains a bare error code', async () => {
		sandbox.inject({ body: fixture('calculateCost.response.txt') });
		const out = await runNode(Msegat, options({ resource: 'sms', operation: 'getCost', to: '966501234567', message: 'مرحبا '.repeat(20) }));
		expect(out[0].json).toEqual({ provider: 'msegat', contacts: 3, points: 9, segments: 2, encoding: 'UCS-2' });
		const error = await failure(runNode(Msegat, options({ resource: 'sms', operation: 'getCost', to: '966501234567', message: 'x' }, { credentials: creds({ apiKey: 'bad-key-1' }) })));
		expect(error.message).toContain('user name or API key is wrong');
	});
});

describe('Msegat sms.getStatus', () => {
	const status = (extra: HarnessOptions['params'] = {}) => ({ resource: 'sms', operation: 'getStatus', bulkId: '7000', returnAll: true, ...extra });

	it('asks getMessages.php by bulk id and follows the rows to their final status', async () => {
		const sent = await runNode(Msegat, options(send({ to: '966501234567, 966501234513' })));
		sandbox.requests.length = 0;
		const first = await runNode(Msegat, options(status({ bulkId: sent[0].json.bulkId })));
		expect(requests()[0].path).toBe('/gw/getMessages.php');
		expect(requests()[0].json).toEqual({ userName: MSEGAT_USER, apiKey: MSEGAT_API_KEY, reqBulkId: '7000', pageNumber: 1, limit: 100 });
		expect(first.map((o) => [o.json.to, o.json.status])).toEqual([
			['966501234567', 'Sent'],
			['966501234513', 'Sent'],
		]);
		expect(first[0].json).toMatchObject({ provider: 'msegat', bulkId: '7000', messageId: '90000' });
		expect(first[0].json.details).toMatchObject({ number: '966501234567' });
		await new Promise((r) => setTimeout(r, 80));
		const later = await runNode(Msegat, options(status()));
		expect(later.map((o) => o.json.status)).toEqual(['Delivered', 'Failed']);
	});

	it('pages through all rows, or stops at the limit', async () => {
		sandbox.state.balance = 10000;
		await runNode(Msegat, options({ resource: 'sms', operation: 'sendBulk', to: phoneOf, message: 'x', sender: 'MyShop' }, { items: saudiNumbers(250) }));
		sandbox.requests.length = 0;
		const all = await runNode(Msegat, options(status()));
		expect(all).toHaveLength(250);
		expect(requests().map((r) => r.json?.pageNumber)).toEqual([1, 2, 3]);
		sandbox.requests.length = 0;
		const some = await runNode(Msegat, options(status({ returnAll: false, limit: 120 })));
		expect(some).toHaveLength(120);
		expect(requests().map((r) => [r.json?.pageNumber, r.json?.limit])).toEqual([
			[1, 100],
			[2, 100],
		]);
		sandbox.requests.length = 0;
		const five = await runNode(Msegat, options(status({ returnAll: false, limit: 5 })));
		expect(five).toHaveLength(5);
		expect(requests().map((r) => r.json?.limit)).toEqual([5]);
	});

	it('stops when the gateway ignores pageNumber and repeats a page', async () => {
		const page = { code: '1', message: 'Success', data: Array.from({ length: 100 }, (_, i) => ({ number: `96650${i}`, status: 'Delivered' })) };
		sandbox.inject({ body: JSON.stringify(page), times: 50 });
		const out = await runNode(Msegat, options(status()));
		expect(out).toHaveLength(100);
		expect(requests()).toHaveLength(2);
	});

	it('filters by numbers, and reads an unknown bulk as no rows', async () => {
		await runNode(Msegat, options(send({ to: '966501234567, 966551112233' })));
		sandbox.requests.length = 0;
		const one = await runNode(Msegat, options(status({ options: { numbers: '+966 55 111 2233' } })));
		expect(requests()[0].json?.numbers).toBe('966551112233');
		expect(one.map((o) => o.json.to)).toEqual(['966551112233']);
		expect(await runNode(Msegat, options(status({ bulkId: '123456' })))).toEqual([]);
	});

	it('refuses an empty or malformed bulk id before any request', async () => {
		expect((await failure(runNode(Msegat, options(status({ bulkId: ' ' }))))).message).toContain('No bulk ID given');
		expect((await failure(runNode(Msegat, options(status({ bulkId: '12 34' }))))).message).toContain('is not a Msegat bulk ID');
		expect(requests()).toHaveLength(0);
	});
});

describe('Msegat account.getBalance', () => {
	it('posts a form to Credits.php and reads the plain-text number', async () => {
		sandbox.inject({ body: fixture('Credits.response.txt') });
		const out = await runNode(Msegat, options({ resource: 'account', operation: 'getBalance' }));
		expect(out[0].json).toEqual({ provider: 'msegat', balance: 272.6 });
		expect(requests()[0].path).toBe('/gw/Credits.php');
		expect(requests()[0].form).toEqual({ userName: MSEGAT_USER, apiKey: MSEGAT_API_KEY, msgEncoding: 'UTF8' });
	});

	it('tells a balance of exactly 1020 points from error code 1020 with one more read-only call', async () => {
		sandbox.state.balance = 1020;
		const out = await runNode(Msegat, options({ resource: 'account', operation: 'getBalance' }));
		expect(out[0].json.balance).toBe(1020);
		expect(requests().map((r) => r.path)).toEqual(['/gw/Credits.php', '/gw/GetMessageTemplates.php']);
	});

	it.each(['M0002', '1020'])('says the user name or API key is wrong when Credits.php answers a bare %s', async (code) => {
		sandbox.state.creditsLoginError = code;
		const error = await failure(runNode(Msegat, options({ resource: 'account', operation: 'getBalance' }, { credentials: creds({ apiKey: 'bad-key-77' }) })));
		expect(error.message).toContain('user name or API key is wrong');
		expect(error.message).not.toContain('bad-key-77');
	});
});

describe('Msegat sender.getAll and template.getAll', () => {
	it('lists senders with their state, honours the limit, and offers them (plus auth-mseg) in the Sender field', async () => {
		const all = await runNode(Msegat, options({ resource: 'sender', operation: 'getAll', returnAll: true }));
		expect(requests()[0].path).toBe('/gw/senders.php');
		expect(requests()[0].json).toEqual({ userName: MSEGAT_USER, apiKey: MSEGAT_API_KEY });
		expect(all.map((o) => o.json)).toEqual([
			{ provider: 'msegat', sender: 'MyShop', status: 'Activated' },
			{ provider: 'msegat', sender: 'NewBrand', status: 'Pending' },
			{ provider: 'msegat', sender: 'OldName', status: 'Refused' },
		]);
		expect(await runNode(Msegat, options({ resource: 'sender', operation: 'getAll', returnAll: false, limit: 1 }))).toHaveLength(1);
		const { loadOptions } = createContext(options({}));
		const list = await new Msegat().methods.loadOptions.getSenders.call(loadOptions);
		expect(list).toEqual([
			{ name: 'MyShop', value: 'MyShop' },
			{ name: 'NewBrand (Pending)', value: 'NewBrand' },
			{ name: 'OldName (Refused)', value: 'OldName' },
			{ name: 'auth-mseg (free test sender, one-time codes only)', value: 'auth-mseg' },
		]);
	});

	it('reads the NOTES sender list shape and treats M0036 as no senders', async () => {
		sandbox.inject({ body: fixture('senders.response.json') });
		const listed = await runNode(Msegat, options({ resource: 'sender', operation: 'getAll', returnAll: true }));
		expect(listed.map((o) => [o.json.sender, o.json.status])).toEqual([
			['MyShop', 'Activated'],
			['Promo', 'Refused'],
		]);
		sandbox.state.senders = [];
		expect(await runNode(Msegat, options({ resource: 'sender', operation: 'getAll', returnAll: true }))).toEqual([]);
	});

	it('lists templates from the document\'s reply shape, and M0041 as none', async () => {
		sandbox.inject({ body: fixture('GetMessageTemplates.response.json') });
		const out = await runNode(Msegat, options({ resource: 'template', operation: 'getAll', returnAll: true }));
		expect(requests()[0].path).toBe('/gw/GetMessageTemplates.php');
		expect(Object.keys(requests()[0].json ?? {}).sort()).toEqual(Object.keys(JSON.parse(fixture('GetMessageTemplates.request.json'))).sort());
		expect(out.map((o) => o.json)).toEqual([{ provider: 'msegat', id: 1234, title: 'xxxxxx', body: 'xxxxxx' }]);
		const two = await runNode(Msegat, options({ resource: 'template', operation: 'getAll', returnAll: true }));
		expect(two.map((o) => o.json.title)).toEqual(['Order shipped', 'Welcome']);
		expect(await runNode(Msegat, options({ resource: 'template', operation: 'getAll', returnAll: false, limit: 1 }))).toHaveLength(1);
		sandbox.state.templates = [];
		expect(await runNode(Msegat, options({ resource: 'template', operation: 'getAll', returnAll: true }))).toEqual([]);
	});

	it('still reports a wrong login on list calls', async () => {
		const error = await failure(runNode(Msegat, options({ resource: 'template', operation: 'getAll', returnAll: true }, { credentials: creds({ apiKey: 'xxxx-bad' }) })));
		expect(error.message).toContain('user name or API key is wrong');
	});
});

describe('Msegat otp.send and otp.verify', () => {
	const sendOtp = (extra: HarnessOptions['params'] = {}) => ({ resource: 'otp', operation: 'send', to: '966501234567', sender: 'MyShop', ...extra });
	const verify = (otpId: unknown, code: unknown, extra: HarnessOptions['params'] = {}) => ({ resource: 'otp', operation: 'verify', otpId, code, sender: 'MyShop', ...extra });
	const codeOf = (id: unknown) => sandbox.state.otps.get(Number(id)).code as string;

	it('sends the documented JSON body with lang in header and body, and returns the otpId', async () => {
		const out = await runNode(Msegat, options(sendOtp({ options: { language: 'ar' } })));
		const [request] = requests();
		expect(request.path).toBe('/gw/sendOTPCode.php');
		expect(request.headers.lang).toBe('Ar');
		expect(Object.keys(request.json ?? {}).sort()).toEqual(Object.keys(JSON.parse(fixture('sendOTPCode.request.json'))).sort());
		expect(request.json).toEqual({ userName: MSEGAT_USER, apiKey: MSEGAT_API_KEY, number: '966501234567', userSender: 'MyShop', lang: 'Ar' });
		expect(out[0].json).toEqual({ provider: 'msegat', to: '966501234567', status: 'accepted', otpId: '11' });
	});

	it('reads the document\'s sample reply', async () => {
		sandbox.inject({ body: fixture('sendOTPCode.response.json') });
		const out = await runNode(Msegat, options(sendOtp()));
		expect(out[0].json.otpId).toBe('11');
		expect(requests()[0].headers.lang).toBe('En');
	});

	it('sends a code to one number only', async () => {
		const error = await failure(runNode(Msegat, options(sendOtp({ to: '966501234567, 966551112233' }))));
		expect(error.message).toContain('goes to one number');
		expect(requests()).toHaveLength(0);
	});

	it('never re-sends a code after an ambiguous failure', async () => {
		sandbox.inject({ status: 502, afterProcessing: true });
		const out = await runNode(Msegat, options(sendOtp(), { continueOnFail: true }));
		expect(out[0].json).toMatchObject({ status: 'unknown', otpId: null });
		expect(requests()).toHaveLength(1);
	});

	it('verifies the right code once, with the documented body', async () => {
		const [sent] = await runNode(Msegat, options(sendOtp()));
		const otpId = sent.json.otpId;
		sandbox.requests.length = 0;
		const ok = await runNode(Msegat, options(verify(otpId, codeOf(otpId))));
		expect(ok[0].json).toEqual({ provider: 'msegat', otpId: '11', verified: true });
		const [request] = requests();
		expect(request.path).toBe('/gw/verifyOTPCode.php');
		expect(Object.keys(request.json ?? {}).sort()).toEqual(Object.keys(JSON.parse(fixture('verifyOTPCode.request.json'))).sort());
		expect(request.json).toMatchObject({ id: 11, code: codeOf(otpId), userSender: 'MyShop', lang: 'En' });
		const again = await runNode(Msegat, options(verify(otpId, codeOf(otpId))));
		expect(again[0].json).toMatchObject({ verified: false, reason: 'notFound', providerCode: '404' });
	});

	it('answers verified: false with a reason for a wrong, expired or unknown code (no error)', async () => {
		const [sent] = await runNode(Msegat, options(sendOtp()));
		const otpId = sent.json.otpId;
		const wrong = await runNode(Msegat, options(verify(otpId, codeOf(otpId) === '1111' ? '2222' : '1111')));
		expect(wrong[0].json).toMatchObject({ verified: false, reason: 'notFound' });
		expect(wrong[0].json.message).toContain('wrong');
		sandbox.state.otps.get(Number(otpId)).expiresAt = 0;
		const expired = await runNode(Msegat, options(verify(otpId, codeOf(otpId))));
		expect(expired[0].json).toMatchObject({ verified: false, reason: 'expired', providerCode: '400' });
		const unknown = await runNode(Msegat, options(verify('999', '1234')));
		expect(unknown[0].json).toMatchObject({ otpId: '999', verified: false, reason: 'notFound' });
	});

	it('reads the answer when Msegat sends the code with an HTTP error status, numeric codes and M0027 alike', async () => {
		sandbox.inject({ status: 404, body: '{"code":404,"message":"Code not found"}' });
		expect((await runNode(Msegat, options(verify('11', '1234'))))[0].json).toMatchObject({ verified: false, reason: 'notFound' });
		sandbox.inject({ body: '{"code":"M0027","message":"Activation Code is not Correct"}' });
		expect((await runNode(Msegat, options(verify('11', '1234'))))[0].json).toMatchObject({ verified: false, reason: 'incorrect' });
		sandbox.inject({ body: fixture('verifyOTPCode.response.json') });
		expect((await runNode(Msegat, options(verify('11', '1234'))))[0].json.verified).toBe(true);
	});

	it('fails (not verified: false) for a wrong login or a bad code value', async () => {
		const login = await failure(runNode(Msegat, options(verify('11', '1234'), { credentials: creds({ apiKey: 'wrong-wrong' }) })));
		expect(login.message).toContain('user name or API key is wrong');
		const bad = await failure(runNode(Msegat, options(verify('11', '12 34'))));
		expect(bad.message).toContain('is not a verification code');
		const none = await failure(runNode(Msegat, options(verify('', '1234'))));
		expect(none.message).toContain('No OTP ID given');
	});
});

describe('Msegat trigger: lowBalance', () => {
	it('fires once when crossing below, not again while below, again after recovering', async () => {
		const staticData = {};
		const poll = () => pollOnce(MsegatTrigger, options({ event: 'lowBalance', threshold: 100 }, { staticData }));
		sandbox.state.balance = 150;
		expect(await poll()).toBeNull();
		sandbox.state.balance = 90.5;
		expect((await poll())?.[0].json).toMatchObject({ provider: 'msegat', balance: 90.5, threshold: 100 });
		sandbox.state.balance = 80;
		expect(await poll()).toBeNull();
		sandbox.inject({ status: 503, times: 5 });
		await expect(poll()).rejects.toThrow();
		sandbox.state.balance = 120;
		expect(await poll()).toBeNull();
		sandbox.state.balance = 50;
		expect((await poll())?.[0].json.balance).toBe(50);
	});

	it('returns the current balance as a sample in manual mode', async () => {
		const out = await pollOnce(MsegatTrigger, options({ event: 'lowBalance', threshold: 10 }, { mode: 'manual' }));
		expect(out?.[0].json).toMatchObject({ provider: 'msegat', balance: 500, threshold: 10 });
	});

	it('fails a poll with the wrong-login sentence', async () => {
		await expect(pollOnce(MsegatTrigger, options({ event: 'lowBalance', threshold: 10 }, { credentials: creds({ apiKey: 'bad-one' }) }))).rejects.toThrow(
			'user name or API key is wrong',
		);
	});
});
