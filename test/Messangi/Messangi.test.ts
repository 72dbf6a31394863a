import { readFileSync } from 'fs';
import { join } from 'path';

import { proxyRequestToAxios } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Messangi } from '../../nodes/Messangi/Messangi.node';
import { readReply } from '../../nodes/Messangi/replies';
import { GatewayError } from '../../nodes/shared/errors';
import { runNode } from '../helpers/harness';
import {
	createMessangiSandbox,
	credentialsFor,
	decodeCall,
	fromBase64,
	HOSTILE_TEXTS,
	MESSANGI_INSTANCE_ID,
	MESSANGI_PRIVATE_KEY,
	MESSANGI_PUBLIC_KEY,
	MESSANGI_SHORT_CODE,
	messangiSign,
	optionsFor,
} from './helpers';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const sandbox = createMessangiSandbox();
beforeAll(() => sandbox.listen());
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const options = (params: Record<string, unknown>, extra = {}) => optionsFor(sandbox, params, extra);

const sendParams = (extra: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'send',
	to: '+1 305 670-8084',
	message: 'Your order has shipped',
	sender: '19893653744',
	carrier: '',
	...extra,
});

function expectSigned(request: { path: string }, methodSegments: number) {
	const call = decodeCall(request as never, methodSegments);
	expect(call.publicKey).toBe(MESSANGI_PUBLIC_KEY);
	expect(call.signature).toBe(messangiSign(call.params, MESSANGI_PRIVATE_KEY));
	expect(call.params[0]).toBe(MESSANGI_INSTANCE_ID);
	return call;
}

describe('Messangi sms.send (tools/sendSMS)', () => {
	it('sends the documented, signed GET and outputs the message id and status', async () => {
		const out = await runNode(Messangi, options(sendParams()));
		expect(sandbox.requests).toHaveLength(1);
		const [request] = sandbox.requests;
		expect(request.method).toBe('GET');
		expect(request.body).toBe('');
		const call = expectSigned(request, 2);
		expect(call.method).toBe('tools/sendSMS');
		// instanceId / carrier (empty = null) / from / mobileNumber (Base64) / text (Base64)
		expect(call.params).toEqual(['43', 'null', '19893653744', Buffer.from('13056708084').toString('base64'), Buffer.from('Your order has shipped').toString('base64')]);
		expect(out.map((o) => o.json)).toEqual([
			{
				provider: 'messangi',
				to: '13056708084',
				status: 'accepted',
				messageId: expect.stringMatching(/^-\d+$/),
				providerStatus: 'SENT_TO_CARRIER',
				providerStatusDescription: 'Sent to Carrier',
				segments: 1,
				encoding: 'GSM-7',
			},
		]);
		expect(sandbox.state.sent).toEqual([expect.objectContaining({ method: 'sendSMS', to: '13056708084', text: 'Your order has shipped', carrier: 'null' })]);
	});

	it('passes a carrier when one is set, and sends one request per number', async () => {
		const out = await runNode(Messangi, options(sendParams({ to: '13056708084; 13056708085', carrier: 'Movistar' })));
		expect(sandbox.requests.map((r) => decodeCall(r, 2).params[1])).toEqual(['Movistar', 'Movistar']);
		expect(out.map((o) => [o.json.to, o.json.status, (o.pairedItem as { item: number }).item])).toEqual([
			['13056708084', 'accepted', 0],
			['13056708085', 'accepted', 0],
		]);
	});

	it.each(HOSTILE_TEXTS.map((text) => [JSON.stringify(text), text]))('delivers %s intact end to end', async (_label, text) => {
		const out = await runNode(Messangi, options(sendParams({ message: text })));
		expect(out[0].json.status).toBe('accepted');
		expect(sandbox.state.sent[0].text).toBe(text);
		// one path segment per parameter: nothing in the text split or ended the path
		expect(decodeCall(sandbox.requests[0], 2).params).toHaveLength(5);
	});

	it('counts UCS-2 segments for Arabic text', async () => {
		const out = await runNode(Messangi, options(sendParams({ message: 'مرحبا بكم في متجرنا، طلبك في الطريق إليك الآن. شكراً لثقتكم بنا دائماً، نراكم قريباً' })));
		expect(out[0].json).toMatchObject({ encoding: 'UCS-2', segments: 2 });
	});

	it('rejects a bad number before any request, naming item and field', async () => {
		const error = await runNode(Messangi, options(sendParams({ to: (_: unknown, i: number) => (i === 1 ? '1305abc' : '13056708084') }), { items: [{}, {}] })).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('[item 1]');
		expect(error.message).toContain('"1305abc" in "to"');
		expect(sandbox.requests).toHaveLength(1); // item 0 went out before item 1 was read
	});

	it('rejects an empty sender or message before any request', async () => {
		const noSender = await runNode(Messangi, options(sendParams({ sender: '  ' }))).catch((e) => e);
		expect(noSender.message).toContain('No sender is set');
		const noText = await runNode(Messangi, options(sendParams({ message: '' }))).catch((e) => e);
		expect(noText.message).toContain('The message is empty');
		const dots = await runNode(Messangi, options(sendParams({ carrier: '..' }))).catch((e) => e);
		expect(dots.message).toContain('not a valid carrier name');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('turns a failed message status into a rejected row with a sentence (NOT_ENOUGH_FUNDS)', async () => {
		sandbox.state.funds = 1;
		const out = await runNode(Messangi, options(sendParams({ to: '13056708084, 13056708085' }), { continueOnFail: true }));
		expect(out.map((o) => o.json.status)).toEqual(['accepted', 'rejected']);
		expect(out[1].json).toMatchObject({ providerStatus: 'NOT_ENOUGH_FUNDS' });
		expect(out[1].json.error).toContain('not enough funds');
	});

	it('fails the node with the sentence when Continue On Fail is off (BAD_FROM)', async () => {
		const error = await runNode(Messangi, options(sendParams({ sender: '99999' }))).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('refused the sender');
	});

	it('passes an unknown (open-set) message status through without failing the row', async () => {
		sandbox.inject({ body: fixture('sendSMS.reply.xml').replace('SENT_TO_CARRIER', 'QUEUED_SOMEWHERE_NEW') });
		const out = await runNode(Messangi, options(sendParams()));
		expect(out[0].json).toMatchObject({ status: 'accepted', providerStatus: 'QUEUED_SOMEWHERE_NEW', messageId: '-8174720676710228700' });
	});
});

describe('Messangi signature and errors', () => {
	it('says the public or private key is wrong on BAD_SIGNATURE, and never shows the private key', async () => {
		const wrongKey = 'wrong-private-key-123';
		const error = await runNode(Messangi, { ...options(sendParams()), credentials: credentialsFor(sandbox, { privateKey: wrongKey }) }).catch((e) => e);
		expect(error.message).toContain('public key or private key is wrong');
		expect(JSON.stringify({ m: error.message, d: error.description, c: error.context })).not.toContain(wrongKey);
		expect(sandbox.state.sent).toHaveLength(0);
	});

	it('says so on a wrong public key too', async () => {
		const out = await runNode(Messangi, { ...options(sendParams(), { continueOnFail: true }), credentials: credentialsFor(sandbox, { publicKey: 'nope' }) });
		expect(out[0].json).toMatchObject({ status: 'rejected' });
		expect(out[0].json.error).toContain('public key or private key is wrong');
	});

	it('explains a missing key before sending anything', async () => {
		const error = await runNode(Messangi, { ...options(sendParams()), credentials: credentialsFor(sandbox, { privateKey: '' }) }).catch((e) => e);
		expect(error.message).toContain('has no privateKey');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('explains a wrong Base URL (HTTP 404)', async () => {
		const out = await runNode(Messangi, { ...options(sendParams(), { continueOnFail: true }), credentials: credentialsFor(sandbox, { baseUrl: `${sandbox.url}/wrong/api` }) });
		expect(out[0].json.error).toContain('Base URL in the credential is probably wrong');
	});

	it.each([
		['badSignature.reply.xml', 'auth', 'public key or private key is wrong'],
		['error.reply.xml', 'notSent', 'Messangi refused the request: Internal error, please contact support'],
	])('maps the status of %s to a sentence', async (file, kind, sentence) => {
		sandbox.inject({ body: fixture(file) });
		const out = await runNode(Messangi, options(sendParams(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('rejected');
		expect(out[0].json.error).toContain(sentence);
		expect(kind).toBeTruthy();
	});

	it('names an unknown status and its description', async () => {
		sandbox.inject({ body: '<status>SUSPENDED</status><description>Account suspended</description>' });
		const out = await runNode(Messangi, options(sendParams(), { continueOnFail: true }));
		expect(out[0].json.error).toContain('status SUSPENDED: Account suspended');
	});
});

describe('Messangi faults: nothing is sent twice', () => {
	it('retries a 429 and sends exactly once', async () => {
		sandbox.inject({ status: 429, headers: { 'retry-after': '0' }, times: 2 });
		const out = await runNode(Messangi, options(sendParams()));
		expect(out[0].json.status).toBe('accepted');
		expect(sandbox.requests).toHaveLength(3);
		expect(sandbox.processed('tools/sendSMS')).toHaveLength(1);
		expect(sandbox.state.sent).toHaveLength(1);
	});

	it('reports unknown and does not re-send after a 500 once the request was processed', async () => {
		sandbox.inject({ status: 500, afterProcessing: true });
		const out = await runNode(Messangi, options(sendParams(), { continueOnFail: true }));
		expect(out[0].json).toMatchObject({ status: 'unknown', to: '13056708084' });
		expect(out[0].json.error).toContain('not sent again');
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.state.sent).toHaveLength(1);
	});

	it('reports unknown and does not re-send after a connection reset', async () => {
		sandbox.inject({ reset: true, afterProcessing: true });
		const out = await runNode(Messangi, options(sendParams(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(sandbox.requests).toHaveLength(1);
	});

	it.each([
		['an HTML error page', '<html><body>Proxy error'],
		['plain text', 'Service Unavailable'],
		['an empty body', ''],
		['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><status>OK</status>'],
	])('reports unknown for %s in a 200 reply, without re-sending', async (_label, body) => {
		sandbox.inject({ body });
		const out = await runNode(Messangi, options(sendParams(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(out[0].json.error).toMatch(/could not be read as XML|has no <status>/);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('rejects (never sent) when the gateway cannot be reached', async () => {
		const out = await runNode(Messangi, { ...options(sendParams(), { continueOnFail: true }), credentials: credentialsFor(sandbox, { baseUrl: 'http://127.0.0.1:1/api' }) });
		expect(out[0].json.status).toBe('rejected');
		expect(out[0].json.error).toContain('ECONNREFUSED');
	});
});

describe('Messangi sms.sendMt (sendMT)', () => {
	const mt = (extra: Record<string, unknown> = {}) => ({ resource: 'sms', operation: 'sendMt', to: '13056708084', message: 'Campaign text', sender: '12345', carrier: '', ...extra });

	it('sends instance/from/carrier(null)/number/Base64 text, signed, and outputs an accepted row without id', async () => {
		const out = await runNode(Messangi, options(mt()));
		const call = expectSigned(sandbox.requests[0], 1);
		expect(call.method).toBe('sendMT');
		expect(call.params).toEqual(['43', '12345', 'null', '13056708084', Buffer.from('Campaign text').toString('base64')]);
		expect(out[0].json).toEqual({ provider: 'messangi', to: '13056708084', status: 'accepted', segments: 1, encoding: 'GSM-7' });
	});

	it('uses sendMT with flags when options.flags is set', async () => {
		await runNode(Messangi, options(mt({ carrier: '7', options: { flags: 'priority=high/x' } })));
		const call = expectSigned(sandbox.requests[0], 1);
		expect(call.params).toEqual(['43', '12345', '7', '13056708084', Buffer.from('Campaign text').toString('base64'), 'priority=high/x']);
		expect(sandbox.state.sent[0]).toMatchObject({ method: 'sendMT', flags: 'priority=high/x', carrier: '7' });
	});

	it('delivers hostile text intact', async () => {
		for (const text of HOSTILE_TEXTS) await runNode(Messangi, options(mt({ message: text })));
		expect(sandbox.state.sent.map((s) => s.text)).toEqual(HOSTILE_TEXTS);
	});

	it('turns an ERROR reply into a rejected row with the reason', async () => {
		const out = await runNode(Messangi, options(mt({ sender: '55555' }), { continueOnFail: true }));
		expect(out[0].json).toMatchObject({ status: 'rejected' });
		expect(out[0].json.error).toContain('Messangi refused the request: Invalid from');
	});
});

/** How tools/sendSMS carries a number in the path: Base64, then percent-encoded. */
const encodedNumber = (phone: string) => encodeURIComponent(Buffer.from(phone).toString('base64'));

describe('Messangi sms.sendBulk', () => {
	const bulk = (items: number, extra: Record<string, unknown> = {}) => ({
		params: { resource: 'sms', operation: 'sendBulk', to: (item: { json: { phone: string } }) => item.json.phone, message: 'Sale today', sender: '19893653744', carrier: '', ...extra },
		items: Array.from({ length: items }, (_, i) => ({ phone: `1305${String(i).padStart(7, '0')}` })),
	});

	it('sends one request per recipient, one row per recipient paired to its item, a number listed twice once', async () => {
		const { params, items } = bulk(12);
		items.push({ phone: items[3].phone });
		const out = await runNode(Messangi, options(params, { items }));
		expect(sandbox.state.sent).toHaveLength(12);
		expect(out).toHaveLength(12);
		expect(out.every((o, i) => o.json.status === 'accepted' && (o.pairedItem as { item: number }).item === i && o.json.to === items[i].phone)).toBe(true);
	});

	it('keeps at most "Parallel Requests" requests in flight', async () => {
		let inFlight = 0;
		let most = 0;
		const onRequest = (_req: unknown, res: import('http').ServerResponse) => {
			inFlight++;
			most = Math.max(most, inFlight);
			res.on('finish', () => inFlight--);
		};
		sandbox.server.on('request', onRequest);
		sandbox.inject({ delayMs: 20, rate: 1 });
		try {
			const { params, items } = bulk(24, { options: { concurrency: 3 } });
			const out = await runNode(Messangi, options(params, { items }));
			expect(out.filter((o) => o.json.status === 'accepted')).toHaveLength(24);
			expect(most).toBe(3);
		} finally {
			sandbox.server.off('request', onRequest);
		}
	});

	it('pauses every lane when one gets a 429, then sends each recipient exactly once', async () => {
		const { params, items } = bulk(80, { options: { concurrency: 5 } });
		// one fault applies per request, so the lanes are slowed by latency rather than a delay fault
		sandbox.latencyMs = 15;
		const fault = sandbox.inject({ status: 429, headers: { 'retry-after': '1' }, match: (r: { path: string }) => r.path.includes(encodedNumber(items[7].phone)) });
		const out = await runNode(Messangi, options(params, { items })).finally(() => {
			sandbox.latencyMs = 0;
		});
		expect(fault.used).toBe(1);
		expect(out.filter((o) => o.json.status === 'accepted')).toHaveLength(80);
		expect(sandbox.state.sent.map((s) => s.to).sort()).toEqual(items.map((i) => i.phone).sort());
		const refused = sandbox.requests.find((r) => !r.processed) as { time: number };
		// after the 429, the other lanes finish what they had sent and then wait for the pause too
		const startedDuringPause = sandbox.requests.map((r) => r.time - refused.time).filter((offset) => offset > 100 && offset < 900);
		expect(startedDuringPause).toEqual([]);
	});

	it('with a rate-limited gateway, every recipient is still sent exactly once', async () => {
		const limited = createMessangiSandbox({ rateLimit: { perSecond: 6 } });
		await limited.listen();
		try {
			const { params, items } = bulk(15, { options: { concurrency: 8 } });
			const out = await runNode(Messangi, { ...optionsFor(limited, params, { items }) });
			expect(out.filter((o) => o.json.status === 'accepted')).toHaveLength(15);
			expect(limited.state.sent).toHaveLength(15);
			expect(new Set(limited.state.sent.map((s) => s.to)).size).toBe(15);
		} finally {
			await limited.close();
		}
	});

	it('a 500 after processing makes that recipient unknown, the others are sent once', async () => {
		const { params, items } = bulk(6);
		sandbox.inject({ status: 500, afterProcessing: true, match: (r: { path: string }) => r.path.includes(encodedNumber(items[2].phone)) });
		const out = await runNode(Messangi, options(params, { items, continueOnFail: true }));
		expect(out.map((o) => o.json.status)).toEqual(['accepted', 'accepted', 'unknown', 'accepted', 'accepted', 'accepted']);
		expect(sandbox.state.sent).toHaveLength(6);
		expect(sandbox.requests).toHaveLength(6);
	});

	it('fails before any request when one item has a bad number or the concurrency is out of range', async () => {
		const { params, items } = bulk(3);
		items[1].phone = '12';
		const error = await runNode(Messangi, options(params, { items })).catch((e) => e);
		expect(error.message).toContain('[item 1]');
		const badConcurrency = await runNode(Messangi, options({ ...bulk(1).params, options: { concurrency: 50 } }, { items: bulk(1).items })).catch((e) => e);
		expect(badConcurrency.message).toContain('"Parallel Requests" must be a whole number from 1 to 20');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Messangi otp.send', () => {
	const otp = (extra: Record<string, unknown> = {}) => ({ resource: 'otp', operation: 'send', to: '13056708084', message: 'Your code:', sender: '19893653744', carrier: '', length: 6, ...extra });

	it('sends carrier/from/number/Base64 text/length and outputs the PIN', async () => {
		const out = await runNode(Messangi, options(otp({ length: 8 })));
		const call = expectSigned(sandbox.requests[0], 2);
		expect(call.method).toBe('tools/sendSMSPinMobileNumberConfirm');
		expect(call.params).toEqual(['43', 'null', '19893653744', '13056708084', Buffer.from('Your code:').toString('base64'), '8']);
		expect(out[0].json).toMatchObject({ provider: 'messangi', to: '13056708084', status: 'accepted', pin: expect.stringMatching(/^\d{8}$/) });
		expect(out[0].json.pin).toBe(sandbox.state.sent[0].pin);
	});

	it.each([3, 11, 6.5])('rejects PIN length %s before any request', async (length) => {
		const error = await runNode(Messangi, options(otp({ length }))).catch((e) => e);
		expect(error.message).toContain('"PIN Length" must be a whole number from 4 to 10');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('reports unknown, not a PIN, when the reply has none', async () => {
		sandbox.inject({ body: fixture('sendMT.reply.xml') });
		const out = await runNode(Messangi, options(otp(), { continueOnFail: true }));
		expect(out[0].json.status).toBe('unknown');
		expect(out[0].json.error).toContain('sent no PIN back');
	});

	it("reads the document's own PIN reply", async () => {
		sandbox.inject({ body: fixture('sendSMSPinMobileNumberConfirm.reply.xml') });
		const out = await runNode(Messangi, options(otp()));
		expect(out[0].json.pin).toBe('846547');
	});
});

describe('Messangi incomingMessage.getAll', () => {
	const getAll = (extra: Record<string, unknown> = {}) => ({ resource: 'incomingMessage', operation: 'getAll', returnAll: false, limit: 50, filters: {}, ...extra });

	function fill(count: number, extra: (i: number) => Record<string, string> = () => ({})) {
		for (let i = 0; i < count; i++) sandbox.addIncoming({ text: `message ${i}`, from: `58412${String(i).padStart(6, '0')}`, ...extra(i) });
	}

	it('pages through everything with returnAll, newest first, 100 a page', async () => {
		fill(250);
		const out = await runNode(Messangi, options(getAll({ returnAll: true })));
		expect(out).toHaveLength(250);
		expect(out[0].json).toEqual({
			from: '58412000249',
			to: MESSANGI_SHORT_CODE,
			text: 'message 249',
			keyword: '',
			carrier: 'Movistar',
			encoding: 'UTF-8',
			sendDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/),
		});
		const calls = sandbox.requests.map((r) => expectSigned(r, 2).params);
		expect(calls).toEqual([
			['43', '1', '100', 'order=desc'],
			['43', '2', '100', 'order=desc'],
			['43', '3', '100', 'order=desc'],
		]);
	});

	it('asks for no more than the limit', async () => {
		fill(40);
		const out = await runNode(Messangi, options(getAll({ limit: 30, options: { order: 'asc' } })));
		expect(out.map((o) => o.json.text)).toEqual(Array.from({ length: 30 }, (_, i) => `message ${i}`));
		expect(sandbox.requests.map((r) => decodeCall(r, 2).params)).toEqual([['43', '1', '30', 'order=asc']]);
	});

	it('sends the filters as the inline search string', async () => {
		fill(10, (i) => ({ carrier: i % 2 ? 'Digitel' : 'Movistar', text: i < 5 ? `STOP ${i}` : `hello ${i}` }));
		const out = await runNode(Messangi, options(getAll({ filters: { keyword: '^STOP.*', carrier: 'movistar' } })));
		expect(decodeCall(sandbox.requests[0], 2).params[3]).toBe('order=desc&keyword=%5ESTOP.*&carrier=movistar');
		expect(out.map((o) => o.json.text)).toEqual(['STOP 4', 'STOP 2', 'STOP 0']);
	});

	it('returns hostile texts intact (XML-escaped by the gateway, decoded by the node)', async () => {
		for (const text of HOSTILE_TEXTS) sandbox.addIncoming({ text });
		const out = await runNode(Messangi, options(getAll({ options: { order: 'asc' } })));
		expect(out.map((o) => o.json.text)).toEqual(HOSTILE_TEXTS);
	});

	it("reads a list closed like the document's sample (malformed) when every message is whole", async () => {
		const malformed = createMessangiSandbox({ malformedMoList: true, rootless: true });
		await malformed.listen();
		try {
			for (let i = 0; i < 3; i++) malformed.addIncoming({ text: `m${i}` });
			const out = await runNode(Messangi, optionsFor(malformed, getAll()));
			expect(out.map((o) => o.json.text)).toEqual(['m2', 'm1', 'm0']);
		} finally {
			await malformed.close();
		}
	});

	it("reads the document's own getMOMessages reply", async () => {
		sandbox.inject({ body: fixture('getMOMessages.reply.xml') });
		const out = await runNode(Messangi, options(getAll({ limit: 1 })));
		expect(out.map((o) => o.json)).toEqual([
			{ from: '58123456789', to: '19893143924', text: 'Test', keyword: '^OGANGI.*', carrier: 'Movistar', encoding: 'UTF-8', sendDate: '2014-10-13 10:30:51.922' },
		]);
	});

	it('fails clearly on a malformed list that lost a message, instead of guessing', async () => {
		const truncated = fixture('getMOMessages.reply.xml').replace('</MOMessage>', '</MOMessage><MOMessage><text>cut');
		sandbox.inject({ body: truncated });
		const error = await runNode(Messangi, options(getAll())).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('not well-formed XML and could not be read safely');
	});
});

describe('Messangi incomingMessage.fire', () => {
	const fire = (extra: Record<string, unknown> = {}) => ({ resource: 'incomingMessage', operation: 'fire', to: '1200000001', message: 'STOP', ...extra });

	it('fires with GET fireMessage/instance/number/Base64 text, and the MO arrives', async () => {
		const out = await runNode(Messangi, options(fire()));
		const call = expectSigned(sandbox.requests[0], 1);
		expect(sandbox.requests[0].method).toBe('GET');
		expect(call.params).toEqual(['43', '1200000001', Buffer.from('STOP').toString('base64')]);
		expect(out[0].json).toEqual({ provider: 'messangi', to: '1200000001', message: 'STOP', status: 'accepted' });
		expect(sandbox.state.inbox).toEqual([expect.objectContaining({ from: '1200000001', text: 'STOP' })]);
	});

	it('fires hostile text intact', async () => {
		for (const text of HOSTILE_TEXTS) await runNode(Messangi, options(fire({ message: text })));
		expect(sandbox.state.fired.map((f) => f.text)).toEqual(HOSTILE_TEXTS);
	});

	it('POSTs the JSON descriptor when the option is set, signed over the instance id only', async () => {
		const descriptor = fixture('fireMessage.descriptor.json');
		const out = await runNode(Messangi, options(fire({ to: '13055468310', options: { descriptor } })));
		const [request] = sandbox.requests;
		expect(request.method).toBe('POST');
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(expectSigned(request, 1).params).toEqual(['43']);
		expect(request.json).toEqual(JSON.parse(descriptor));
		expect(out[0].json).toEqual({ provider: 'messangi', to: '13055468310', message: 'STOP', status: 'accepted', instanceId: '43' });
	});

	it('fills recipient and keyword from To and Message when the descriptor leaves them out', async () => {
		await runNode(Messangi, options(fire({ options: { descriptor: { sender_id_id: 'CODE' } } })));
		expect(sandbox.requests[0].json).toEqual({ event: { 'fld-val-list': { sender_id_id: 'CODE', recipient_address: '1200000001', keyword_value: 'STOP' } } });
	});

	it('rejects a descriptor that is not a JSON object before any request', async () => {
		const error = await runNode(Messangi, options(fire({ options: { descriptor: '{not json' } }))).catch((e) => e);
		expect(error.message).toContain('not a JSON object');
		expect(error.description).toContain('options.descriptor');
		expect(sandbox.requests).toHaveLength(0);
	});

	it("reads the document's POST reply", () => {
		const reply = readReply(fixture('fireMessage.post.reply.xml'), 200);
		expect(reply).toMatchObject({ input: 'fireMessage', status: 'OK', description: 'Completed', wellFormed: true });
		expect(reply.result).toEqual({ mo: { instanceId: '43', mobileNumber: '1200000001', text: 'Test qa API fireMessage.' } });
	});
});

describe('Messangi replies without a root element (as the document shows them)', () => {
	it('work for send and list alike', async () => {
		const bare = createMessangiSandbox({ rootless: true });
		await bare.listen();
		try {
			const sent = await runNode(Messangi, optionsFor(bare, sendParams()));
			expect(sent[0].json.status).toBe('accepted');
			bare.addIncoming({ text: 'hi' });
			const list = await runNode(Messangi, optionsFor(bare, { resource: 'incomingMessage', operation: 'getAll', returnAll: true, filters: {} }));
			expect(list.map((o) => o.json.text)).toEqual(['hi']);
		} finally {
			await bare.close();
		}
	});

	it.each(['sendSMS.reply.xml', 'sendMT.reply.xml', 'fireMessage.get.reply.xml', 'badSignature.reply.xml', 'error.reply.xml'])('reads the static part of %s', (file) => {
		const reply = readReply(fixture(file), 200);
		expect(reply.status).toMatch(/^(OK|BAD_SIGNATURE|ERROR)$/);
		expect(reply.description).toBeTruthy();
	});

	it('an unreadable reply is a GatewayError with an unknown outcome', () => {
		expect(() => readReply('<html>', 200)).toThrow(GatewayError);
	});
});

describe('Messangi credential test (methods.credentialTest, referenced by testedBy)', () => {
	const context = { helpers: { request: (options: object) => proxyRequestToAxios(undefined, undefined, undefined, options as never) } } as unknown as ICredentialTestFunctions;
	const test = (data: ICredentialDataDecryptedObject) => new Messangi().methods.credentialTest.messangiApiTest.call(context, { id: '1', name: 'Messangi', type: 'messangiApi', data });

	it('is referenced by both nodes', () => {
		expect(new Messangi().description.credentials).toEqual([{ name: 'messangiApi', required: true, testedBy: 'messangiApiTest' }]);
	});

	it('passes with a signed read of one incoming message', async () => {
		const result = await test(credentialsFor(sandbox, { baseUrl: `${credentialsFor(sandbox).baseUrl}/` }));
		expect(result.status).toBe('OK');
		const call = expectSigned(sandbox.requests[0], 2);
		expect(call.params).toEqual(['43', '1', '1', 'null']);
	});

	it('says the public or private key is wrong on BAD_SIGNATURE, without the key', async () => {
		const result = await test(credentialsFor(sandbox, { privateKey: 'not-the-key-9876' }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('public key or private key is wrong');
		expect(result.message).not.toContain('not-the-key-9876');
	});

	it('explains an unreachable or wrong Base URL and missing fields', async () => {
		// the nodes' own sentence, now that the test reads through the same transport
		expect((await test(credentialsFor(sandbox, { baseUrl: 'http://127.0.0.1:1/api' }))).message).toMatch(/^Could not reach Messangi at 127\.0\.0\.1:1 \(ECONNREFUSED\).*Check the Base URL/);
		expect((await test(credentialsFor(sandbox, { baseUrl: `${sandbox.url}/nope` }))).message).toContain('HTTP 404');
		expect((await test(credentialsFor(sandbox, { instanceId: '' }))).message).toContain('has no instanceId');
	});
});
