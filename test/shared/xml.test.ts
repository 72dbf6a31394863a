import { readFileSync } from 'fs';
import { join } from 'path';

import { countTags, decodeEntities, parseXml, xmlChild, xmlList, xmlText, XmlReadError, type XmlObject } from '../../nodes/shared/xml';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'Messangi', 'fixtures', name), 'utf8');

function readError(text: string, max?: number): XmlReadError {
	try {
		parseXml(text, max);
	} catch (error) {
		if (error instanceof XmlReadError) return error;
		throw error;
	}
	throw new Error('expected an XmlReadError');
}

describe('parseXml: what it reads', () => {
	it('reads a reply with several top-level elements (no root) as well formed', () => {
		const { root, wellFormed } = parseXml(fixture('sendSMS.reply.xml'));
		expect(wellFormed).toBe(true);
		expect(root.status).toBe('OK');
		const message = xmlList(xmlChild(xmlChild(root.result, 'messages'), 'message'))[0];
		// Never coerced to numbers: a 19-digit id keeps every digit.
		expect(xmlText(xmlChild(message, 'id'))).toBe('-8174720676710228700');
		expect(xmlText(xmlChild(message, 'date'))).toBe('2013-09-17T10:13:59.176-04:30');
	});

	it('reads a reply wrapped in a root element with an XML declaration and a BOM', () => {
		const { root, wellFormed } = parseXml('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<response><status>OK</status><to>0058123</to></response>');
		expect(wellFormed).toBe(true);
		expect(xmlText(xmlChild(root.response, 'to'))).toBe('0058123');
	});

	it('keeps spaces that are content and drops indentation between elements', () => {
		const { root } = parseXml('<r>\n  <text>  two  spaces  </text>\n  <empty></empty>\n  <self/>\n</r>');
		expect(root.r).toEqual({ text: '  two  spaces  ', empty: '', self: '' });
	});

	it('decodes the predefined entities, numeric references and CDATA, nothing else', () => {
		const { root } = parseXml('<r><a>x &amp; y &lt;b&gt; &quot;q&quot; &apos;s&apos;</a><b>&#1605;&#x0631;&#x1F600;</b><c>&nbsp;&unknown;</c><d><![CDATA[a <b> & c]]></d></r>');
		expect(root.r).toEqual({ a: 'x & y <b> "q" \'s\'', b: 'مر😀', c: '&nbsp;&unknown;', d: 'a <b> & c' });
	});

	it('reports a list of one and a list of many the same way', () => {
		const one = parseXml('<l><m>1</m></l>').root;
		const two = parseXml('<l><m>1</m><m>2</m></l>').root;
		expect(xmlList(xmlChild(one, 'l') && (one.l as XmlObject).m)).toEqual(['1']);
		expect(xmlList((two.l as XmlObject).m)).toEqual(['1', '2']);
	});

	it('keeps an element named __proto__ as data without touching any prototype', () => {
		const { root } = parseXml('<r><__proto__><polluted>yes</polluted></__proto__><constructor>c</constructor></r>');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(root.r)).toBe(Object.prototype);
		expect((root.r as XmlObject).constructor).toBe('c');
	});
});

describe('parseXml: malformed and hostile replies', () => {
	it("reads the document's own malformed MOMessageList leniently and says it is not well formed", () => {
		const parsed = parseXml(fixture('getMOMessages.reply.xml'));
		expect(parsed.wellFormed).toBe(false);
		expect(parsed.problem).toMatch(/line \d+, column \d+/);
		const list = xmlChild(parsed.root.result, 'MOMessageList');
		expect(xmlText(xmlChild(list, 'records'))).toBe('17');
		const messages = xmlList(xmlChild(xmlChild(list, 'MessageList'), 'MOMessage'));
		expect(messages).toHaveLength(1);
		expect(xmlText(xmlChild(messages[0], 'sendDate'))).toBe('2014-10-13 10:30:51.922');
	});

	it('flags a mismatched closing tag as not well formed', () => {
		expect(parseXml('<r><a>1</b></r>').wellFormed).toBe(false);
	});

	it.each([
		['an empty reply', '', 'empty'],
		['whitespace only', '  \n ', 'empty'],
		['plain text', 'Internal Server Error', 'notXml'],
		['JSON', '{"status":"OK"}', 'notXml'],
	])('refuses %s with a clear error', (_label, text, reason) => {
		expect(readError(text).reason).toBe(reason);
	});

	it('refuses a DOCTYPE (billion laughs) without expanding anything', () => {
		const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><r>&lol2;</r>';
		const error = readError(laughs);
		expect(error.reason).toBe('doctype');
		expect(error.message).toContain('DOCTYPE');
	});

	it('refuses an external entity declaration (XXE)', () => {
		expect(readError('<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>').reason).toBe('doctype');
	});

	it('refuses a reply over the size limit before parsing it', () => {
		const error = readError(`<r>${'x'.repeat(200)}</r>`, 100);
		expect(error.reason).toBe('tooLarge');
		expect(error.message).toContain('more than the 100');
	});

	it('never throws anything but XmlReadError on random garbage', () => {
		const pieces = ['<', '>', '</', '/>', 'a', '&', ';', '#', '<![CDATA[', ']]>', '<!--', '-->', '"', "'", '=', ' ', '\n', 'é', '😀', '<?', '?>'];
		let seed = 7;
		const next = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed;
		};
		for (let run = 0; run < 500; run++) {
			const text = Array.from({ length: 1 + (next() % 40) }, () => pieces[next() % pieces.length]).join('');
			try {
				const parsed = parseXml(text);
				expect(typeof parsed.wellFormed).toBe('boolean');
			} catch (error) {
				expect(error).toBeInstanceOf(XmlReadError);
			}
		}
	});
});

describe('xml helpers', () => {
	it('decodeEntities leaves invalid code points as written', () => {
		expect(decodeEntities('&#xD800; &#0; &#x110000; &amp;')).toBe('&#xD800; &#0; &#x110000; &');
	});

	it('countTags counts opening and closing tags, not self-closing ones or longer names', () => {
		expect(countTags('<M>a</M><M >b</M><M/><MOMessage>c</MOMessage><M>', 'M')).toEqual({ open: 3, close: 2 });
	});
});
