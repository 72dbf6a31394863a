import { InputError, toText } from './errors';

export interface PhoneRules {
	/** Fewest digits a number may have after normalisation (default 7). */
	minDigits?: number;
	/** Most digits (default 15, the E.164 maximum). */
	maxDigits?: number;
	/** Extra provider rule on the normalised digits, with the sentence to show when it fails. */
	pattern?: { regex: RegExp; hint: string };
	/** Drop repeated numbers (keeps the first). */
	dedupe?: boolean;
	/** Parameter name, for the error message. */
	field?: string;
}

const LIST_SEPARATORS = /[,;\n\r]+/;
const HAS_SEPARATOR = /[,;\n\r]/;
const DIGITS = /^\d+$/;
// Spaces, dashes, dots and parentheses are how people format one number: `+966 50-123 4567`.
const FORMATTING = /[\s\-.()\u00a0\u200e\u200f]/g;

/** Turns one written number into digits: strips formatting and a leading `+` or `00`. */
export function normalizePhone(raw: string): string {
	let digits = raw.replace(FORMATTING, '');
	if (digits.startsWith('+')) digits = digits.slice(1);
	else if (digits.startsWith('00')) digits = digits.slice(2);
	return digits;
}

/** Splits the `to` parameter (text list or array, possibly nested) into raw entries. */
export function splitPhoneList(input: unknown): string[] {
	if (input === undefined || input === null) return [];
	if (Array.isArray(input)) return input.flatMap((entry) => splitPhoneList(entry));
	if (typeof input === 'number') return [String(input)];
	if (typeof input !== 'string') return [toText(input)];
	// One number (each item's To in a bulk send): nothing to split, the same result.
	if (!HAS_SEPARATOR.test(input)) {
		const entry = input.trim();
		return entry.length > 0 ? [entry] : [];
	}
	return input
		.split(LIST_SEPARATORS)
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);
}

/**
 * Parses and validates a recipient list. Throws InputError naming the offending value, so a bad
 * number fails its item before any request is sent.
 */
export function parsePhoneList(input: unknown, rules: PhoneRules = {}): string[] {
	const field = rules.field ?? 'to';
	const minDigits = rules.minDigits ?? 7;
	const maxDigits = rules.maxDigits ?? 15;
	const entries = splitPhoneList(input);
	if (entries.length === 0) {
		throw new InputError(`No phone number given in "${field}". Enter at least one number in international format, e.g. 966501234567.`, field);
	}
	const numbers: string[] = [];
	const seen = rules.dedupe && entries.length > 1 ? new Set<string>() : undefined;
	for (const entry of entries) {
		const digits = normalizePhone(entry);
		if (!DIGITS.test(digits)) {
			throw new InputError(`"${entry}" in "${field}" is not a phone number: only digits, an optional leading + and formatting (spaces, dashes, dots, parentheses) are allowed.`, field);
		}
		if (digits.length < minDigits || digits.length > maxDigits) {
			throw new InputError(`"${entry}" in "${field}" has ${digits.length} digits; a number in international format has ${minDigits} to ${maxDigits}.`, field);
		}
		if (rules.pattern && !rules.pattern.regex.test(digits)) {
			throw new InputError(`"${entry}" in "${field}" ${rules.pattern.hint}`, field);
		}
		if (seen) {
			if (seen.has(digits)) continue;
			seen.add(digits);
		}
		numbers.push(digits);
	}
	return numbers;
}
