/**
 * SMS segment counter following GSM 03.38 / 3GPP TS 23.038 (the rules it applies: GSM.md beside it).
 *
 * Gateways bill per segment (part), so the numbers here are what a user pays for,
 * not what a text editor shows. Kept dependency-free so every node can use it
 * without pulling anything into the community-package bundle.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
	encoding: SmsEncoding;
	/**
	 * Billable parts. An empty message still counts as 1: gateways send (and bill)
	 * an empty SMS as one part, so 0 would under-report the cost.
	 */
	segments: number;
	/** User-perceived code points (Array.from(text).length), not UTF-16 code units. */
	characters: number;
	/** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
	units: number;
	/** 160/153 for GSM-7 or 70/67 for UCS-2, depending on whether the message is split. */
	unitsPerSegment: number;
}

// Literal characters rather than code points so the table can be checked against the
// spec by eye; the Greek letters are the real Greek capitals (U+0394 etc.), not the
// look-alike math symbols (U+2206 INCREMENT, U+2126 OHM SIGN), which are UCS-2.
const GSM7_BASIC = new Set(
	Array.from(
		'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
			'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
	),
);

// Reached through ESC (0x1B), so each costs two septets on the wire.
const GSM7_EXTENSION = new Set(Array.from('\f^{}\\[~]|€'));

const GSM7_SINGLE = 160;
// 7 of the 140 octets go to the concatenation User Data Header (6 octets + fill bits).
const GSM7_MULTI = 153;
const UCS2_SINGLE = 70;
// The same 6-octet UDH costs 3 UCS-2 code units per part.
const UCS2_MULTI = 67;

function isGsm7Char(char: string): boolean {
	return GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char);
}

/** True when every character fits the GSM-7 default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
	for (const char of text) {
		if (!isGsm7Char(char)) return false;
	}
	return true;
}

function pack(text: string): { info: SegmentInfo; lastPartUnits: number } {
	// Iterate by code point so a surrogate pair is one indivisible item when packing parts.
	const chars = Array.from(text);
	const encoding: SmsEncoding = chars.every(isGsm7Char) ? 'GSM-7' : 'UCS-2';
	// In UCS-2 the extension characters are plain UTF-16 and lose their ESC prefix,
	// so they cost 1 unit there, not 2.
	const costs = chars.map((char) =>
		encoding === 'GSM-7' ? (GSM7_EXTENSION.has(char) ? 2 : 1) : char.length,
	);
	const units = costs.reduce((sum, cost) => sum + cost, 0);

	const single = encoding === 'GSM-7' ? GSM7_SINGLE : UCS2_SINGLE;
	if (units <= single) {
		return { info: { encoding, segments: 1, characters: chars.length, units, unitsPerSegment: single }, lastPartUnits: units };
	}

	// Greedy packing instead of Math.ceil(units / perPart): an ESC sequence or a
	// surrogate pair that would straddle a boundary moves whole to the next part,
	// leaving a unit unused, so division can under-count by one.
	const perPart = encoding === 'GSM-7' ? GSM7_MULTI : UCS2_MULTI;
	let segments = 1;
	let used = 0;
	for (const cost of costs) {
		if (used + cost > perPart) {
			segments++;
			used = 0;
		}
		used += cost;
	}
	return { info: { encoding, segments, characters: chars.length, units, unitsPerSegment: perPart }, lastPartUnits: used };
}

/** The last text counted: a bulk send counts the same text for each of its recipients. */
let last: { text: string; info: SegmentInfo } | undefined;

export function countSegments(text: string): SegmentInfo {
	if (last?.text !== text) last = { text, info: pack(text).info };
	return { ...last.info };
}

/**
 * How many more units (GSM-7 septets, or UCS-2 code units) the last part has room for before the
 * text needs another part. A GSM-7 extension character (€ [ ] { } ~ ^ | \ and form feed) takes 2.
 * At the boundary of one part (160 or 70), the next character makes two parts of 153 or 67, so
 * the room shown is what is left of the single part.
 */
export function unitsLeftInLastPart(text: string): number {
	const { info, lastPartUnits } = pack(text);
	return info.unitsPerSegment - lastPartUnits;
}

/** The characters that make a text UCS-2, each with its position (in characters, from 0). */
export function ucs2Characters(text: string): Array<{ char: string; index: number }> {
	const found: Array<{ char: string; index: number }> = [];
	let index = 0;
	for (const char of text) {
		if (!isGsm7Char(char)) found.push({ char, index });
		index++;
	}
	return found;
}
