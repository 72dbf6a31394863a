import { countSegments, isGsm7, ucs2Characters, unitsLeftInLastPart } from '../../nodes/shared/segments';
import { replaceLookAlikes, smartEncode, SMART_REPLACEMENTS } from '../../nodes/shared/smartEncoding';

const cp = (code: number) => String.fromCodePoint(code);

describe('smart encoding', () => {
	// Rows of Twilio's published list ("List of characters replaced by Smart Encoding"): code point,
	// what it becomes. Our own choices (‹ ›, spaces, separators) are checked separately below.
	it.each([
		[0x00ab, '"'], [0x00bb, '"'], [0x201c, '"'], [0x201d, '"'], [0x201e, '"'], [0x201f, '"'], [0xff02, '"'],
		[0x2018, "'"], [0x2019, "'"], [0x201b, "'"], [0x02bc, "'"], [0x00b4, "'"], [0x0060, "'"], [0xff07, "'"],
		[0x2010, '-'], [0x2013, '-'], [0x2014, '-'], [0x2015, '-'], [0x2022, '-'], [0x2043, '-'], [0xfe63, '-'], [0xff0d, '-'],
		[0x2026, '...'], [0x203c, '!!'], [0x00bc, '1/4'], [0x00bd, '1/2'], [0x00be, '3/4'], [0x00f7, '/'], [0x2044, '/'],
		[0x2017, '_'], [0x201a, ','], [0xff0c, ','], [0x3001, ','], [0x3002, '.'], [0xff01, '!'], [0xff1f, '?'], [0xff20, '@'], [0xff04, '$'],
		[0xff08, '('], [0xff09, ')'], [0xff0a, '*'], [0xff1a, ':'], [0xff1b, ';'], [0xff5b, '{'], [0xff5d, '}'], [0xff3b, '['],
		[0xff3d, ']'], [0xff5e, '~'], [0x02dc, '~'], [0x02c6, '^'], [0xff3c, '\\'], [0xff5c, '|'],
		[0xff10, '0'], [0xff19, '9'], [0xff21, 'A'], [0xff3a, 'Z'], [0x1d00, 'A'], [0x0299, 'B'], [0x1d22, 'Z'],
		[0x200b, ''], [0xfeff, ''], [0x2060, ''],
	])('U+%s becomes %j', (code, to) => {
		expect(SMART_REPLACEMENTS.get(cp(code))).toBe(to);
	});

	it('turns Unicode spaces into a space, separators into a line break, and ‹ › into < >', () => {
		for (const code of [0x00a0, 0x2000, 0x2002, 0x2003, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000]) expect(SMART_REPLACEMENTS.get(cp(code))).toBe(' ');
		expect(SMART_REPLACEMENTS.get('\u2028')).toBe('\n');
		expect(SMART_REPLACEMENTS.get('\u2029')).toBe('\n');
		expect(SMART_REPLACEMENTS.get('‹')).toBe('<');
		expect(SMART_REPLACEMENTS.get('›')).toBe('>');
	});

	it('replaces only characters GSM-7 lacks, each by GSM-7 text', () => {
		expect(SMART_REPLACEMENTS.size).toBeGreaterThan(200);
		for (const [from, to] of SMART_REPLACEMENTS) {
			expect([from, isGsm7(from)]).toEqual([from, false]);
			expect([from, isGsm7(to)]).toEqual([from, true]);
		}
	});

	// Segment vectors: 160 GSM-7 septets in one part, 153 per part when split; 70 UCS-2 units in
	// one part, 67 when split (3GPP TS 23.038, as in segments.test.ts).
	it.each([
		['a pasted apostrophe in a 149-character text', `${'a'.repeat(140)} Can’t go`, { before: [3, 'UCS-2'], after: [1, 'GSM-7'], replaced: 1 }],
		['quotes, dash and ellipsis', '“Hello” — welcome to our service…', { before: [1, 'UCS-2'], after: [1, 'GSM-7'], replaced: 4 }],
		['a no-break space in 160 characters', `${'b'.repeat(80)}\u00a0${'c'.repeat(79)}`, { before: [3, 'UCS-2'], after: [1, 'GSM-7'], replaced: 1 }],
		['an ellipsis that pushes 158 characters to 160', `${'d'.repeat(158)}…`, { before: [3, 'UCS-2'], after: [2, 'GSM-7'], replaced: 1 }],
	] as const)('%s: the text sent is GSM-7, in no more parts', (_name, text, expected) => {
		const before = countSegments(text);
		expect([before.segments, before.encoding]).toEqual(expected.before);
		const result = smartEncode(text);
		expect(result.report).toEqual({ replaced: expected.replaced, from: 'UCS-2', to: 'GSM-7' });
		const after = countSegments(result.text);
		expect([after.segments, after.encoding]).toEqual(expected.after);
	});

	it('keeps a text that stays UCS-2 exactly as written (Arabic, Cyrillic, emoji)', () => {
		for (const text of ['رمز التحقق: 4821 — لا تشاركه', 'Код: 4821 — никому не говорите', 'See you soon 👋 — it’s today']) {
			expect(smartEncode(text)).toEqual({ text });
		}
	});

	it('never changes a GSM-7 text', () => {
		for (const text of ['Your code is 4821', 'Price: 10€ {promo} [x] ~ ^ | \\', '', 'Ünïcödé? no: ÄÖÑÜäöñüà']) {
			expect(smartEncode(text)).toEqual({ text });
		}
	});

	it('leaves a text alone when GSM-7 would need more parts (ellipses are three characters)', () => {
		const text = '…'.repeat(60) + '’';
		expect(countSegments(text).segments).toBe(1);
		expect(countSegments(replaceLookAlikes(text).text).segments).toBe(2);
		expect(smartEncode(text)).toEqual({ text });
	});
});

describe('preview helpers', () => {
	it('names each character that forces UCS-2 with its position in characters', () => {
		expect(ucs2Characters('Can’t — 👋 ok')).toEqual([
			{ char: '’', index: 3 },
			{ char: '—', index: 6 },
			{ char: '👋', index: 8 },
		]);
		expect(ucs2Characters('plain €')).toEqual([]);
	});

	it.each([
		['', 160],
		['a'.repeat(150), 10],
		['a'.repeat(158) + '€', 0],
		['a'.repeat(161), 153 * 2 - 161],
		['ж'.repeat(70), 0],
		['ж'.repeat(71), 67 * 2 - 71],
		['a'.repeat(152) + '€' + 'a'.repeat(10), 153 - 12],
	])('room left in the last part of a %#', (text, left) => {
		expect(unitsLeftInLastPart(text)).toBe(left);
	});
});
