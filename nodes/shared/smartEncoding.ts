import { countSegments, isGsm7, type SmsEncoding } from './segments';

/**
 * Smart encoding: characters that only look like GSM-7 ones (typographic quotes and apostrophes,
 * dashes, the ellipsis, Unicode spaces, bullets, fullwidth forms…) are replaced by the GSM-7
 * character they stand for, but only when that makes the whole text GSM-7. One curly apostrophe
 * pasted from a word processor otherwise sends the whole message as UCS-2: 70 characters a part
 * instead of 160, two or three times the parts billed.
 *
 * The list follows the one Twilio publishes for the Smart Encoding of its Messaging Services
 * ("List of characters replaced by Smart Encoding", twilio.com/docs/messaging/services/
 * smart-encoding-char-list), grouped here by what each character becomes. Where we differ, on
 * purpose: ‹ and › become < and > (the list turns them the other way round); the Unicode spaces
 * become a space and the line and paragraph separators a line break (not nothing); the
 * non-breaking hyphen, figure dash and minus sign (‑ ‒ −, common in pasted text) become a hyphen
 * too; the control characters the list deletes are left alone (not a look-alike of anything).
 * GSM.md beside this file says which characters GSM-7 has.
 */
const LOOK_ALIKES: ReadonlyArray<readonly [string, string]> = [
	['"', '«»“”„‟ʺˮ❝❞〝〞＂'],
	["'", '‘’‚‛ʹʻʼʽˈˊˋ´`❛❜︐︑＇\u0313\u0314'],
	['-', '‐‑‒–—―⁃•−⎼⎽﹣－'],
	['...', '…'],
	['!!', '‼'],
	[' ', '\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000'],
	['', '\u200b\u2060\ufeff'],
	['\n', '\u2028\u2029'],
	['/', '÷⧸⁄∕／\u0337\u0338'],
	['1/4', '¼'],
	['1/2', '½'],
	['3/4', '¾'],
	['\\', '⧹⧵﹨＼\u20e5'],
	['_', '‗＿\u0332'],
	['|', '∣｜⎸⎹⏐⎜⎟\u20d2\u20d3'],
	['@', '﹫＠'],
	['$', '﹩＄'],
	['!', 'ǃ︕﹗！'],
	['#', '﹟＃'],
	['%', '﹪％'],
	['&', '﹠＆'],
	[',', '‚﹐、﹑，､\u0326'],
	['(', '❨❪﹙（⟮⦅'],
	[')', '❩❫﹚）⟯⦆'],
	['*', '⁎∗⊛✢✣✤✥✱✲✳✺✻✼✽❃❉❊❋⧆﹡＊'],
	['+', '˖﹢＋'],
	['.', '。﹒．｡'],
	[':', 'ː˸⦂꞉︓：'],
	[';', '⁏︔﹔；'],
	['<', '‹﹤＜'],
	['=', '꞊﹦＝\u0347'],
	['>', '›﹥＞'],
	['?', '︖﹖？'],
	['^', 'ˆ＾\u0302\u1dcd'],
	['{', '❴﹛｛'],
	['}', '❵﹜｝'],
	['[', '［'],
	[']', '］'],
	['~', '˜˷∼～\u0303\u0330\u0334'],
];

/** Look-alikes of digits and letters, paired one to one with the GSM-7 character below them. */
const LOOK_ALIKE_LETTERS: ReadonlyArray<readonly [string, string]> = [
	['0123456789', '０１２３４５６７８９'],
	['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ'],
	['ABCDEFGHIJKLMNOPRSTUVWYZ', 'ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ'],
];

/** Each look-alike and the GSM-7 text it becomes. */
export const SMART_REPLACEMENTS: ReadonlyMap<string, string> = (() => {
	const map = new Map<string, string>();
	for (const [to, from] of LOOK_ALIKES) for (const char of from) map.set(char, to);
	for (const [to, from] of LOOK_ALIKE_LETTERS) {
		const targets = Array.from(to);
		Array.from(from).forEach((char, i) => map.set(char, targets[i]));
	}
	return map;
})();

/** What smart encoding did to a text (the `smartEncoding` field of a send's output row). */
export interface SmartEncodingReport {
	/** Characters replaced. */
	replaced: number;
	from: SmsEncoding;
	to: SmsEncoding;
}

export interface SmartEncoded {
	text: string;
	/** Absent when the text was left as it was (already GSM-7, or still UCS-2 after replacing). */
	report?: SmartEncodingReport;
}

/** Replaces every look-alike, whatever the result; `smartEncode` decides whether to keep it. */
export function replaceLookAlikes(text: string): { text: string; replaced: number } {
	let replaced = 0;
	let out = '';
	for (const char of text) {
		const to = SMART_REPLACEMENTS.get(char);
		if (to === undefined) out += char;
		else {
			out += to;
			replaced++;
		}
	}
	return { text: out, replaced };
}

/**
 * The text to send with smart encoding on: the look-alikes replaced when that makes the whole
 * text GSM-7; otherwise (GSM-7 already, or Arabic, Cyrillic, emoji… that stay UCS-2) the text
 * untouched. Nor is it replaced when the GSM-7 text would need more parts than the original (a
 * text made mostly of … or ½, each three characters in GSM-7): it is there to save parts.
 */
export function smartEncode(text: string): SmartEncoded {
	if (isGsm7(text)) return { text };
	const candidate = replaceLookAlikes(text);
	if (!isGsm7(candidate.text)) return { text };
	if (countSegments(candidate.text).segments > countSegments(text).segments) return { text };
	return { text: candidate.text, report: { replaced: candidate.replaced, from: 'UCS-2', to: 'GSM-7' } };
}
