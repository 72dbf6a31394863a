import { createHmac } from 'crypto';

import { MessangiApi } from '../../credentials/MessangiApi.credentials';
import { base64 } from '../../nodes/Messangi/actions/common';
import { buildSearchString, identityOf, readFilters, sendDateKey } from '../../nodes/Messangi/incoming';
import {
	buildStringToSign,
	buildUnsignedUrl,
	computeSignature,
	encodePathSegment,
	signedFormOf,
	signPathParams,
	signRequest,
	signUrl,
	SigningError,
} from '../../nodes/Messangi/signing';
import vectors from './fixtures/vectors.json';

const credentials = {
	baseUrl: 'https://www.messangi.com/messangi_mmc/rest/api',
	instanceId: '43',
	publicKey: 'pub-key',
	privateKey: 'sandbox-private-key-5ecret',
};

describe('Messangi signature: fixed vectors', () => {
	it.each(vectors.vectors.map((v) => [v.stringToSign, v]))('signs "%s"', (_label, vector) => {
		expect(buildStringToSign(vector.params)).toBe(vector.stringToSign);
		expect(computeSignature(vector.stringToSign, vector.privateKey)).toBe(vector.signature);
		expect(signPathParams(vector.params, vector.privateKey)).toBe(vector.signature);
	});

	it('is lowercase hex, 64 characters', () => {
		expect(computeSignature('x', 'k')).toMatch(/^[0-9a-f]{64}$/);
	});

	it("is keyed with the private key's UTF-8 bytes, whatever characters it holds", () => {
		for (const key of ['k', 'clé privée', 'ключ', '鍵🔑', ' spaced ']) {
			expect(computeSignature('inst/null/12345', key)).toBe(createHmac('sha256', Buffer.from(key, 'utf8')).update('inst/null/12345', 'utf8').digest('hex'));
		}
	});

	it('changes completely when one character of the signed text is tampered with', () => {
		const { tampered } = vectors;
		const signature = computeSignature(tampered.stringToSign, tampered.privateKey);
		expect(signature).toBe(tampered.signature);
		expect(signature).not.toBe(tampered.signatureOfOriginal);
	});

	it('changes with the private key, and keys it with its UTF-8 bytes', () => {
		const text = vectors.vectors[0].stringToSign;
		expect(computeSignature(text, 'another-key')).not.toBe(vectors.vectors[0].signature);
		expect(computeSignature(text, 'ñ')).toBe(createHmac('sha256', Buffer.from([0xc3, 0xb1])).update(text).digest('hex'));
	});

	it('signs the Base64 text itself, not its percent-encoded form (the one choice, in signedFormOf)', () => {
		const b64 = base64('مرحبا 😀 /?#%+>>>?');
		expect(b64).toContain('/');
		expect(b64).toContain('+');
		expect(signedFormOf(b64)).toBe(b64);
		expect(encodePathSegment(b64)).not.toBe(b64);
	});
});

describe('Messangi URLs: path encoding of hostile text', () => {
	const hostile = ['مرحبا بالعالم', '~~~???>>>', '😀👍🏽', '/?#%+&=', '50% off? yes/no #1 +more', 'line\nbreak\ttab', 'a'.repeat(500), '..', '%2F%25', '\ud800 lone surrogate'];

	it.each(hostile.map((text) => [JSON.stringify(text).slice(0, 40), text]))('keeps %s as one path segment that decodes back to its Base64 text', (_label, text) => {
		const b64 = base64(text);
		const url = buildUnsignedUrl(credentials.baseUrl, 'tools/sendSMS', ['43', 'null', '19893653744', base64('13056708084'), b64]);
		const segments = new URL(url).pathname.split('/');
		expect(segments).toHaveLength(11);
		expect(decodeURIComponent(segments[10])).toBe(b64);
		expect(Buffer.from(decodeURIComponent(segments[10]), 'base64').toString('utf8')).toBe(Buffer.from(text, 'utf8').toString('utf8'));
		expect(segments[10]).not.toMatch(/[/+=?#]/);
	});

	it('percent-encodes raw (non-Base64) values too, so any value stays one segment', () => {
		expect(encodePathSegment('a/b?c#d')).toBe('a%2Fb%3Fc%23d');
		expect(encodePathSegment('\ud800')).toBe('%EF%BF%BD');
	});

	it('appends the public key and the signature of the decoded parameters from the instance id on', async () => {
		const params = ['43', 'null', '19893653744', base64('13056708084'), base64('50% off /?#+')];
		const unsigned = buildUnsignedUrl(`${credentials.baseUrl}/`, 'tools/sendSMS', params);
		const signed = await signRequest(credentials, { url: unsigned, method: 'GET' });
		expect(signed.url).toBe(`${unsigned}/pub-key/${signPathParams(params, credentials.privateKey)}`);
	});

	it('works through the credential class and with a relative url + baseURL', async () => {
		const authenticate = new MessangiApi().authenticate as typeof signRequest;
		const signed = await authenticate(credentials, { baseURL: credentials.baseUrl, url: '/sendMT/43/12345/null/13056708084/SGk%3D', method: 'GET' });
		const expected = computeSignature('43/12345/null/13056708084/SGk=', credentials.privateKey);
		expect(signed.url).toBe(`${credentials.baseUrl}/sendMT/43/12345/null/13056708084/SGk%3D/pub-key/${expected}`);
		expect(signed.baseURL).toBeUndefined();
	});

	it("signs n8n's legacy request options, which name the URL uri", async () => {
		const signed = (await signRequest(credentials, { uri: `${credentials.baseUrl}/fireMessage/43/1200000001/SGk%3D` } as never)) as unknown as { uri: string };
		expect(signed.uri).toBe(`${credentials.baseUrl}/fireMessage/43/1200000001/SGk%3D/pub-key/${computeSignature('43/1200000001/SGk=', credentials.privateKey)}`);
	});

	it('signs from the instance id even when a base URL has no path, and keeps a query string after the signature', () => {
		const url = signUrl('http://127.0.0.1:9/fireMessage/43/1200000001/SGk%3D?x=1', { ...credentials, baseUrl: 'http://127.0.0.1:9' });
		expect(url).toBe(`http://127.0.0.1:9/fireMessage/43/1200000001/SGk%3D/pub-key/${computeSignature('43/1200000001/SGk=', credentials.privateKey)}?x=1`);
	});

	it('refuses to sign without the instance id in the path, or without keys', () => {
		expect(() => signUrl(`${credentials.baseUrl}/sendMT/99/x`, credentials)).toThrow(SigningError);
		expect(() => signUrl(`${credentials.baseUrl}/sendMT/43/x`, { ...credentials, privateKey: '' })).toThrow(/Private Key/);
	});
});

describe('MO inline search string', () => {
	it('builds the example of nodes/Messangi/PROVIDER.md exactly', () => {
		const filters = readFilters({ from: '+1 305 670 8084', to: '19893143924', keyword: '^OGANGI.*', carrier: 'movistar' });
		expect(buildSearchString(filters, 'desc')).toBe('from=13056708084&order=desc&to=19893143924&keyword=%5EOGANGI.*&carrier=movistar');
	});

	it('joins several values with commas, keeps a comma inside the keyword, and fills an empty search with null', () => {
		expect(buildSearchString(readFilters({ from: '111222333, 444555666', carrier: 'movistar, Digitel', keyword: 'a{1,3}&b' }))).toBe(
			'from=111222333,444555666&keyword=a%7B1%2C3%7D%26b&carrier=movistar,Digitel',
		);
		expect(buildSearchString(readFilters({}))).toBe('null');
		expect(buildSearchString(readFilters({ from: '', keyword: '  ' }))).toBe('null');
	});

	it('rejects a filter number that is not digits, naming the field', () => {
		expect(() => readFilters({ from: 'abc' })).toThrow(/"abc" in "filters.from"/);
	});
});

describe('incoming message identity and dates', () => {
	const mo = { from: '58123456789', to: '19893143924', text: 'Test', keyword: '', carrier: 'Movistar', encoding: 'UTF-8', sendDate: '2014-10-13 10:30:51.922' };

	it('is stable and changes with sendDate, from, to or text (not with carrier or keyword)', () => {
		const id = identityOf(mo);
		expect(identityOf({ ...mo })).toBe(id);
		expect(identityOf({ ...mo, carrier: 'Digitel', keyword: 'x' })).toBe(id);
		for (const change of [{ sendDate: '2014-10-13 10:30:51.923' }, { from: '1' }, { to: '2' }, { text: 'Test ' }]) {
			expect(identityOf({ ...mo, ...change })).not.toBe(id);
		}
	});

	it('orders both date formats of the document', () => {
		expect(sendDateKey('2014-10-13 10:30:51.922')).toBe(Date.UTC(2014, 9, 13, 10, 30, 51, 922));
		expect(sendDateKey('2013-09-17T10:13:59.176-04:30')).toBe(Date.UTC(2013, 8, 17, 14, 43, 59, 176));
		expect(sendDateKey('2013-09-17T10:13:59.176+0200')).toBe(Date.UTC(2013, 8, 17, 8, 13, 59, 176));
		expect(sendDateKey('2013-09-17 10:13:59')).toBe(Date.UTC(2013, 8, 17, 10, 13, 59));
		expect(sendDateKey('yesterday')).toBeNaN();
	});
});
