/**
 * Property-based fuzzing (fast-check) of everything a user or a gateway can put into the nodes:
 * - shared parsers: phone lists, any Unicode text through the segment counter, dates, templates,
 *   and the XML reader (entity bombs, deep nesting, huge replies);
 * - through each provider's node (harness + sandbox): any invalid `to` or `message` is refused
 *   before ANY request, with an error naming the item; any sender name either is refused before
 *   a request or is sent, never crashes;
 * - hostile gateway replies (random JSON of wrong types, truncated JSON, HTML, XML bombs, random
 *   statuses, ~5 MB bodies): the node succeeds or fails with n8n's NodeApiError /
 *   NodeOperationError (or rows with an error), never throws anything else, within a time bound.
 *
 * fast-check prints the seed and the shrunk counterexample of any failure; FC_SEED=<n> reruns
 * every property with that seed, FUZZ_SCALE=<n> runs each property n times as often (timeouts grow
 * with it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { RATE_LIMIT } from '../../nodes/shared/http';
import { InputError } from '../../nodes/shared/errors';
import { parsePhoneList, splitPhoneList } from '../../nodes/shared/phone';
import { countSegments } from '../../nodes/shared/segments';
import { fillTemplate, placeholdersOf } from '../../nodes/shared/template';
import { formatInZone, parseDateTime } from '../../nodes/shared/time';
import { isNodeError, outcomeProblems, runOperation, type NodeOutcome } from './nodeRun';
import { describeEachProvider, ROOT, type LoadedProvider, type OperationCase, type ProviderEntry, type Sandbox } from './providers';

if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });
/** FUZZ_SCALE=<n> multiplies every property's number of runs (for a longer hunt than CI's). */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE) || 1);
const runs = (n: number) => ({ numRuns: n * SCALE });

// Request-rate limiters only slow the node runs down here (SMSClub's allows 9 a second); they
// have their own tests.
jest.mock('../../nodes/shared/pace', () => ({
	...jest.requireActual('../../nodes/shared/pace'),
	// No process pace: each call waits its own 429s (the pace has its own tests, test/shared/pace.test.ts).
	paceFor: () => undefined,
}));
jest.mock('../../nodes/shared/batching', () => ({
	...jest.requireActual('../../nodes/shared/batching'),
	RateLimiter: class {
		async acquire(): Promise<void> {}
	},
}));

// A gateway answering 429 for ever: the request gives up after 20 ms instead of 5 minutes.
const savedPatience = RATE_LIMIT.patienceMs;
beforeAll(() => {
	RATE_LIMIT.patienceMs = 20;
});
afterAll(() => {
	RATE_LIMIT.patienceMs = savedPatience;
});

// Anything thrown outside the awaited run (a stray promise, a timer) would escape the checks
// below; collect it so that the suite fails on it.
const strays: unknown[] = [];
const onStray = (error: unknown) => strays.push(error);
beforeAll(() => {
	process.on('unhandledRejection', onStray);
	process.on('uncaughtException', onStray);
});
afterAll(() => {
	process.off('unhandledRejection', onStray);
	process.off('uncaughtException', onStray);
});
afterAll(() => {
	expect(strays.map(String)).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Phone lists

/** Characters people put in numbers: digits, formatting, separators, and things that are wrong. */
const phoneChar = fc.oneof(
	{ weight: 10, arbitrary: fc.constantFrom(...'0123456789') },
	{ weight: 3, arbitrary: fc.constantFrom(' ', '-', '.', '(', ')', '+', '\u00a0', '\u200e', '\u200f') },
	{ weight: 2, arbitrary: fc.constantFrom(',', ';', '\n', '\r') },
	{ weight: 1, arbitrary: fc.constantFrom('a', 'O', 'x', '#', '*', '/', '_', '٣', '０', 'é', '😀', '\t', '\u2028', '"', '\\') },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const phoneText = fc.string({ unit: phoneChar, maxLength: 40 });
/** `to` as n8n can hand it over: text, numbers, nested arrays, JSON values from expressions. */
const phoneInput: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small' },
		phoneText,
		fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
		fc.double(),
		fc.constantFrom(null, undefined, true, false, ''),
		fc.jsonValue({ maxDepth: 2 }),
		fc.array(tie('value'), { maxLength: 5 }),
	),
})).value;

const phoneRules = fc
	.record({ minDigits: fc.integer({ min: 1, max: 12 }), span: fc.integer({ min: 0, max: 10 }), dedupe: fc.boolean() })
	.map(({ minDigits, span, dedupe }) => ({ minDigits, maxDigits: minDigits + span, dedupe, field: 'to' }));

/**
 * False for values String() cannot convert (see the failing tests below): a JSON object with a
 * "toString" key, an object without a prototype.
 */
function hasStringForm(value: unknown): boolean {
	if (Array.isArray(value)) return value.every(hasStringForm);
	try {
		String(value);
		return true;
	} catch {
		return false;
	}
}

// Fixed (was a bug), one cause in three places: String(value) throws a TypeError ("Cannot convert
// object to primitive value") for an object whose `toString` is not a function, e.g. the JSON
// object {"toString": null} an expression can hand over from an item, or an object without a
// prototype (Node's querystring.parse makes those). Then, instead of an InputError naming the
// value and the field:
// - nodes/shared/phone.ts splitPhoneList, `return [String(input)]` (to = {"toString": null});
// - nodes/shared/time.ts parseDateTime, `String(value ?? '')` (scheduleAt = {"toString": ""});
// - nodes/shared/template.ts fillTemplate, `String(fields[name]).trim()` (a field {"toString": 1}).
// The item loop still fails only that item, but with the bare TypeError text, which tells a user
// nothing. The main properties skip such values (fc.pre) so that they stay deterministic.
const NO_STRING_FORM: Array<[string, unknown]> = [
	['{"toString": null}', JSON.parse('{"toString": null}')],
	['an object without a prototype', Object.create(null)],
];

describe('fuzz: phone lists (parsePhoneList)', () => {
	it('returns only digit strings within the length limits, or throws InputError quoting the offending entry', () => {
		fc.assert(
			fc.property(phoneInput, phoneRules, (input, rules) => {
				fc.pre(hasStringForm(input));
				let numbers: string[];
				try {
					numbers = parsePhoneList(input, rules);
				} catch (error) {
					expect(error).toBeInstanceOf(InputError);
					const message = (error as InputError).message;
					const entries = splitPhoneList(input);
					if (entries.length === 0) expect(message).toContain('No phone number given in "to"');
					else expect(entries.some((entry) => message.includes(`"${entry}" in "to"`))).toBe(true);
					return;
				}
				expect(numbers.length).toBeGreaterThan(0);
				for (const number of numbers) {
					expect(number).toMatch(/^[0-9]+$/);
					expect(number.length).toBeGreaterThanOrEqual(rules.minDigits);
					expect(number.length).toBeLessThanOrEqual(rules.maxDigits);
				}
				if (rules.dedupe) expect(new Set(numbers).size).toBe(numbers.length);
			}),
			runs(2000),
		);
	});

	it('reads every well-formed number of a list, whatever the formatting and separators', () => {
		// No leading 0: a number written 00... loses its 00 (the international call prefix).
		const number = fc
			.tuple(fc.constantFrom(...'123456789'), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 14 }))
			.map(([first, rest]) => first + rest);
		const formatted = fc.tuple(number, fc.constantFrom('', '+', '00'), fc.array(fc.constantFrom(' ', '-', '.'), { maxLength: 3 })).map(
			([digits, prefix, marks]) => ({ digits, text: prefix + digits.slice(0, 3) + marks.join('') + digits.slice(3) }),
		);
		fc.assert(
			fc.property(fc.array(formatted, { minLength: 1, maxLength: 8 }), fc.constantFrom(',', ';', '\n', ', ', ' ; '), (list, separator) => {
				const text = list.map((n) => n.text).join(separator);
				expect(parsePhoneList(text, { minDigits: 10, maxDigits: 15 })).toEqual(list.map((n) => n.digits));
			}),
			runs(500),
		);
	});

	it.each(NO_STRING_FORM)('refuses %s as "to" with an InputError', (_label, value) => {
		expect(() => parsePhoneList(value)).toThrow(InputError);
	});
});

// ---------------------------------------------------------------------------------------------
// Segments

// GSM 03.38 default alphabet and extension table, as code points, written out independently of
// nodes/shared/segments.ts (which lists the characters themselves).
const GSM_BASIC = new Set<number>([
	0x40, 0xa3, 0x24, 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xc7, 0x0a, 0xd8, 0xf8, 0x0d, 0xc5, 0xe5,
	0x394, 0x5f, 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0, 0x3a8, 0x3a3, 0x398, 0x39e, 0xc6, 0xe6, 0xdf, 0xc9,
	0x20, 0x21, 0x22, 0x23, 0xa4, ...range(0x25, 0x3f), 0xa1, ...range(0x41, 0x5a), 0xc4, 0xd6, 0xd1, 0xdc, 0xa7,
	0xbf, ...range(0x61, 0x7a), 0xe4, 0xf6, 0xf1, 0xfc, 0xe0,
]);
const GSM_EXTENSION = new Set<number>([0x0c, 0x5e, 0x7b, 0x7d, 0x5c, 0x5b, 0x7e, 0x5d, 0x7c, 0x20ac]);

function range(from: number, to: number): number[] {
	return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The parts a phone would receive: whole code points (never half a surrogate pair or an ESC pair). */
function referenceParts(text: string): { encoding: 'GSM-7' | 'UCS-2'; parts: string[][]; units: number } {
	const chars = Array.from(text);
	const gsm = chars.every((c) => GSM_BASIC.has(c.codePointAt(0)!) || GSM_EXTENSION.has(c.codePointAt(0)!));
	const cost = (c: string) => (gsm ? (GSM_EXTENSION.has(c.codePointAt(0)!) ? 2 : 1) : c.length);
	const units = chars.reduce((sum, c) => sum + cost(c), 0);
	const single = gsm ? 160 : 70;
	if (units <= single) return { encoding: gsm ? 'GSM-7' : 'UCS-2', parts: [chars], units };
	const perPart = gsm ? 153 : 67;
	const parts: string[][] = [[]];
	let used = 0;
	for (const c of chars) {
		if (used + cost(c) > perPart) {
			parts.push([]);
			used = 0;
		}
		parts[parts.length - 1].push(c);
		used += cost(c);
	}
	return { encoding: gsm ? 'GSM-7' : 'UCS-2', parts, units };
}

const smsChar = fc.oneof(
	{ weight: 8, arbitrary: fc.constantFrom(...[...GSM_BASIC].map((c) => String.fromCodePoint(c))) },
	{ weight: 2, arbitrary: fc.constantFrom(...[...GSM_EXTENSION].map((c) => String.fromCodePoint(c))) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
	{ weight: 1, arbitrary: fc.constantFrom('😀', '👍🏽', '𝄞', 'ж', 'ç', '`', '\u2206', '\u2126', '\t', '\u0000') },
	// half of a surrogate pair on its own
	{ weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const smsText = fc.oneof(fc.string({ unit: smsChar, maxLength: 400 }), fc.string({ unit: smsChar, minLength: 140, maxLength: 700 }));

describe('fuzz: any Unicode message through countSegments', () => {
	it('at least one segment; UCS-2 exactly when a character is outside GSM-7; units and parts consistent; pairs never split', () => {
		fc.assert(
			fc.property(smsText, (text) => {
				const info = countSegments(text);
				const reference = referenceParts(text);
				expect(Number.isInteger(info.segments) && info.segments >= 1).toBe(true);
				expect(info.encoding).toBe(reference.encoding);
				expect(info.characters).toBe(Array.from(text).length);
				expect(info.units).toBe(reference.units);
				if (info.encoding === 'UCS-2') expect(info.units).toBe(text.length);
				const [single, multi] = info.encoding === 'GSM-7' ? [160, 153] : [70, 67];
				expect(info.unitsPerSegment).toBe(info.segments === 1 && info.units <= single ? single : multi);
				expect(info.segments).toBe(reference.parts.length);
				// Packing whole characters can waste at most one unit a part.
				if (info.segments > 1) {
					expect(info.segments).toBeGreaterThanOrEqual(Math.ceil(info.units / multi));
					expect(info.segments).toBeLessThanOrEqual(Math.ceil(info.units / (multi - 1)));
				}
			}),
			runs(3000),
		);
	});

	it('never counts fewer segments when a character is added (same encoding)', () => {
		fc.assert(
			fc.property(smsText, smsChar, (text, extra) => {
				const before = countSegments(text);
				const after = countSegments(text + extra);
				if (before.encoding === after.encoding) expect(after.segments).toBeGreaterThanOrEqual(before.segments);
			}),
			runs(2000),
		);
	});

	it('moves a surrogate pair that would straddle a part boundary whole into the next part', () => {
		// 66 + 2 + 66 = 134 units = 2 × 67, but the emoji cannot start at unit 67 of part one.
		const text = `${'ж'.repeat(66)}😀${'ж'.repeat(66)}`;
		expect(countSegments(text)).toMatchObject({ encoding: 'UCS-2', units: 134, segments: 3 });
		// The same for an ESC pair in GSM-7: 152 + 2 + 152 = 306 units = 2 × 153.
		expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toMatchObject({ encoding: 'GSM-7', units: 306, segments: 3 });
	});
});

// ---------------------------------------------------------------------------------------------
// Dates

const ZONES = ['UTC', 'Europe/Kyiv', 'Asia/Riyadh', 'America/Caracas', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** ISO-like date-times with every field drawn from a range wider than the valid one. */
const isoLike = fc
	.record({
		y: fc.integer({ min: 0, max: 9999 }),
		mo: fc.integer({ min: 0, max: 13 }),
		d: fc.integer({ min: 0, max: 32 }),
		h: fc.integer({ min: 0, max: 25 }),
		mi: fc.integer({ min: 0, max: 61 }),
		s: fc.integer({ min: 0, max: 61 }),
		time: fc.constantFrom('T', ' ', ''),
		seconds: fc.boolean(),
		offset: fc.oneof(fc.constantFrom('', 'Z', 'z', '+03:00', '-04:30', '+0530', '+14:00', '-12:00', '+99:99', '+24:00'), fc.constant('')),
	})
	.map(({ y, mo, d, h, mi, s, time, seconds, offset }) => {
		const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
		return time ? `${date}${time}${pad(h)}:${pad(mi)}${seconds ? `:${pad(s)}` : ''}${offset}` : `${date}${offset}`;
	});
const dateInput = fc.oneof(isoLike, fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 1 }), fc.constantFrom(null, undefined, '', 0, NaN));

describe('fuzz: dates (parseDateTime)', () => {
	it('returns a valid Date or throws InputError quoting the value', () => {
		fc.assert(
			fc.property(dateInput, fc.constantFrom(...ZONES), (value, zone) => {
				fc.pre(hasStringForm(value));
				let date: Date;
				try {
					date = parseDateTime(value, zone);
				} catch (error) {
					expect(error).toBeInstanceOf(InputError);
					expect((error as Error).message).toContain('options.scheduleAt');
					return;
				}
				expect(date).toBeInstanceOf(Date);
				expect(Number.isNaN(date.getTime())).toBe(false);
			}),
			runs(3000),
		);
	});

	it('a date-time it accepts without an offset means that wall-clock time in the zone (outside DST gaps)', () => {
		const valid = fc
			.record({
				y: fc.integer({ min: 1970, max: 2100 }),
				mo: fc.integer({ min: 1, max: 12 }),
				d: fc.integer({ min: 1, max: 28 }),
				h: fc.integer({ min: 0, max: 23 }),
				mi: fc.integer({ min: 0, max: 59 }),
				s: fc.integer({ min: 0, max: 59 }),
			})
			.map(({ y, mo, d, h, mi, s }) => `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`);
		fc.assert(
			fc.property(valid, fc.constantFrom(...ZONES), (text, zone) => {
				const date = parseDateTime(text, zone);
				const back = formatInZone(date, zone);
				// In a spring-forward gap the wall time does not exist; it lands within the jump.
				if (back !== text) expect(Math.abs(Date.parse(`${back.replace(' ', 'T')}Z`) - Date.parse(`${text.replace(' ', 'T')}Z`))).toBeLessThanOrEqual(60 * 60_000);
			}),
			runs(1000),
		);
	});

	it.each(NO_STRING_FORM)('refuses %s as a date with an InputError', (_label, value) => {
		expect(() => parseDateTime(value, 'UTC')).toThrow(InputError);
	});

	// Fixed (was a bug), nodes/shared/time.ts parseDateTime: the offset is not range-checked, so
	// "2026-06-01T10:00+99:99" is accepted as an instant 100 hours and 39 minutes earlier
	// instead of being refused; real offsets are within ±14:00 with minutes below 60.
	it('refuses an offset that cannot exist', () => {
		expect(() => parseDateTime('2026-06-01T10:00+99:99', 'UTC')).toThrow(InputError);
	});

	// Fixed (was a bug), nodes/shared/time.ts parseDateTime: `Date.UTC` maps years 0–99 to 1900–1999, so
	// "0026-01-01T10:00:00Z" (a typo for 2026) is read as 1926-01-01 instead of year 26 or a refusal:
	// a schedule silently lands a century in the past.
	it('does not turn year 0026 into 1926', () => {
		let year: number | undefined;
		try {
			year = parseDateTime('0026-01-01T10:00:00Z', 'UTC').getUTCFullYear();
		} catch (error) {
			expect(error).toBeInstanceOf(InputError);
			return;
		}
		expect(year).toBe(26);
	});
});

// ---------------------------------------------------------------------------------------------
// Templates

const NAMES = ['name', 'code', 'first_name', 'order-id', 'Amount', '_x', 'a1', 'city'];
// Names that every object inherits: kept out of the main property, see the failing test below.
const INHERITED = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];
const templateText = fc.array(
	fc.oneof(
		fc.string({ maxLength: 8 }).map((t) => t.replace(/[{}]/g, '')),
		fc.constantFrom(...NAMES).map((n) => `{${n}}`),
		fc.constantFrom('{', '}', '{}', '{ name}', '{1x}', '{{name}}', '{name'),
	),
	{ maxLength: 10 },
).map((parts) => parts.join(''));
const fieldValue = fc.oneof(
	fc.string({ maxLength: 10 }).map((t) => t.replace(/[{}]/g, '')),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
	fc.constant(''),
	fc.constant('   '),
	fc.dictionary(fc.constantFrom('k', 'v'), fc.integer(), { maxKeys: 2, noNullPrototype: true }),
);
const fields = fc.dictionary(fc.constantFrom(...NAMES), fieldValue, { maxKeys: NAMES.length, noNullPrototype: true }) as fc.Arbitrary<IDataObject>;

function isMissing(value: unknown): boolean {
	return value === undefined || value === null || String(value).trim() === '';
}

describe('fuzz: placeholders (fillTemplate)', () => {
	it('fills every known placeholder, or throws InputError naming each missing one', () => {
		fc.assert(
			fc.property(templateText, fields, (template, item) => {
				const used = placeholdersOf(template);
				const missing = used.filter((name) => isMissing(item[name]));
				let text: string;
				try {
					text = fillTemplate(template, item);
				} catch (error) {
					expect(error).toBeInstanceOf(InputError);
					expect(missing.length).toBeGreaterThan(0);
					for (const name of missing) expect((error as Error).message).toContain(`{${name}}`);
					return;
				}
				expect(missing).toEqual([]);
				// Values carry no braces here, so any {name} left would be an unfilled placeholder.
				for (const name of used) expect(text).not.toContain(`{${name}}`);
				for (const name of used) {
					const value = item[name];
					expect(text).toContain(typeof value === 'object' ? JSON.stringify(value) : String(value));
				}
			}),
			runs(3000),
		);
	});

	// Fixed (was a bug), nodes/shared/template.ts fillTemplate: fields are read with `fields[name]`, which also
	// finds what every object inherits. "Hi {constructor}" on an item without that field gives
	// "Hi function Object() { [native code] }" (and "{__proto__}" gives "{}") instead of failing
	// the item with an InputError naming the placeholder. Reading only own fields
	// (Object.prototype.hasOwnProperty.call(fields, name)) would fix it.
	it('treats a placeholder named like an inherited property as missing', () => {
		for (const name of INHERITED) expect(() => fillTemplate(`Hi {${name}}`, {})).toThrow(InputError);
	});

	it.each(NO_STRING_FORM)('fills or refuses a field holding %s without a TypeError', (_label, value) => {
		let text: string | undefined;
		try {
			text = fillTemplate('Hi {name}', { name: value as IDataObject });
		} catch (error) {
			expect(error).toBeInstanceOf(InputError);
			return;
		}
		expect(typeof text).toBe('string');
	});
});

// ---------------------------------------------------------------------------------------------
// XML replies (Messangi's parser; add an entry per XML reader)

interface XmlReader {
	file: string;
	parse: string;
	errorClass: string;
	maxChars: number;
}
const XML_READERS: XmlReader[] = [{ file: 'nodes/shared/xml.ts', parse: 'parseXml', errorClass: 'XmlReadError', maxChars: 5_000_000 }];

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<response><status>&lol9;</status></response>`;
const EXTERNAL_ENTITY = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><response><status>&xxe;</status></response>`;
const QUADRATIC_BLOWUP = `<!DOCTYPE r [<!ENTITY a "${'x'.repeat(50_000)}">]><r>${'&a;'.repeat(20_000)}</r>`;
// Entity references without a declaration: nothing to expand, left as written.
const UNDECLARED_REFERENCES = `<response><status>${'&lol9;'.repeat(100_000)}</status></response>`;

const xmlName = fc.constantFrom('response', 'status', 'description', 'result', 'mo', 'message', 'a', 'x:y', '__proto__', 'constructor');
const xmlLike: fc.Arbitrary<string> = fc.letrec((tie) => ({
	node: fc.oneof(
		{ depthSize: 'small' },
		fc.string({ maxLength: 12 }),
		fc.constantFrom('&amp;', '&lt;', '&#x1F600;', '&#0;', '&#xD800;', '&#99999999;', '&bogus;', '<![CDATA[x]]>', '<!-- c -->', '<?pi x?>', '&'),
		fc.tuple(xmlName, fc.array(tie('node'), { maxLength: 4 }), fc.constantFrom('close', 'open', 'self', 'wrong')).map(([name, children, end]) => {
			if (end === 'self') return `<${name}/>`;
			const inner = children.join('');
			if (end === 'open') return `<${name}>${inner}`;
			if (end === 'wrong') return `<${name}>${inner}</other>`;
			return `<${name}>${inner}</${name}>`;
		}),
	),
})).node;

for (const reader of XML_READERS) {
	const present = existsSync(join(ROOT, reader.file));
	(present ? describe : describe.skip)(`fuzz: XML replies (${reader.file} ${reader.parse})${present ? '' : ' skipped: file missing'}`, () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = present ? (require(join(ROOT, reader.file)) as Record<string, unknown>) : {};
		const parse = mod[reader.parse] as (text: string, maxChars?: number) => unknown;
		const ErrorClass = mod[reader.errorClass] as new (...args: never[]) => Error;

		/** Parses, returning the result or the error; any other exception fails the test. */
		function read(text: string): { value?: unknown; error?: Error; ms: number } {
			const started = Date.now();
			try {
				const value = parse(text);
				return { value, ms: Date.now() - started };
			} catch (error) {
				if (!(error instanceof ErrorClass)) throw new Error(`${reader.parse} threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
				return { error: error as Error, ms: Date.now() - started };
			}
		}

		/** What was read from the text (parseXml returns it as `root`, beside its verdict). */
		const readingOf = (value: unknown) => (value && typeof value === 'object' && 'root' in value ? (value as { root: unknown }).root : value);

		it(`exports ${reader.parse} and ${reader.errorClass}`, () => {
			expect(typeof parse).toBe('function');
			expect(typeof ErrorClass).toBe('function');
		});

		it(`reads any text or throws ${reader.errorClass}, never anything else, and never expands it`, () => {
			fc.assert(
				fc.property(fc.oneof(xmlLike, fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 60 })), (text) => {
					const { value } = read(text);
					// Only the predefined entities and character references are decoded: the reading can
					// only be shorter than the text, plus the braces and quotes of its JSON form.
					if (value !== undefined) expect(JSON.stringify(readingOf(value)).length).toBeLessThanOrEqual(3 * text.length + 100);
				}),
				runs(3000),
			);
		});

		it.each([
			['a billion-laughs entity bomb', BILLION_LAUGHS],
			['an external entity', EXTERNAL_ENTITY],
			['a quadratic-blowup entity', QUADRATIC_BLOWUP],
			['100,000 undeclared entity references', UNDECLARED_REFERENCES],
		])('refuses or reads %s at once, without expanding anything', (_label, text) => {
			const { value, error, ms } = read(text);
			expect(ms).toBeLessThan(2000);
			if (value !== undefined) expect(JSON.stringify(readingOf(value)).length).toBeLessThanOrEqual(text.length + 100);
			if (text.includes('<!DOCTYPE')) expect(error?.message).toMatch(/DOCTYPE/);
			expect(JSON.stringify(value ?? '')).not.toContain('lollollol');
			expect(JSON.stringify(value ?? '')).not.toContain('root:');
		});

		it.each([1_000, 10_000, 100_000])('survives %i nested elements (reads them or refuses)', (depth) => {
			const { ms } = read(`${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`);
			expect(ms).toBeLessThan(5000);
		});

		it(`refuses a reply over ${reader.maxChars} characters without parsing it, and reads one just under in time`, () => {
			const element = '<message>hello there</message>';
			const under = `<response>${element.repeat(Math.floor((reader.maxChars - 30) / element.length))}</response>`;
			const over = `${under}${' '.repeat(reader.maxChars - under.length + 1)}`;
			const tooLarge = read(over);
			expect(tooLarge.error).toBeDefined();
			expect(tooLarge.ms).toBeLessThan(100);
			const atLimit = read(under);
			expect(atLimit.ms).toBeLessThan(10_000);
		}, 30_000);
	});
}

// ---------------------------------------------------------------------------------------------
// Through the nodes: invalid input is refused before any request

/** Entries that no provider accepts as a number, each free of list separators. */
const badEntry = fc.oneof(
	fc
		.tuple(fc.integer({ min: 2, max: 10 }), fc.constantFrom('a', 'O', 'x', '#', '*', '/', '_', 'é', '😀', '٣', '+', '"', '<', '='), fc.integer({ min: 0, max: 9 }))
		.map(([length, char, at]) => {
			const digits = '3805012345678'.slice(0, length + 3);
			const i = Math.min(at + 1, digits.length);
			return digits.slice(0, i) + char + digits.slice(i);
		}),
	fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 6 }),
	fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 21, maxLength: 30 }),
);
const emptyTo = fc.constantFrom('', '   ', ',', ' ; ;', '\n\n', [], [''], null);
const blankMessage = fc.oneof(fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\ufeff'), maxLength: 6 }), fc.constantFrom(null, undefined));

type Poison = { kind: 'to'; entry: string; asArray: boolean } | { kind: 'emptyTo'; value: unknown } | { kind: 'message'; value: unknown };
const poison: fc.Arbitrary<Poison> = fc.oneof(
	fc.tuple(badEntry, fc.boolean()).map(([entry, asArray]): Poison => ({ kind: 'to', entry, asArray })),
	emptyTo.map((value): Poison => ({ kind: 'emptyTo', value })),
	blankMessage.map((value): Poison => ({ kind: 'message', value })),
);

function withSandbox(entry: ProviderEntry, body: (loaded: LoadedProvider, sandbox: () => Sandbox) => void): void {
	const loaded = entry.load();
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = loaded.createSandbox({ seed: 1 });
		await sandbox.listen();
	});
	afterAll(() => sandbox.close());
	body(loaded, () => sandbox);
}

function sendBulkCase(entry: ProviderEntry): OperationCase {
	const op = entry.operations.find((o) => o.label === 'sms.sendBulk');
	if (!op) throw new Error(`${entry.displayName}: no sms.sendBulk case in its table entry`);
	return op;
}

describeEachProvider('fuzz: invalid input through the node', (entry) => {
	withSandbox(entry, (loaded, sandbox) => {
		const bulk = sendBulkCase(entry);

		it('refuses any bad `to` or blank `message` of any item before a single request, naming the item', async () => {
			await fc.assert(
				fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.nat(), poison, async (count, at, bad) => {
					const badItem = at % count;
					const items = Array.from({ length: count }, (_, i) => ({ to: entry.phone(i) as unknown, message: 'Hello' as unknown }));
					if (bad.kind === 'to') items[badItem].to = bad.asArray ? [entry.phone(90), bad.entry] : `${entry.phone(90)}, ${bad.entry}`;
					if (bad.kind === 'emptyTo') items[badItem].to = bad.value;
					if (bad.kind === 'message') items[badItem].message = bad.value;
					sandbox().reset();
					const outcome = await runOperation(loaded, bulk, {
						credentials: sandbox().credentials,
						items: items as IDataObject[],
						params: { ...bulk.params, to: (item: { json: IDataObject }) => item.json.to, message: (item: { json: IDataObject }) => item.json.message },
					});
					expect(sandbox().requests).toHaveLength(0);
					expect(outcome.error).toBeInstanceOf(NodeOperationError);
					const message = (outcome.error as Error).message;
					expect(message).toContain(`[item ${badItem}]`);
					if (bad.kind === 'to') expect(message).toContain(`"${bad.entry}"`);
					if (bad.kind === 'emptyTo') expect(message).toMatch(/No phone number/);
					if (bad.kind === 'message') expect(message).toMatch(/message is empty/);
				}),
				runs(60),
			);
		}, 60_000 * SCALE);

		it.each(entry.badInput.map((c) => [c.label, c] as const))('%s: refused before any request, naming the item', async (_label, badCase) => {
			sandbox().reset();
			const outcome = await runOperation(loaded, badCase, { credentials: sandbox().credentials });
			expect(outcome.error).toBeInstanceOf(NodeOperationError);
			expect((outcome.error as Error).message).toMatch(/^\[item \d+\] /);
			expect(sandbox().requests).toHaveLength(0);
		});

		it('any sender name: refused before a request, or sent and reported per recipient; nothing else', async () => {
			const send = entry.operations.find((o) => o.label === 'sms.send')!;
			await fc.assert(
				fc.asyncProperty(fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('', ' ', '..', '.', '/', '%2F', '?a=b', '#x', 'a/../b')), async (sender) => {
					sandbox().reset();
					const outcome = await runOperation(loaded, send, { credentials: sandbox().credentials, params: { ...send.params, sender }, continueOnFail: true });
					expect(outcomeProblems(outcome, true)).toEqual([]);
					const refused = outcome.output?.length === 1 && outcome.output[0].json.status === undefined;
					if (refused) expect(sandbox().requests).toHaveLength(0);
					if (sender.trim() === '') {
						expect(refused).toBe(true);
						expect(String(outcome.output?.[0].json.error)).toMatch(/^\[item 0\] .*sender/i);
					}
				}),
				runs(60),
			);
		}, 60_000 * SCALE);
	});
});

// ---------------------------------------------------------------------------------------------
// Hostile replies

const REPLY_KEYS = [
	'success_request', 'info', 'add_info', 'money', 'currency', 'code', 'message', 'id', 'sending_id', 'sending', 'sendings', 'balance',
	'sign', 'senders', 'sender', 'data', 'meta', 'links', 'errors', 'result', 'status', 'bulkId', 'numbers', 'calculate', 'rates', 'total',
	'100', '101', '380501234567', '966501234567', '__proto__', 'constructor',
];
const leaf = fc.oneof(
	fc.string({ maxLength: 12 }),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constantFrom(null, '', '1', '1-7000', 'M0000', 'OK', 'ERROR', 'DELIVRD', '380501234567', '966501234567', '447700900123', 1e308, -0),
);
const replyShape: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
	node: fc.oneof(
		{ depthSize: 'small' },
		leaf,
		fc.array(tie('node'), { maxLength: 4 }),
		fc.dictionary(fc.oneof(fc.constantFrom(...REPLY_KEYS), fc.string({ maxLength: 5 })), tie('node'), { maxKeys: 5, noNullPrototype: true }),
	),
})).node;

const hostileBody: fc.Arbitrary<string> = fc.oneof(
	{ weight: 4, arbitrary: replyShape.map((v) => JSON.stringify(v) ?? 'null') },
	{
		weight: 2,
		arbitrary: replyShape
			.map((v) => JSON.stringify(v) ?? 'null')
			.chain((text) => fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut))),
	},
	{ weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((t) => `<html><head><title>502 Bad Gateway</title></head><body>${t}</body></html>`) },
	{ weight: 2, arbitrary: xmlLike.map((x) => `<?xml version="1.0"?><response>${x}</response>`) },
	{ weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '{}', '"ok"', '1', 'true', BILLION_LAUGHS, `${'<a>'.repeat(50_000)}`, '\u0000\uffff\ud800') },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
const hostileStatus = fc.constantFrom(undefined, undefined, undefined, 200, 201, 204, 302, 400, 401, 403, 404, 422, 429, 453, 500, 502, 503);
const contentType = fc.constantFrom('application/json', 'text/html; charset=utf-8', 'application/xml', 'text/plain', 'application/octet-stream');

/** Slowest acceptable run against a hostile reply (a 5 MB body included). */
const RUN_BOUND_MS = 10_000;

/** Requests that reached the gateway's logic twice with the same content: a re-sent SMS. */
function resent(sandbox: Sandbox): string[] {
	const seen = new Map<string, number>();
	for (const req of sandbox.processed()) {
		const key = `${req.method} ${String(req.rawPath ?? req.path)} ${req.body}`;
		seen.set(key, (seen.get(key) ?? 0) + 1);
	}
	return [...seen].filter(([, n]) => n > 1).map(([key]) => key.slice(0, 200));
}

function checkHostileOutcome(outcome: NodeOutcome, op: OperationCase, sandbox: Sandbox): void {
	expect(outcomeProblems(outcome, op.sends)).toEqual([]);
	expect(outcome.ms).toBeLessThan(RUN_BOUND_MS);
	if (op.sends) expect(resent(sandbox)).toEqual([]);
	if (outcome.error) expect(isNodeError(outcome.error)).toBe(true);
}

function hugeBodies(entry: ProviderEntry): Array<[string, string]> {
	const size = 5_000_000;
	const ids: string[] = [];
	for (let i = 0, length = 0; length < size; i++) {
		const pair = `"${1_000_000 + i}":"${entry.phone(i)}"`;
		ids.push(pair);
		length += pair.length + 1;
	}
	return [
		['5 MB of JSON ids', `{"success_request":{"info":{${ids.join(',')}}},"sending_id":1,"code":"1-7000","balance":"1"}`],
		['5 MB JSON array', `[${'1234567890,'.repeat(size / 11)}0]`],
		['5 MB HTML page', `<html><body>${'<p>Service unavailable</p>'.repeat(size / 26)}</body></html>`],
		['5 MB XML reply', `<?xml version="1.0"?><response><status>OK</status><result>${'<mo><text>hi</text></mo>'.repeat(size / 24)}</result></response>`],
		['5 MB without a newline', 'x'.repeat(size)],
	];
}

describeEachProvider('fuzz: hostile gateway replies', (entry) => {
	withSandbox(entry, (loaded, sandbox) => {
		it('any reply body, status and type: success, or n8n errors / error rows only, in bounded time, no re-send', async () => {
			await fc.assert(
				fc.asyncProperty(
					fc.constantFrom(...entry.operations),
					hostileBody,
					hostileStatus,
					contentType,
					fc.boolean(),
					async (op, body, status, type, continueOnFail) => {
						sandbox().reset();
						sandbox().inject({ rate: 1, body, status, headers: { 'content-type': type, 'retry-after': '0' } });
						const outcome = await runOperation(loaded, op, { credentials: sandbox().credentials, continueOnFail });
						checkHostileOutcome(outcome, op, sandbox());
					},
				),
				runs(150),
			);
		}, 60_000 * SCALE);

		const sendOp = entry.operations.find((o) => o.sends)!;
		const readOp = entry.operations.find((o) => !o.sends)!;
		it.each(hugeBodies(entry).flatMap(([label, body]) => [sendOp, readOp].map((op) => [label, op.label, body, op] as const)))(
			'%s in reply to %s: handled within the time bound',
			async (_label, _opLabel, body, op) => {
				sandbox().reset();
				sandbox().inject({ rate: 1, body, headers: { 'retry-after': '0' } });
				const outcome = await runOperation(loaded, op, { credentials: sandbox().credentials, continueOnFail: true });
				checkHostileOutcome(outcome, op, sandbox());
				// No error sentence carries the whole reply.
				const shown = JSON.stringify(outcome.output ?? { message: (outcome.error as Error)?.message, description: (outcome.error as { description?: unknown })?.description });
				expect(shown.length).toBeLessThan(20_000);
			},
			30_000,
		);
	});
});
