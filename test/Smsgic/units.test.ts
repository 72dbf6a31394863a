import { parseLenientJson, withoutTrailingCommas } from '../../nodes/Smsgic/json';
import { diffStatuses, type StatusMemory } from '../../nodes/Smsgic/statusChanges';
import { describeFieldErrors, smsgicError } from '../../nodes/Smsgic/transport';
import { readSendingsPage } from '../../nodes/Smsgic/actions/sms/sendings';
import { readRateFilters } from '../../nodes/Smsgic/actions/account/getRates.operation';
import { DOCUMENT_REPLIES, documentReply } from './fixtures';

describe('SMSgic replies written like the document (trailing commas)', () => {
	it.each(DOCUMENT_REPLIES)('reads the document sample %s', (name) => {
		const text = documentReply(name);
		const parsed = parseLenientJson(text);
		expect(parsed.ok).toBe(true);
	});

	it('reads the document balance sample to the same values as strict JSON', () => {
		expect(parseLenientJson(documentReply('balance.200'))).toEqual({ ok: true, value: { balance: '450.000', sign: '£', code: 'GBP' } });
	});

	it('leaves commas inside strings alone, including escaped quotes', () => {
		const text = '{"a": "x,}", "b": "say \\",]\\"", "c": [1, 2,],}';
		expect(JSON.parse(withoutTrailingCommas(text))).toEqual({ a: 'x,}', b: 'say ",]"', c: [1, 2] });
	});

	it('still refuses text that is not JSON', () => {
		expect(parseLenientJson('<html>Service Unavailable</html>')).toEqual({ ok: false });
		expect(parseLenientJson('')).toEqual({ ok: false });
	});
});

describe('SMSgic error sentences', () => {
	it('says the access token was rejected for the document 401', () => {
		const error = smsgicError(401, documentReply('unauthenticated.401'));
		expect(error.kind).toBe('auth');
		expect(error.message).toContain('the access token was rejected');
		expect(error.message).toContain('SMSgic dashboard');
		expect(error.description).toBe('SMSgic said: Unauthenticated.');
	});

	it('names each field of the document 422 replies in one sentence', () => {
		expect(smsgicError(422, documentReply('calculate.422-data')).message).toBe(
			'SMSgic refused the request (HTTP 422) because of Message ("Please send `message` post parameter with text for SMS") and To ("Please send `recipients` post parameter with recipient`s number"); correct them and run again.',
		);
		expect(smsgicError(422, documentReply('calculate.422-recipients')).message).toBe(
			'SMSgic refused the request (HTTP 422) because of To ("Please send `recipients` post parameter with recipient`s number"); correct it and run again.',
		);
	});

	it('names the real field when the document files the complaint under "message"', () => {
		expect(smsgicError(422, documentReply('create-sending.422-sender')).message).toContain('because of Sender ("Please send `sender`');
		expect(smsgicError(422, documentReply('create-sending.422-recipients')).message).toContain('because of To ("Please send `recipients`');
		expect(smsgicError(422, documentReply('create-sending.422-message')).message).toContain('because of Message (');
	});

	it('names the number behind a Laravel list key (recipients.1)', () => {
		const body = JSON.stringify({ message: 'The given data was invalid.', errors: { 'recipients.1': ['The recipients.1 format is invalid.'], sender: ['The selected sender is invalid.'] } });
		expect(smsgicError(422, body, { method: 'POST', path: '/sendings', body: { recipients: ['37120000000', '4412'] } }).message).toBe(
			'SMSgic refused the request (HTTP 422) because of To (4412) ("The recipients.1 format is invalid") and Sender ("The selected sender is invalid"); correct them and run again.',
		);
		expect(describeFieldErrors({ 'recipients.0': 'bad' })).toBe('To (entry 1) ("bad")');
	});

	it('keeps a 422 without an errors map readable', () => {
		expect(smsgicError(422, '{"message":"Insufficient balance"}').message).toBe('SMSgic refused the request (HTTP 422): Insufficient balance.');
	});

	it('says a sending does not exist only when SMSgic itself answered the 404', () => {
		const call = { method: 'GET' as const, path: '/sendings/301', notFound: 'SMSgic says the sending 301 does not exist.' };
		expect(smsgicError(404, documentReply('sending.404'), call).message).toBe('SMSgic says the sending 301 does not exist.');
		expect(smsgicError(404, '<html>Not Found</html>', call).message).toContain('Check the Base URL');
	});

	it('reports other refusals with SMSgic\'s own words', () => {
		const error = smsgicError(403, '{"message":"This action is unauthorized."}');
		expect(error.kind).toBe('notSent');
		expect(error.message).toBe('SMSgic refused the request (HTTP 403): This action is unauthorized.');
	});
});

describe('SMSgic rate filters', () => {
	it('maps the filters to the query SMSgic reads', () => {
		expect(readRateFilters({ mcc: ' 247 ', mnc: '01', country: 'Latvia', countryId: 1 })).toEqual({ mcc: '247', mnc: '01', country: 'Latvia', country_id: 1 });
		expect(readRateFilters({ mcc: '218', mnc: 'NULL' })).toEqual({ mcc: '218', mnc: 'null' });
		expect(readRateFilters({ countryId: 0, country: '' })).toEqual({});
	});

	it.each([
		[{ mcc: '24' }, 'filters.mcc', 'exactly three digits'],
		[{ mcc: '2477' }, 'filters.mcc', 'exactly three digits'],
		[{ mnc: '01' }, 'filters.mcc', 'needs the MCC'],
		[{ mcc: '247', mnc: '0001' }, 'filters.mnc', 'up to three digits'],
		[{ countryId: 1.5 }, 'filters.countryId', 'whole number'],
	])('rejects %j naming %s', (filters, field, words) => {
		let caught: { field?: string; message: string } | undefined;
		try {
			readRateFilters(filters);
		} catch (error) {
			caught = error as { field?: string; message: string };
		}
		expect(caught?.field).toBe(field);
		expect(caught?.message).toContain(words);
	});
});

describe('SMSgic sendings list shapes', () => {
	const s = (id: number) => ({ id, status: 'Pending' });

	it('reads the document shape, a plain list and both Laravel envelopes', () => {
		const documentPage = readSendingsPage(JSON.parse(withoutTrailingCommas(documentReply('sendings.200'))));
		expect(documentPage.items.map((x) => [x.id, x.status])).toEqual([
			[301, 'Pending'],
			[452, 'Pending'],
			[457, 'Pending'],
		]);
		expect(documentPage.hasNext).toBe(false);
		expect(readSendingsPage([s(1), s(2)])).toEqual({ items: [s(1), s(2)], hasNext: false, currentPage: undefined });
		expect(readSendingsPage({ data: [s(1)], links: { next: 'https://api.smsgic.com/sendings?page=2' }, meta: { current_page: 1, last_page: 2 } })).toEqual({
			items: [s(1)],
			hasNext: true,
			currentPage: 1,
		});
		expect(readSendingsPage({ data: [s(3)], links: { next: null }, meta: { current_page: 2, last_page: 2 } }).hasNext).toBe(false);
		expect(readSendingsPage({ sendings: { data: [s(1)], current_page: 1, last_page: 3, links: [] } }).hasNext).toBe(true);
		expect(readSendingsPage({ data: [s(1)], next_page_url: 'x?page=2' }).hasNext).toBe(true);
	});

	it('refuses a reply that holds no list', () => {
		expect(() => readSendingsPage({ message: 'Server Error' } as never)).toThrow('list of sendings');
	});
});

describe('SMSgic sending status memory', () => {
	const sending = (id: number, status: string) => ({ id, status, text: `t${id}` });

	it('records on the first poll, then reports changes and new sendings once', () => {
		const first = diffStatuses({}, [sending(1, 'Pending'), sending(2, 'Completed')], true);
		expect(first.changes).toEqual([]);
		expect(first.next).toEqual({ initialized: true, maxId: 2, statuses: { '1': 'Pending', '2': 'Completed' } });

		const second = diffStatuses(first.next, [sending(1, 'Completed'), sending(2, 'Completed'), sending(3, 'Pending')], true);
		expect(second.changes.map((c) => [c.sending.id, c.previousStatus, c.status])).toEqual([
			[1, 'Pending', 'Completed'],
			[3, null, 'Pending'],
		]);
		const third = diffStatuses(second.next, [sending(1, 'Completed'), sending(2, 'Completed'), sending(3, 'Pending')], true);
		expect(third.changes).toEqual([]);
	});

	it('does not change the memory it is given', () => {
		const memory: StatusMemory = { initialized: true, maxId: 1, statuses: { '1': 'Pending' } };
		const copy = JSON.parse(JSON.stringify(memory));
		diffStatuses(memory, [sending(1, 'Completed'), sending(2, 'Pending')], true);
		expect(memory).toEqual(copy);
	});

	it('stays bounded, keeping unfinished sendings first, and never reports a forgotten sending as new', () => {
		const list = Array.from({ length: 10 }, (_, i) => sending(i + 1, i % 3 === 0 ? 'Pending' : 'Completed'));
		const { next } = diffStatuses({}, list, true, 5);
		// unfinished: 1, 4, 7, 10; then the newest finished: 9
		expect(Object.keys(next.statuses ?? {}).sort((a, b) => Number(a) - Number(b))).toEqual(['1', '4', '7', '9', '10']);
		// 2 was forgotten; its status changes: recorded silently, not reported as new
		const changed = list.map((s) => (s.id === 2 ? sending(2, 'Failed') : s));
		const after = diffStatuses(next, [...changed, sending(11, 'Pending')], true, 5);
		expect(after.changes.map((c) => c.sending.id)).toEqual([11]);
		expect(Object.keys(after.next.statuses ?? {})).toHaveLength(5);
	});

	it('forgets sendings missing from a complete list, but not from a partial one', () => {
		const memory: StatusMemory = { initialized: true, maxId: 2, statuses: { '1': 'Pending', '2': 'Pending' } };
		expect(diffStatuses(memory, [sending(2, 'Pending')], true).next.statuses).toEqual({ '2': 'Pending' });
		expect(diffStatuses(memory, [sending(2, 'Pending')], false).next.statuses).toEqual({ '1': 'Pending', '2': 'Pending' });
	});
});
