import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Safe XML reading for gateways that answer in XML. fast-xml-parser is configured so that a
 * reply can do no harm: a DOCTYPE (and with it any entity declaration) is refused outright, no
 * entity is expanded beyond the five predefined ones and numeric character references, nothing
 * is coerced to a number (ids and phone numbers keep their digits and leading zeros), and
 * replies over a size limit are not parsed at all.
 *
 * Gateways do not always send well-formed XML (Messangi's own document closes a list with a
 * second opening tag), so the parser reads leniently and says whether the text was well formed;
 * the caller decides whether what it needs could be read safely.
 */

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
	[name: string]: XmlValue;
}

export interface ParsedXml {
	/** The top-level elements: several when the reply has no single root element. */
	root: XmlObject;
	/** False when the text is not well-formed XML and `root` is the parser's best reading. */
	wellFormed: boolean;
	/** Why the text is not well formed (the validator's message, with line and column). */
	problem?: string;
}

export class XmlReadError extends Error {
	constructor(
		message: string,
		readonly reason: 'tooLarge' | 'doctype' | 'empty' | 'notXml',
	) {
		super(message);
		this.name = 'XmlReadError';
	}
}

/** 5 MB of text: far beyond any reply an SMS API sends, small enough to never hurt n8n. */
export const DEFAULT_MAX_XML_CHARS = 5_000_000;

const TEXT_NODE = '#text';

const parser = new XMLParser({
	ignoreAttributes: true,
	ignoreDeclaration: true,
	ignorePiTags: true,
	removeNSPrefix: true,
	parseTagValue: false,
	// Whitespace inside a message text is content; formatting whitespace is dropped below.
	trimValues: false,
	// Entities are decoded by decodeEntities, which knows only the predefined ones, so no
	// declaration in the document can make the parser expand anything.
	processEntities: false,
	htmlEntities: false,
	textNodeName: TEXT_NODE,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePoint(value: number, original: string): string {
	const valid = Number.isInteger(value) && value > 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff);
	return valid ? String.fromCodePoint(value) : original;
}

/** Decodes `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and `&#…;` references; leaves anything else as written. */
export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]+);/g, (whole, ref: string) => {
		if (ref.startsWith('#x') || ref.startsWith('#X')) return codePoint(parseInt(ref.slice(2), 16), whole);
		if (ref.startsWith('#')) return codePoint(parseInt(ref.slice(1), 10), whole);
		return PREDEFINED[ref] ?? whole;
	});
}

function clean(value: unknown): XmlValue {
	if (typeof value === 'string') return decodeEntities(value);
	if (Array.isArray(value)) return value.map(clean);
	if (value && typeof value === 'object') {
		const out: XmlObject = {};
		const entries = Object.entries(value as Record<string, unknown>);
		const hasChildren = entries.some(([key]) => key !== TEXT_NODE);
		for (const [key, child] of entries) {
			// Indentation between child elements is not content.
			if (key === TEXT_NODE && hasChildren && typeof child === 'string' && child.trim() === '') continue;
			// An element named __proto__ must stay data, never become the object's prototype.
			if (key === '__proto__') continue;
			out[key] = clean(child);
		}
		return out;
	}
	return value === undefined || value === null ? '' : String(value);
}

function withoutProlog(text: string): string {
	return text.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^>]*\?>/, '');
}

/**
 * Parses an XML reply. Throws XmlReadError when the text is too large, declares a DOCTYPE, is
 * empty, or holds no element at all; otherwise returns what could be read and whether the text
 * was well formed.
 */
export function parseXml(text: string, maxChars = DEFAULT_MAX_XML_CHARS): ParsedXml {
	if (text.length > maxChars) {
		throw new XmlReadError(`The XML reply is ${text.length} characters long, more than the ${maxChars} this node reads.`, 'tooLarge');
	}
	const body = withoutProlog(text);
	if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
		throw new XmlReadError('The XML reply declares a DOCTYPE; such replies are refused so that no entity can be expanded.', 'doctype');
	}
	if (body.trim() === '') throw new XmlReadError('The reply is empty.', 'empty');

	// Several top-level elements are common in gateway replies ("static part and dynamic part"):
	// validating inside a synthetic root checks well-formedness without rejecting that shape. It
	// costs a third of the reading and only a list that must be complete asks for it (Messangi
	// sends one reply per SMS), so it runs when `wellFormed` or `problem` is first read.
	let verdict: { problem?: string } | undefined;
	const problemOf = (): string | undefined => {
		if (!verdict) {
			const result = XMLValidator.validate(`<xml-reply>${body}</xml-reply>`);
			verdict = { problem: result === true ? undefined : `${result.err.msg} (line ${result.err.line}, column ${result.err.col})` };
		}
		return verdict.problem;
	};

	let raw: unknown;
	let failure: string | undefined;
	try {
		raw = parser.parse(body);
	} catch (error) {
		failure = error instanceof Error ? error.message : String(error);
	}
	const root = clean(raw);
	if (failure !== undefined || !root || typeof root !== 'object' || Array.isArray(root) || Object.keys(root).length === 0) {
		const problem = failure === undefined ? problemOf() : undefined;
		throw new XmlReadError(`The reply is not XML${failure ? ` (${failure})` : problem ? ` (${problem})` : ''}.`, 'notXml');
	}
	return {
		root,
		get wellFormed() {
			return problemOf() === undefined;
		},
		get problem() {
			return problemOf();
		},
	};
}

/** The text of an element: a leaf string, or the text beside its children. */
export function xmlText(value: XmlValue | undefined): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return xmlText(value[0]);
	const text = value[TEXT_NODE];
	return typeof text === 'string' ? text : undefined;
}

/** The child elements of that name, always as a list (XML has no way to say "a list of one"). */
export function xmlList(value: XmlValue | undefined): XmlValue[] {
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

export function isXmlObject(value: XmlValue | undefined): value is XmlObject {
	return value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** The child element `name` of an element (the first one when it repeats). */
export function xmlChild(value: XmlValue | undefined, name: string): XmlValue | undefined {
	const node = Array.isArray(value) ? value[0] : value;
	if (!isXmlObject(node) || !Object.prototype.hasOwnProperty.call(node, name)) return undefined;
	return node[name];
}

/** How many times an element is opened and closed in the raw text, to check a lenient reading. */
export function countTags(text: string, name: string): { open: number; close: number } {
	const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return {
		open: (text.match(new RegExp(`<${escaped}(?=[\\s/>])(?![^>]*/>)`, 'g')) ?? []).length,
		close: (text.match(new RegExp(`</${escaped}\\s*>`, 'g')) ?? []).length,
	};
}
