import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { authenticate, authenticatedBody } from '../../nodes/Msegat/auth';
import { isSuccessCode, MSEGAT_CODES, msegatError, normalizeCode } from '../../nodes/Msegat/errorCodes';
import { bulkIdOf, listOf, readBalance, readCost, readReply } from '../../nodes/Msegat/replies';
import documentCodes from './fixtures/errorCodes.json';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('Msegat error table', () => {
	const codes = Object.keys(documentCodes.errors);

	it('has a sentence for every error code of the document, and nothing the document lacks', () => {
		expect(Object.keys(MSEGAT_CODES).sort()).toEqual([...codes].sort());
	});

	it.each(codes)('code %s says what happened and what to do, with the code and Msegat\'s words', (code) => {
		const gatewayText = (documentCodes.errors as Record<string, string>)[code];
		const error = msegatError(code, gatewayText, 200);
		expect(error.message).toContain(`(Msegat code ${code})`);
		// A sentence, then what to do: at least two sentences, the second an instruction.
		expect(error.message.split('. ').length).toBeGreaterThanOrEqual(2);
		expect(error.providerCode).toBe(code);
		expect(error.description).toContain(gatewayText.slice(0, 40));
		expect(error.kind).not.toBe('unknown');
	});

	it.each([
		['M0002', 'user name or API key is wrong'],
		['1020', 'user name or API key is wrong'],
		['1060', 'Top up your balance'],
		['1064', 'Pin Code is: 1234'],
		['1064', 'Verification Code: 1234'],
		['1120', 'international messaging'],
		['M0029', 'at most 11 characters'],
		['M0030', 'end with AD'],
		['M0040', 'Batch Size'],
		['M0037', 'IP address'],
	])('%s mentions "%s"', (code, words) => {
		expect(msegatError(code).message).toContain(words);
	});

	it('marks a wrong login as an auth error', () => {
		expect(msegatError('M0002').kind).toBe('auth');
		expect(msegatError('1020').kind).toBe('auth');
		expect(msegatError('1060').kind).toBe('notSent');
	});

	it('says so when a code is unknown, shows what came back, and treats the outcome as unknown', () => {
		const error = msegatError('M0099', 'Something new');
		expect(error.kind).toBe('unknown');
		expect(error.message).toContain('M0099');
		expect(error.message).toContain('Something new');
		expect(error.message).toContain('neither success nor a code');
	});

	it('reads codes sent as strings or numbers, and the success forms', () => {
		expect(normalizeCode(1)).toBe('1');
		expect(normalizeCode(' 1060 ')).toBe('1060');
		expect(normalizeCode('m0002')).toBe('M0002');
		expect(normalizeCode(null)).toBeUndefined();
		// A sentence or an echoed request is no code, and is never reshaped.
		expect(normalizeCode('Authorization: Bearer abc; apiKey=xyz')).toBeUndefined();
		expect(normalizeCode('abc-Key')).toBe('abc-Key');
		expect(['1', 'M0000', '1-12345'].every((c) => isSuccessCode(c))).toBe(true);
		expect(['1060', 'M0002', '10', undefined].some((c) => isSuccessCode(c))).toBe(false);
	});
});

describe('Msegat replies', () => {
	it('reads the document\'s JSON replies', () => {
		expect(readReply(fixture('sendsms.response.json'))).toMatchObject({ code: '1', message: 'Success' });
		expect(readReply(fixture('sendOTPCode.response.json'))).toMatchObject({ code: '1', json: { id: 11 } });
		expect(readReply(fixture('GetMessageTemplates.response.json')).code).toBe('M0000');
		expect(readReply('{"code":1060,"message":"Balance is not enough"}')).toMatchObject({ code: '1060', message: 'Balance is not enough' });
	});

	it('reads bare codes but not bare data', () => {
		expect(readReply('M0002').code).toBe('M0002');
		expect(readReply('1020\n').code).toBe('1020');
		expect(readReply('"1060"').code).toBe('1060');
		expect(readReply('272').code).toBeUndefined();
		expect(readReply('<html>oops</html>').code).toBeUndefined();
		expect(readReply('').code).toBeUndefined();
	});

	it('finds the bulk id in a "1-<bulkId>" code or an id field', () => {
		expect(bulkIdOf(readReply('{"code":"1-4711","message":"Success"}'))).toBe('4711');
		expect(bulkIdOf(readReply('{"code":1,"message":"Success","id":4711}'))).toBe('4711');
		expect(bulkIdOf(readReply('{"code":"1","message":"Success","bulkId":"ab-12"}'))).toBe('ab-12');
		expect(bulkIdOf(readReply('{"code":"1","message":"Success"}'))).toBeUndefined();
	});

	it('reads Credits.php: a plain-text number, a bare code, the documented JSON', () => {
		expect(readBalance(fixture('Credits.response.txt'))).toEqual({ kind: 'balance', balance: 272.6 });
		expect(readBalance('0')).toEqual({ kind: 'balance', balance: 0 });
		expect(readBalance('M0002')).toEqual({ kind: 'code', code: 'M0002' });
		expect(readBalance('{"userBalance":12.5}')).toEqual({ kind: 'balance', balance: 12.5 });
		expect(readBalance('{"code":"M0002","message":"Invalid login info"}')).toEqual({ kind: 'code', code: 'M0002', message: 'Invalid login info' });
		expect(readBalance('1020')).toEqual({ kind: 'ambiguous', balance: 1020, code: '1020' });
		expect(readBalance('1010')).toEqual({ kind: 'ambiguous', balance: 1010, code: '1010' });
		expect(readBalance('<html>')).toEqual({ kind: 'unreadable' });
	});

	it('reads calculateCost.php: "contacts,points" or a code', () => {
		expect(readCost(fixture('calculateCost.response.txt'))).toEqual({ kind: 'cost', contacts: 3, points: 9 });
		expect(readCost(' 10 , 20 ')).toEqual({ kind: 'cost', contacts: 10, points: 20 });
		expect(readCost('1020')).toEqual({ kind: 'code', code: '1020' });
		expect(readCost('{"code":"M0002","message":"Invalid login info"}')).toMatchObject({ kind: 'code', code: 'M0002' });
		expect(readCost('three')).toEqual({ kind: 'unreadable' });
	});

	it('finds lists bare or wrapped', () => {
		expect(listOf(JSON.parse(fixture('senders.response.json')))).toHaveLength(2);
		expect(listOf(JSON.parse(fixture('GetMessageTemplates.response.json')))).toHaveLength(1);
		expect(listOf({ code: '1', data: [1, 2] })).toEqual([1, 2]);
		expect(listOf({ code: '1' })).toBeUndefined();
	});
});

describe('Msegat login: userName and apiKey go into the body (nodes/Msegat/auth.ts)', () => {
	const credentials = { userName: 'shop', apiKey: 'k&y=1', baseUrl: 'https://www.msegat.com/gw' };

	it('the transport encodes a form body once, the login URL-encoded before the call\'s fields', () => {
		expect(authenticatedBody(credentials, { msgEncoding: 'UTF8', vars: { a: 1 } }, 'form')).toEqual({
			body: 'userName=shop&apiKey=k%26y%3D1&msgEncoding=UTF8&vars=%7B%22a%22%3A1%7D',
			contentType: 'application/x-www-form-urlencoded',
		});
	});

	it('the transport encodes a JSON body, and the payload never overrides the login', () => {
		const { body, contentType } = authenticatedBody(credentials, { number: '966501234567', apiKey: 'forged' }, 'json');
		expect(contentType).toBe('application/json');
		expect(JSON.parse(body)).toEqual({ userName: 'shop', apiKey: 'k&y=1', number: '966501234567' });
		expect(Object.keys(JSON.parse(body))).toEqual(['userName', 'apiKey', 'number']);
	});

	it('the credential\'s authenticate adds the login to a JSON or form object (as the HTTP Request node passes them), without letting them override it', async () => {
		const json = await authenticate(credentials, { url: 'x', body: { msgEncoding: 'UTF8', userName: 'other' } });
		expect(json.body).toEqual({ userName: 'shop', apiKey: 'k&y=1', msgEncoding: 'UTF8' });
		const form = (await authenticate(credentials, { url: 'x', form: { msg: 'hi' } } as never)) as unknown as { form: unknown; body?: unknown };
		expect(form.form).toEqual({ userName: 'shop', apiKey: 'k&y=1', msg: 'hi' });
		expect(form.body).toBeUndefined();
	});

	it('creates a form body of the login when there is none, and leaves encoded text as it is (never parsed back)', async () => {
		const none = await authenticate(credentials, { url: 'x' });
		expect(none.body).toBe('userName=shop&apiKey=k%26y%3D1');
		expect(none.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		const encoded = authenticatedBody(credentials, { msg: 'hi' }, 'form');
		const options = { url: 'x', body: encoded.body, headers: { 'Content-Type': encoded.contentType } };
		expect(await authenticate(credentials, options)).toBe(options);
	});
});
