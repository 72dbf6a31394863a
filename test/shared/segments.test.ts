import { countSegments, isGsm7, type SegmentInfo } from '../../nodes/shared/segments';

// Bodies in Twilio's vectors are runs of '1234567890…'; building them avoids hand-typing
// 300-digit literals. The lengths are pinned by Twilio's own messageSize/unicodeScalars.
const digits = (start: number, count: number): string =>
	Array.from({ length: count }, (_, i) => String((start + i) % 10)).join('');

// Flags, ZWJ sequences and combining marks are spelled as escapes so an editor cannot
// silently normalise or drop an invisible code point.
const FLAG_IT = '\u{1F1EE}\u{1F1F9}';
const RAINBOW_FLAG = '\u{1F3F3}\uFE0F\u200D\u{1F308}';
const E_TRIPLE_ACCENT = 'e\u0301\u0301\u0301';
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';

describe('countSegments: own boundary cases', () => {
	const cases: Array<[string, string, SegmentInfo]> = [
		// An empty SMS is still sent and billed as one part.
		['empty message', '', { encoding: 'GSM-7', segments: 1, characters: 0, units: 0, unitsPerSegment: 160 }],
		['GSM-7 160 fits one part', 'a'.repeat(160), { encoding: 'GSM-7', segments: 1, characters: 160, units: 160, unitsPerSegment: 160 }],
		['GSM-7 161 splits into 153-septet parts', 'a'.repeat(161), { encoding: 'GSM-7', segments: 2, characters: 161, units: 161, unitsPerSegment: 153 }],
		['GSM-7 153*2 fills two parts exactly', 'a'.repeat(306), { encoding: 'GSM-7', segments: 2, characters: 306, units: 306, unitsPerSegment: 153 }],
		['GSM-7 153*2+1 needs a third part', 'a'.repeat(307), { encoding: 'GSM-7', segments: 3, characters: 307, units: 307, unitsPerSegment: 153 }],
		['UCS-2 70 fits one part', 'ж'.repeat(70), { encoding: 'UCS-2', segments: 1, characters: 70, units: 70, unitsPerSegment: 70 }],
		['UCS-2 71 splits into 67-unit parts', 'ж'.repeat(71), { encoding: 'UCS-2', segments: 2, characters: 71, units: 71, unitsPerSegment: 67 }],
		['UCS-2 67*2 fills two parts exactly', 'ж'.repeat(134), { encoding: 'UCS-2', segments: 2, characters: 134, units: 134, unitsPerSegment: 67 }],
		['UCS-2 67*2+1 needs a third part', 'ж'.repeat(135), { encoding: 'UCS-2', segments: 3, characters: 135, units: 135, unitsPerSegment: 67 }],
		// 306 septets would divide into 2 parts, but the ESC pair at septets 153-154
		// cannot be split, so part one closes at 152 and the tail overflows into a third.
		['extension char at position 153 is pushed to the next part', 'a'.repeat(152) + '€' + 'a'.repeat(152), { encoding: 'GSM-7', segments: 3, characters: 305, units: 306, unitsPerSegment: 153 }],
		['extension char ending exactly at septet 153 stays', 'a'.repeat(151) + '€' + 'a'.repeat(153), { encoding: 'GSM-7', segments: 2, characters: 305, units: 306, unitsPerSegment: 153 }],
		// Same idea for a surrogate pair at units 67-68 of a UCS-2 message.
		['emoji straddling the 67 boundary is pushed to the next part', 'ж'.repeat(66) + '😀' + 'ж'.repeat(66), { encoding: 'UCS-2', segments: 3, characters: 133, units: 134, unitsPerSegment: 67 }],
		['emoji ending exactly at unit 67 stays', 'ж'.repeat(65) + '😀' + 'ж'.repeat(67), { encoding: 'UCS-2', segments: 2, characters: 133, units: 134, unitsPerSegment: 67 }],
		['€ alone costs 2 septets', '€', { encoding: 'GSM-7', segments: 1, characters: 1, units: 2, unitsPerSegment: 160 }],
		['price with €', 'Total: 10 €', { encoding: 'GSM-7', segments: 1, characters: 11, units: 12, unitsPerSegment: 160 }],
		['form feed is an extension char', 'a\fb', { encoding: 'GSM-7', segments: 1, characters: 3, units: 4, unitsPerSegment: 160 }],
		['80 extension chars fill one part', '{}'.repeat(40), { encoding: 'GSM-7', segments: 1, characters: 80, units: 160, unitsPerSegment: 160 }],
		['81 extension chars split', '[]'.repeat(40) + '|', { encoding: 'GSM-7', segments: 2, characters: 81, units: 162, unitsPerSegment: 153 }],
		// 76 pairs fit a 153-septet part with one septet wasted, so 153 of them need 3 parts
		// although 306 septets would divide into 2.
		['only extension chars waste the odd septet of each part', '^~\\|€[]{}'.repeat(17), { encoding: 'GSM-7', segments: 3, characters: 153, units: 306, unitsPerSegment: 153 }],
		['Arabic in one part', 'مرحباً، تم تأكيد طلبك رقم 4512 وسيصلك خلال يومين. شكراً لتسوقك معنا', { encoding: 'UCS-2', segments: 1, characters: 67, units: 67, unitsPerSegment: 70 }],
		['Arabic in two parts', 'ولكن لا بد أن أوضح لك أن كل هذه الأفكار المغلوطة حول استنكار النشوة وتمجيد الألم', { encoding: 'UCS-2', segments: 2, characters: 80, units: 80, unitsPerSegment: 67 }],
		// Extension chars are plain UTF-16 once the message is UCS-2, so they cost 1 there.
		['extension chars cost 1 inside UCS-2', 'ж{}€', { encoding: 'UCS-2', segments: 1, characters: 4, units: 4, unitsPerSegment: 70 }],
		['mixed emoji and GSM text', 'Hi 👋 party at 8 🎉🎉!', { encoding: 'UCS-2', segments: 1, characters: 19, units: 22, unitsPerSegment: 70 }],
		['ZWJ family emoji is 5 code points, 8 units', FAMILY, { encoding: 'UCS-2', segments: 1, characters: 5, units: 8, unitsPerSegment: 70 }],
		['35 emoji fill one part', '😀'.repeat(35), { encoding: 'UCS-2', segments: 1, characters: 35, units: 70, unitsPerSegment: 70 }],
		// 33 pairs per 67-unit part (one unit wasted each), so 67 emoji need 3 parts.
		['67 emoji waste the odd unit of each part', '😀🎉'.repeat(33) + '👋', { encoding: 'UCS-2', segments: 3, characters: 67, units: 134, unitsPerSegment: 67 }],
		// No smart encoding: a curly apostrophe is not rewritten to ', so it forces UCS-2.
		['curly apostrophe forces UCS-2', 'It’s here', { encoding: 'UCS-2', segments: 1, characters: 9, units: 9, unitsPerSegment: 70 }],
		['lowercase ç is not GSM-7 (only Ç is)', 'ç', { encoding: 'UCS-2', segments: 1, characters: 1, units: 1, unitsPerSegment: 70 }],
		['backtick is not GSM-7', '`', { encoding: 'UCS-2', segments: 1, characters: 1, units: 1, unitsPerSegment: 70 }],
		['non-breaking space from copy-paste forces UCS-2', 'a\u00A0b', { encoding: 'UCS-2', segments: 1, characters: 3, units: 3, unitsPerSegment: 70 }],
		['INCREMENT U+2206 is not Greek Delta', '\u2206', { encoding: 'UCS-2', segments: 1, characters: 1, units: 1, unitsPerSegment: 70 }],
		['OHM SIGN U+2126 is not Greek Omega', '\u2126', { encoding: 'UCS-2', segments: 1, characters: 1, units: 1, unitsPerSegment: 70 }],
		['lone surrogate is one UCS-2 unit', '\uD83D', { encoding: 'UCS-2', segments: 1, characters: 1, units: 1, unitsPerSegment: 70 }],
		['CRLF is two GSM-7 septets', 'a\r\nb', { encoding: 'GSM-7', segments: 1, characters: 4, units: 4, unitsPerSegment: 160 }],
		['whole basic table is one septet each', '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà', { encoding: 'GSM-7', segments: 1, characters: 65, units: 65, unitsPerSegment: 160 }],
	];

	test.each(cases)('%s', (_name, text, expected) => {
		expect(countSegments(text)).toEqual(expected);
	});
});

/*
 * Vectors from Twilio's message segment calculator (npm `sms-segments-calculator`,
 * repo TwilioDevEd/message-segment-calculator): tests/index.test.js, tests/segments.test.js,
 * tests/methods.test.js and tests/charDetails.test.js. The npm tarball (1.3.0) ships no tests.
 *
 * Copied with their expected encoding, segment count, messageSize (payload bits without
 * UDH) and totalSize (bits with the 6-octet UDH per part); units follow as messageSize / 7
 * or / 16. Twilio's `numberOfCharacters` is not compared: it counts grapheme clusters
 * (and septets for GSM-7), while our `characters` counts code points, which is Twilio's
 * `numberOfUnicodeScalars`, so that is what `scalars` holds.
 *
 * Left out:
 * - the 'Smart Encoding' block: it rewrites curly quotes etc. to GSM-7 first, which we
 *   deliberately do not do;
 * - 'UCS-2 with special latin characters' (Malaysia): it passes a country that forces
 *   UCS-2 for 'é', which is GSM-7 under plain 03.38;
 * - the 'Triple accents' numberOfCharacters = 1 assertion (grapheme count), and
 *   charDetails' per-character segmentIndex / codeUnits checks (we do not expose per-character data);
 * - tests/segments.test.js, whose two bodies duplicate the 307-digit and 134-character
 *   vectors below (it asserts the last part holds exactly one character).
 */
interface TwilioVector {
	name: string;
	body: string;
	encoding: 'GSM-7' | 'UCS-2';
	segments: number;
	messageSize?: number;
	totalSize?: number;
	scalars?: number;
}

const TWILIO_ESCAPE_CHARS = ['|', '^', '€', '{', '}', '[', ']', '~', '\\'];
const TWILIO_UCS2_LETTERS = ['Á', 'Ú', 'ú', 'ç', 'í', 'Í', 'ó', 'Ó'];

const twilioVectors: TwilioVector[] = [
	{ name: 'GSM-7 in one segment', body: digits(1, 160), encoding: 'GSM-7', segments: 1, messageSize: 1120, totalSize: 1120, scalars: 160 },
	{ name: 'GSM-7 in two segments', body: digits(1, 161), encoding: 'GSM-7', segments: 2, messageSize: 1127, totalSize: 1223, scalars: 161 },
	{ name: 'GSM-7 in three segments', body: digits(1, 307), encoding: 'GSM-7', segments: 3, messageSize: 2149, totalSize: 2293, scalars: 307 },
	{ name: 'UCS-2 message in one segment', body: '😜' + digits(2, 68), encoding: 'UCS-2', segments: 1, messageSize: 1120, totalSize: 1120, scalars: 69 },
	{ name: 'UCS-2 message in two segments', body: '😜' + digits(2, 69), encoding: 'UCS-2', segments: 2, messageSize: 1136, totalSize: 1232, scalars: 70 },
	{ name: 'UCS-2 message in three segments', body: '😜' + digits(2, 133), encoding: 'UCS-2', segments: 3, messageSize: 2160, totalSize: 2304, scalars: 134 },
	{ name: 'UCS-2 with two bytes extended characters in one segments boundary', body: FLAG_IT + digits(2, 66), encoding: 'UCS-2', segments: 1, messageSize: 1120, totalSize: 1120, scalars: 68 },
	{ name: 'UCS-2 with extended characters in two segments boundary', body: FLAG_IT + digits(2, 67), encoding: 'UCS-2', segments: 2, messageSize: 1136, totalSize: 1232, scalars: 69 },
	{ name: 'UCS-2 with four bytes extended characters in one segments boundary', body: RAINBOW_FLAG + digits(2, 64), encoding: 'UCS-2', segments: 1, messageSize: 1120, totalSize: 1120, scalars: 68 },
	{ name: 'UCS-2 with four bytes extended characters in two segments boundary', body: RAINBOW_FLAG + digits(2, 65), encoding: 'UCS-2', segments: 2, messageSize: 1136, totalSize: 1232, scalars: 69 },
	...TWILIO_ESCAPE_CHARS.flatMap((c): TwilioVector[] => [
		{ name: `One segment with escape character ${c}`, body: c + digits(1, 158), encoding: 'GSM-7', segments: 1, messageSize: 1120, totalSize: 1120 },
		{ name: `Two segments with escape character ${c}`, body: c + digits(1, 159), encoding: 'GSM-7', segments: 2, messageSize: 1127, totalSize: 1223 },
	]),
	...TWILIO_UCS2_LETTERS.flatMap((c): TwilioVector[] => [
		{ name: `One segment, 70 characters of "${c}"`, body: c.repeat(70), encoding: 'UCS-2', segments: 1 },
		{ name: `Two segments, 71 characters of "${c}"`, body: c.repeat(71), encoding: 'UCS-2', segments: 2 },
	]),
	// Issue #18 there: ']' was wrongly counted as 2 units inside a UCS-2 message.
	{ name: 'UCS2 message with special GSM characters in one segment', body: '😀' + ']'.repeat(68), encoding: 'UCS-2', segments: 1 },
	{ name: 'UCS2 message with special GSM characters in two segment', body: '😀' + ']'.repeat(69), encoding: 'UCS-2', segments: 2 },
	{ name: 'Message with CRLF line break style', body: '\rabcde\r\n123', encoding: 'GSM-7', segments: 1, messageSize: 11 * 7 },
	{ name: 'Message with LF line break style', body: '\nabcde\n\n123\n', encoding: 'GSM-7', segments: 1, messageSize: 12 * 7 },
	{ name: 'Triple accents characters - Unicode test', body: E_TRIPLE_ACCENT, encoding: 'UCS-2', segments: 1, scalars: 4 },
	{ name: 'Triple accents characters - One Segment test', body: E_TRIPLE_ACCENT + 'a'.repeat(66), encoding: 'UCS-2', segments: 1 },
	{ name: 'Triple accents characters - Two Segments test', body: E_TRIPLE_ACCENT + 'a'.repeat(67), encoding: 'UCS-2', segments: 2 },
	{ name: 'getNonGsmCharacters(): más', body: 'más', encoding: 'UCS-2', segments: 1 },
	{ name: 'charDetails: GSM-7 AB', body: 'AB', encoding: 'GSM-7', segments: 1, scalars: 2 },
	{ name: 'charDetails: @ plus emoji is UCS-2', body: '@😀', encoding: 'UCS-2', segments: 1, scalars: 2 },
	{ name: 'charDetails: 161 A forces 2 GSM-7 segments', body: 'A'.repeat(161), encoding: 'GSM-7', segments: 2, scalars: 161 },
	// Issue #57 there: extension chars cost 1 unit once the message is UCS-2 ("used: 70").
	{ name: 'GSM extension chars count as 1 unit each in UCS-2 mode', body: '|'.repeat(24) + '{' + '|'.repeat(28) + '∞' + '|'.repeat(10) + '^' + '|'.repeat(5), encoding: 'UCS-2', segments: 1, messageSize: 70 * 16, scalars: 70 },
];

describe('countSegments: Twilio message-segment-calculator vectors', () => {
	test.each(twilioVectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		const info = countSegments(v.body);
		expect(info.encoding).toBe(v.encoding);
		expect(info.segments).toBe(v.segments);
		const bitsPerUnit = v.encoding === 'GSM-7' ? 7 : 16;
		if (v.messageSize !== undefined) expect(info.units * bitsPerUnit).toBe(v.messageSize);
		if (v.totalSize !== undefined) {
			const udhBits = info.segments > 1 ? 48 * info.segments : 0;
			expect(info.units * bitsPerUnit + udhBits).toBe(v.totalSize);
		}
		if (v.scalars !== undefined) expect(info.characters).toBe(v.scalars);
	});
});

describe('isGsm7', () => {
	test.each<[string, boolean]>([
		['', true],
		['Hello, world!', true],
		['€', true],
		['\f', true],
		['Ç', true],
		['ç', false],
		['`', false],
		['á', false],
		['😀', false],
		['’', false],
		['ok\u00A0', false],
	])('%j -> %s', (text, expected) => {
		expect(isGsm7(text)).toBe(expected);
	});
});

/*
 * Twilio's src/libs/UnicodeToGSM.ts maps exactly these code points; the ones
 * mapping to two bytes (ESC + code) are the extension table. Checking every BMP code
 * point catches both a missing character and a look-alike typed into our table.
 */
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const TWILIO_GSM7_BASIC = new Set([
	0x0a, 0x0d, ...range(0x20, 0x5a), 0x5f, ...range(0x61, 0x7a),
	0xa1, 0xa3, 0xa4, 0xa5, 0xa7, 0xbf, 0xc4, 0xc5, 0xc6, 0xc7, 0xc9, 0xd1, 0xd6, 0xd8, 0xdc, 0xdf,
	0xe0, 0xe4, 0xe5, 0xe6, 0xe8, 0xe9, 0xec, 0xf1, 0xf2, 0xf6, 0xf8, 0xf9, 0xfc,
	0x393, 0x394, 0x398, 0x39b, 0x39e, 0x3a0, 0x3a3, 0x3a6, 0x3a8, 0x3a9,
]);
const TWILIO_GSM7_EXTENSION = new Set([0x0c, 0x5b, 0x5c, 0x5d, 0x5e, 0x7b, 0x7c, 0x7d, 0x7e, 0x20ac]);

describe('GSM-7 alphabet matches Twilio UnicodeToGSM table', () => {
	test('table sizes: 127 basic (128 minus ESC) and 10 extension', () => {
		expect(TWILIO_GSM7_BASIC.size).toBe(127);
		expect(TWILIO_GSM7_EXTENSION.size).toBe(10);
	});

	test('every BMP code point is classified and costed like Twilio', () => {
		const mismatches: string[] = [];
		for (let cp = 0; cp <= 0xffff; cp++) {
			if (cp >= 0xd800 && cp <= 0xdfff) continue;
			const char = String.fromCharCode(cp);
			const expectedUnits = TWILIO_GSM7_EXTENSION.has(cp) ? 2 : TWILIO_GSM7_BASIC.has(cp) ? 1 : undefined;
			const info = countSegments(char);
			const actualUnits = info.encoding === 'GSM-7' ? info.units : undefined;
			if (isGsm7(char) !== (expectedUnits !== undefined) || actualUnits !== expectedUnits) {
				mismatches.push(`U+${cp.toString(16).padStart(4, '0')}`);
			}
		}
		expect(mismatches).toEqual([]);
	});
});
