import { InputError } from '../../nodes/shared/errors';
import { normalizePhone, parsePhoneList, splitPhoneList, type PhoneRules } from '../../nodes/shared/phone';

/** Runs `fn`, expecting an InputError; returns it so the message and field can be checked. */
function inputErrorOf(fn: () => unknown): InputError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		return error as InputError;
	}
	throw new Error('expected an InputError, but nothing was thrown');
}

describe('normalizePhone', () => {
	const cases: Array<[string, string, string]> = [
		['spaces and a dash are formatting inside one number', '+966 50-123 4567', '966501234567'],
		['leading + is stripped', '+380501234567', '380501234567'],
		['leading 00 (international call prefix) is stripped', '00966501234567', '966501234567'],
		['00 after formatting is still the prefix', '00 966 50 123 4567', '966501234567'],
		['parentheses and dots', '+1 (212) 555.0100', '12125550100'],
		['no-break space and RTL marks pasted from a right-to-left text', '\u200f+966\u00a050\u200e1234567', '966501234567'],
		['only one prefix is stripped: a + followed by 00 keeps the 00', '+00966501234567', '00966501234567'],
		['a single leading 0 is a national trunk prefix and is kept', '0501234567', '0501234567'],
	];
	it.each(cases)('%s', (_label, raw, expected) => {
		expect(normalizePhone(raw)).toBe(expected);
	});
});

describe('splitPhoneList', () => {
	const cases: Array<[string, unknown, string[]]> = [
		['one formatted number stays one entry', '+966 50-123 4567', ['+966 50-123 4567']],
		['comma list', '966501234567,966501234568', ['966501234567', '966501234568']],
		['semicolon list with spaces around entries', ' 966501234567 ; 966501234568 ', ['966501234567', '966501234568']],
		['newline list, Windows line endings, blank lines', '966501234567\r\n\r\n966501234568\n', ['966501234567', '966501234568']],
		['mixed separators and empty entries', '966501234567,;\n,966501234568', ['966501234567', '966501234568']],
		['array of strings', ['966501234567', '966501234568'], ['966501234567', '966501234568']],
		['nested arrays, numbers and a list inside an entry', [[966501234567], ['966501234568, 966501234569']], ['966501234567', '966501234568', '966501234569']],
		['null and undefined entries inside an array are dropped', ['966501234567', null, undefined], ['966501234567']],
		['undefined', undefined, []],
		['null', null, []],
		['empty string', '', []],
		['only separators and whitespace', ' ,; \n ', []],
	];
	it.each(cases)('%s', (_label, input, expected) => {
		expect(splitPhoneList(input)).toEqual(expected);
	});
});

describe('parsePhoneList: valid input', () => {
	const cases: Array<[string, unknown, PhoneRules, string[]]> = [
		['`+966 50-123 4567` is one number', '+966 50-123 4567', {}, ['966501234567']],
		['comma, semicolon and newline lists', '+966 50 123 4567, 00380501234567;\n+1 (212) 555-0100', {}, ['966501234567', '380501234567', '12125550100']],
		['array from an expression, nested, with numbers', [966501234567, ['+380 50 123 4567', [12125550100]]], {}, ['966501234567', '380501234567', '12125550100']],
		['a number value (not a string) from an expression', 966501234567, {}, ['966501234567']],
		['repeats are kept without dedupe', '966501234567, +966 50 123 4567', {}, ['966501234567', '966501234567']],
		// The same subscriber written three ways is one recipient after normalisation.
		['dedupe compares normalised digits and keeps the first', '+966501234567, 00966501234567; 966 50 123 4567, 380501234567', { dedupe: true }, ['966501234567', '380501234567']],
		['exactly the default minimum of 7 digits', '1234567', {}, ['1234567']],
		['exactly the E.164 maximum of 15 digits', '+123456789012345', {}, ['123456789012345']],
		['custom bounds', '12345', { minDigits: 5, maxDigits: 5 }, ['12345']],
		['pattern that passes', '+380 50 123 4567', { pattern: { regex: /^380\d{9}$/, hint: 'must be a Ukrainian number' } }, ['380501234567']],
	];
	it.each(cases)('%s', (_label, input, rules, expected) => {
		expect(parsePhoneList(input, rules)).toEqual(expected);
	});
});

describe('parsePhoneList: invalid input fails with a message naming the value and the field', () => {
	const cases: Array<[string, unknown, PhoneRules, string, RegExp]> = [
		['letters', '96650123456a', {}, 'to', /^"96650123456a" in "to" is not a phone number/],
		['a + in the middle', '966+501234567', {}, 'to', /^"966\+501234567" in "to" is not a phone number/],
		['a slash', '966/501234567', { field: 'recipients' }, 'recipients', /^"966\/501234567" in "recipients" is not a phone number/],
		['only a +', '+', {}, 'to', /^"\+" in "to" is not a phone number/],
		['an object from an expression', [{ phone: '966501234567' }], {}, 'to', /^"\[object Object\]" in "to" is not a phone number/],
		// 6 digits: one short of the default minimum.
		['too short', '+123 456', {}, 'to', /^"\+123 456" in "to" has 6 digits; a number in international format has 7 to 15\./],
		// 16 digits: one more than E.164 allows.
		['too long for E.164', '+1234 5678 9012 3456', {}, 'to', /^"\+1234 5678 9012 3456" in "to" has 16 digits; a number in international format has 7 to 15\./],
		// Spaces are formatting, so two numbers separated only by a space are one value: 12 + 9 = 21 digits.
		['two numbers separated by a space only', '966501234567 380501234', {}, 'to', /^"966501234567 380501234" in "to" has 21 digits/],
		['custom bounds named in the message', '123456789', { minDigits: 10, maxDigits: 12, field: 'phone' }, 'phone', /^"123456789" in "phone" has 9 digits; a number in international format has 10 to 12\./],
		['pattern rule with its hint', '+966501234567', { pattern: { regex: /^380\d{9}$/, hint: 'is not a Ukrainian mobile number (380 followed by 9 digits).' } }, 'to', /^"\+966501234567" in "to" is not a Ukrainian mobile number \(380 followed by 9 digits\)\.$/],
	];
	it.each(cases)('%s', (_label, input, rules, field, message) => {
		const error = inputErrorOf(() => parsePhoneList(input, rules));
		expect(error.message).toMatch(message);
		expect(error.field).toBe(field);
	});

	it('reports the first bad entry of a list, not a good one', () => {
		const error = inputErrorOf(() => parsePhoneList('966501234567, 12ab34567, 1'));
		expect(error.message).toContain('"12ab34567"');
		expect(error.message).not.toContain('"966501234567"');
	});

	it('checks the pattern on normalised digits, so formatting does not break it', () => {
		const rules: PhoneRules = { pattern: { regex: /^966/, hint: 'must start with 966' } };
		expect(parsePhoneList('00 966 50 123 4567', rules)).toEqual(['966501234567']);
	});

	const empty: Array<[string, unknown]> = [
		['undefined', undefined],
		['null', null],
		['empty string', ''],
		['whitespace and separators only', ' , ;\n'],
		['empty array', []],
		['array of empty strings', ['', '  ']],
	];
	it.each(empty)('empty input (%s) asks for at least one number, naming the field', (_label, input) => {
		const error = inputErrorOf(() => parsePhoneList(input, { field: 'messageIds' }));
		expect(error.message).toMatch(/^No phone number given in "messageIds"\./);
		expect(error.field).toBe('messageIds');
	});
});
