import fc from 'fast-check';

import { excerpt, GatewayError, InputError, redact, redactDeep, redactorFor, secretForms, settle } from '../../nodes/shared/errors';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('redact', () => {
	const token = 'sk_live_4f9a2b7c';
	const withSpecials = 'p@ss w/rd+&=?';

	const cases: Array<[string, string, string[], string]> = [
		['raw secret in a message', `request failed for token ${token}`, [token], 'request failed for token ***'],
		['every occurrence', `${token} and again ${token}`, [token], '*** and again ***'],
		['URL-encoded form in a query string', `GET /send?key=${encodeURIComponent(withSpecials)}&to=1`, [withSpecials], 'GET /send?key=***&to=1'],
		['Base64 form in a header', `Authorization: Basic ${b64(token)}`, [token], 'Authorization: Basic ***'],
		['several secrets', `user key ${token}, private ${'k3y-private'}`, [token, 'k3y-private'], 'user key ***, private ***'],
		['exactly 4 characters is long enough to redact', 'pin abcd used', ['abcd'], 'pin *** used'],
		// Shorter "secrets" would wipe out ordinary text (a 1-character secret would hit every word).
		['secrets shorter than 4 characters are ignored', 'abc is fine', ['abc'], 'abc is fine'],
		['empty secret is ignored (would otherwise split between every character)', 'nothing to hide', [''], 'nothing to hide'],
		['no secrets', 'plain text', [], 'plain text'],
		['text without the secret is unchanged', 'plain text', [token], 'plain text'],
	];
	it.each(cases)('%s', (_label, text, secrets, expected) => {
		expect(redact(text, secrets)).toBe(expected);
	});

	it('leaves no encoded form of the secret behind', () => {
		const text = `raw=${withSpecials} url=${encodeURIComponent(withSpecials)} b64=${b64(withSpecials)}`;
		const out = redact(text, [withSpecials]);
		expect(out).toBe('raw=*** url=*** b64=***');
		for (const form of [withSpecials, encodeURIComponent(withSpecials), b64(withSpecials)]) expect(out).not.toContain(form);
	});

	// BUG (nodes/shared/errors.ts, redact): secrets are replaced in the order given, so when one
	// secret contains another (e.g. a private key that starts with the public key), the shorter one
	// is replaced first and the rest of the longer one is left readable.
	it('redacts a secret whole even when another secret is part of it', () => {
		expect(redact('key=abcd-efgh-ijkl', ['abcd', 'abcd-efgh-ijkl'])).toBe('key=***');
	});
});

describe('redactDeep', () => {
	const secret = 'tok-9f8e7d6c';

	it('redacts strings at any depth, in objects and arrays, and keeps other values', () => {
		const input = {
			message: `bad token ${secret}`,
			count: 3,
			ok: false,
			none: null,
			nested: { url: `https://x.test/?t=${secret}`, list: ['a', `b ${b64(secret)}`, 7, { deeper: secret }] },
		};
		expect(redactDeep(input, [secret])).toEqual({
			message: 'bad token ***',
			count: 3,
			ok: false,
			none: null,
			nested: { url: 'https://x.test/?t=***', list: ['a', 'b ***', 7, { deeper: '***' }] },
		});
	});

	it('does not modify its input', () => {
		const input = { a: secret, b: [secret, { c: secret }] };
		const before = structuredClone(input);
		const out = redactDeep(input, [secret]);
		expect(input).toEqual(before);
		expect(out).not.toBe(input);
		expect(out.b).not.toBe(input.b);
	});

	it.each([
		['a string', `x ${secret}`, 'x ***'],
		['a number', 42, 42],
		['null', null, null],
		['undefined', undefined, undefined],
	])('works on %s at the top level', (_label, value, expected) => {
		expect(redactDeep(value, [secret])).toEqual(expected);
	});
});

// ---------------------------------------------------------------------------------------------
// The redactor against a reference: today's algorithm, written out again here (secret forms
// included), so that a form the fast path forgets, or a change in replacement order, shows up as
// a difference on some random text.

const REFERENCE_XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function referenceForms(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const cores: string[] = [];
	for (let start = 0; start < 3; start++) {
		const length = Math.floor((bytes.length - start) / 3) * 3;
		if (length >= 6) cores.push(bytes.subarray(start, start + length).toString('base64'));
	}
	const forms = new Set([
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
		secret.replace(/[&<>"']/g, (c) => REFERENCE_XML[c]),
		secret.replace(/[&<>"']/g, (c) => (c === "'" ? '&#39;' : REFERENCE_XML[c])),
		Buffer.from(secret).toString('base64'),
		...cores,
	]);
	return [...forms].sort((a, b) => b.length - a.length);
}

function referenceRedact(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
		if (!secret || secret.length < 4) continue;
		for (const form of referenceForms(secret)) result = result.split(form).join('***');
	}
	return result;
}

function referenceRedactDeep(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return referenceRedact(value, secrets);
	if (Array.isArray(value)) return value.map((v) => referenceRedactDeep(v, secrets));
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, v] of Object.entries(value)) out[key] = referenceRedactDeep(v, secrets);
		return out;
	}
	return value;
}

/**
 * Every way a gateway may write a secret inside a reply, each written independently of
 * secretForms: as is, URL-, form-, JSON- and XML-encoded, Base64 alone and Base64 of a longer text
 * holding the secret at each byte offset (Basic auth's `user:secret`).
 */
const ENCODINGS: Array<[string, (secret: string) => string]> = [
	['raw', (s) => s],
	['URL-encoded', (s) => encodeURIComponent(s)],
	['form-encoded', (s) => new URLSearchParams({ k: s }).toString().slice(2)],
	['JSON-escaped', (s) => JSON.stringify(s).slice(1, -1)],
	['JSON string', (s) => JSON.stringify({ key: s })],
	['XML-escaped (&apos;)', (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')],
	['XML-escaped (&#39;)', (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')],
	['Base64', (s) => b64(s)],
	['Base64 of user:secret', (s) => b64(`user:${s}`)],
	['Base64 at offset 1', (s) => b64(`x${s}--`)],
	['Base64 at offset 2', (s) => b64(`xy${s}-`)],
	['Base64 at offset 0 inside', (s) => b64(`xyz${s}tail`)],
];

const SECRETS_UNDER_TEST = [
	'sk_live_4f9a2b7c',
	'Zq9x+Sk/Tok=en&7rW4',
	`Zq9 s3cr~t!'(x)"\\K7`,
	'a<b>&c"d\'e',
	'.*+?^${}()|[]\\/-',
	'пароль-ключ-42',
	'🔑emoji🔑key',
	'line\nbreak\ttab',
	'abcd',
	'a***b',
];

describe('redact: every encoding of every secret', () => {
	const cases = SECRETS_UNDER_TEST.flatMap((secret) => ENCODINGS.map(([name, encode]): [string, string, string] => [JSON.stringify(secret), name, encode(secret)]));
	it.each(cases)('%s %s', (secret, name, encoded) => {
		const plain = JSON.parse(secret) as string;
		const text = `before ${encoded} after`;
		const out = redact(text, [plain]);
		expect(out).toBe(referenceRedact(text, [plain]));
		// Inside a longer Base64 text only whole 3-byte groups show, and fewer than two groups would
		// match ordinary Base64 everywhere: a secret under 6 bytes is found there only by chance.
		if (!name.startsWith('Base64 ') || Buffer.byteLength(plain) >= 6) expect(out.replace(/\*\*\*/g, '')).not.toBe(text);
		for (const form of referenceForms(plain)) expect(out).not.toContain(form);
	});
});

/** Characters that the encodings write differently, regex syntax, multi-byte and odd code units. */
const secretChar = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...'abcdefXYZ0123456789') },
	{ weight: 3, arbitrary: fc.constantFrom(...`&<>"'+/= ~!()*\\%?#.^$|[]{}-_:;,`) },
	// No lone surrogate: encodeURIComponent throws on it, in secretForms as in the reference.
	{ weight: 1, arbitrary: fc.constantFrom('é', 'ж', '€', '😀', '\n', '\t', '\u0000') },
);
const secretText = fc.oneof(
	{ weight: 1, arbitrary: fc.string({ unit: secretChar, maxLength: 3 }) },
	{ weight: 4, arbitrary: fc.string({ unit: secretChar, minLength: 4, maxLength: 24 }) },
);
/** One to three secrets, often one inside another or sharing a start, as a key pair may. */
const secretList = fc
	.tuple(fc.array(secretText, { minLength: 0, maxLength: 3 }), fc.nat(), fc.nat())
	.map(([secrets, i, cut]) => {
		if (secrets.length < 2 || !secrets[0]) return secrets;
		const first = secrets[0];
		const chars = Array.from(first); // whole code points: half a surrogate pair is no secret
		// a prefix of another secret, or another secret inside this one
		const related = i % 3 === 0 ? chars.slice(0, 4 + (cut % Math.max(1, chars.length - 3))).join('') : i % 3 === 1 ? `${secrets[1]}${first}` : secrets[1];
		return [first, related, ...secrets.slice(2)];
	});

/** A text that holds the secrets in any encoding, and pieces of their encodings, between noise. */
function textWith(secrets: string[]): fc.Arbitrary<string> {
	const encoded = secrets.length === 0 ? fc.constant('') : fc.tuple(fc.constantFrom(...secrets), fc.constantFrom(...ENCODINGS)).map(([secret, [, encode]]) => encode(secret));
	const piece = fc.oneof(
		{ weight: 3, arbitrary: encoded },
		{ weight: 1, arbitrary: fc.tuple(encoded, fc.nat(), fc.nat()).map(([text, a, b]) => text.slice(a % (text.length + 1), b % (text.length + 1) + a % (text.length + 1) + 1)) },
		{ weight: 2, arbitrary: fc.string({ unit: secretChar, maxLength: 6 }) },
		{ weight: 1, arbitrary: fc.constantFrom('***', '*', ' ', '%', '&amp;', '\\') },
	);
	return fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));
}

describe('redact: same result as the reference algorithm', () => {
	it('on random texts holding secrets in every encoding', () => {
		fc.assert(
			fc.property(
				secretList.chain((secrets) => fc.tuple(fc.constant(secrets), textWith(secrets))),
				([secrets, text]) => {
					expect(redact(text, secrets)).toBe(referenceRedact(text, secrets));
				},
			),
			{ numRuns: 3000 },
		);
	});

	it('on random JSON values holding secrets (redactDeep)', () => {
		fc.assert(
			fc.property(
				secretList.chain((secrets) => {
					const text = textWith(secrets);
					const value = fc.letrec((tie) => ({
						node: fc.oneof(
							{ depthSize: 'small' },
							text,
							fc.integer(),
							fc.constantFrom(null, true, undefined),
							fc.array(tie('node'), { maxLength: 4 }),
							fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 4, noNullPrototype: true }),
						),
					})).node;
					return fc.tuple(fc.constant(secrets), value);
				}),
				([secrets, value]) => {
					expect(redactDeep(value, secrets)).toEqual(referenceRedactDeep(value, secrets));
				},
			),
			{ numRuns: 1000 },
		);
	});

	it('for a secret too long for the one-scan check (a pasted key)', () => {
		const key = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC+/='.repeat(200)}\n-----END PRIVATE KEY-----`;
		for (const [, encode] of ENCODINGS) {
			const text = `header ${encode(key)} and ${key.slice(0, 40)}`;
			expect(redact(text, [key, 'sk_live_4f9a2b7c'])).toBe(referenceRedact(text, [key, 'sk_live_4f9a2b7c']));
		}
		expect(redact(`x ${b64(`u:${key}`)} y`, [key])).not.toMatch(/[A-Za-z0-9+/]{200}/);
	});
});

describe('redactorFor', () => {
	it('removes the same as redact, for any number of texts', () => {
		const redactor = redactorFor(['sk_live_4f9a2b7c', 'k3y-private']);
		expect(redactor.redact('a sk_live_4f9a2b7c b k3y-private')).toBe('a *** b ***');
		expect(redactor.redactDeep({ a: [`Basic ${b64('sk_live_4f9a2b7c')}`], n: 1 })).toEqual({ a: ['Basic ***'], n: 1 });
		expect(redactor.redact('nothing here')).toBe('nothing here');
	});

	it('follows a secrets array that was changed after it was used', () => {
		const secrets = ['first-secret'];
		expect(redact('first-secret second-secret', secrets)).toBe('*** second-secret');
		secrets[0] = 'second-secret';
		expect(redact('first-secret second-secret', secrets)).toBe('first-secret ***');
		secrets.push('first-secret');
		expect(redactDeep(['first-secret second-secret'], secrets)).toEqual(['*** ***']);
	});

	it('redactRow: a flat row without a secret is itself; one with a secret, or an object inside, a redacted copy', () => {
		const redactor = redactorFor(['sk_live_4f9a2b7c']);
		const clean = { provider: 'smsgic', to: '447700900123', status: 'accepted', segments: 1, scheduled: null };
		expect(redactor.redactRow(clean)).toBe(clean);
		const leaking = { to: '447700900123', error: 'key sk_live_4f9a2b7c refused' };
		expect(redactor.redactRow(leaking)).toEqual({ to: '447700900123', error: 'key *** refused' });
		expect(leaking.error).toBe('key sk_live_4f9a2b7c refused');
		const nested = { to: '1', smartEncoding: { replaced: ['’'] } };
		const copy = redactor.redactRow(nested);
		expect(copy).toEqual(nested);
		expect(copy.smartEncoding).not.toBe(nested.smartEncoding);
		const deep = { reply: { token: `Bearer ${b64('sk_live_4f9a2b7c')}` } };
		expect(redactor.redactRow(deep)).toEqual({ reply: { token: 'Bearer ***' } });
	});

	it('with no usable secret leaves every text as it is', () => {
		const redactor = redactorFor(['', 'abc']);
		expect(redactor.redact('abc  is fine')).toBe('abc  is fine');
		expect(redactorFor([]).redactDeep({ a: 'x' })).toEqual({ a: 'x' });
	});
});

describe('excerpt', () => {
	const cases: Array<[string, string, number | undefined, string]> = [
		['collapses whitespace and trims', '  <html>\n\t<body>  oops </body>\n</html>  ', undefined, '<html> <body> oops </body> </html>'],
		['short text is kept whole', 'Bad request', undefined, 'Bad request'],
		['exactly max characters is not cut', 'abcde', 5, 'abcde'],
		['longer text is cut at max and says how long it was', 'abcdefgh', 5, 'abcde… (8 characters)'],
		// The length reported is the length after whitespace was collapsed.
		['length counted after collapsing', 'ab    cd   ef', 4, 'ab c… (8 characters)'],
		['empty', '', undefined, ''],
	];
	it.each(cases)('%s', (_label, text, max, expected) => {
		expect(max === undefined ? excerpt(text) : excerpt(text, max)).toBe(expected);
	});

	it('cuts at 300 characters by default', () => {
		const out = excerpt('x'.repeat(1000));
		expect(out).toBe(`${'x'.repeat(300)}… (1000 characters)`);
	});
});

describe('settle', () => {
	it('returns the value of a resolved promise', async () => {
		await expect(settle(Promise.resolve({ id: 7 }))).resolves.toEqual({ value: { id: 7 } });
	});

	it('returns the error of a rejected promise instead of throwing', async () => {
		const error = new GatewayError({ kind: 'unknown', message: 'reset' });
		const outcome = await settle(Promise.reject(error));
		expect(outcome).toEqual({ error });
		expect('error' in outcome && outcome.error).toBe(error);
	});

	it('keeps a non-Error rejection as is', async () => {
		await expect(settle(Promise.reject('plain string'))).resolves.toEqual({ error: 'plain string' });
	});

	it('keeps a resolved undefined as a value, not an error', async () => {
		const outcome = await settle(Promise.resolve(undefined));
		expect('value' in outcome).toBe(true);
	});
});

describe('error classes', () => {
	it('InputError keeps the field and is an Error', () => {
		const error = new InputError('bad', 'to');
		expect(error).toBeInstanceOf(Error);
		expect(error).toMatchObject({ name: 'InputError', message: 'bad', field: 'to' });
	});

	it('GatewayError carries kind, description, httpCode and providerCode', () => {
		const error = new GatewayError({ kind: 'auth', message: 'refused', description: 'HTTP 401', httpCode: 401, providerCode: 'E42' });
		expect(error).toBeInstanceOf(Error);
		expect(error).toMatchObject({ name: 'GatewayError', kind: 'auth', message: 'refused', description: 'HTTP 401', httpCode: 401, providerCode: 'E42' });
	});
});

describe('a secret with a lone surrogate (a broken paste)', () => {
	it('is redacted instead of making every redaction throw', () => {
		const secret = 'key\uD83D-half-😀-pair';
		expect(() => secretForms(secret)).not.toThrow();
		expect(redact(`echo ${secret} and ${new URLSearchParams({ s: secret }).toString().slice(2)}`, [secret])).toBe('echo *** and ***');
	});
});
