import { excerpt, GatewayError } from '../shared/errors';
import { countTags, isXmlObject, parseXml, XmlReadError, xmlChild, xmlList, xmlText, type ParsedXml, type XmlObject, type XmlValue } from '../shared/xml';
import type { IncomingMessage, MessangiMessage, MessangiReply } from './types';

/**
 * Every reading of Messangi's XML replies (PROVIDER.md, "Replies"), in one place: the static part
 * every reply has (`readReply`, used by the transport), and the `result` of each method the nodes
 * call (a sent message, a PIN, a fired MO, a page of incoming messages).
 */

/** Finds the static part (`status`, …) whether or not the reply wraps it in a root element. */
function envelopeOf(root: XmlObject): XmlObject | undefined {
	if ('status' in root) return root;
	const children = Object.values(root).filter(isXmlObject);
	return children.find((child) => 'status' in child);
}

function trimmed(value: XmlValue | undefined): string | undefined {
	const text = xmlText(value);
	return text === undefined ? undefined : text.trim();
}

/** A child's text, trimmed. */
function field(node: XmlValue | undefined, name: string): string | undefined {
	return trimmed(xmlChild(node, name));
}

/** Reads a reply's static part; a reply that cannot be read is an `unknown` outcome. */
export function readReply(body: string, statusCode: number): MessangiReply {
	let parsed: ParsedXml | undefined;
	let failure: unknown;
	try {
		parsed = parseXml(body);
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined && !(failure instanceof XmlReadError)) throw failure;
	const readError = failure instanceof XmlReadError ? failure : undefined;
	if (readError || !parsed) {
		throw new GatewayError({
			kind: 'unknown',
			httpCode: statusCode,
			message: `Messangi sent a reply that could not be read as XML (HTTP ${statusCode}), so the result is not known. ${readError?.message ?? ''}`.trim(),
			description: `The reply began with: ${excerpt(body, 200) || '(empty)'}`,
		});
	}
	const xml = parsed;
	const envelope = envelopeOf(xml.root);
	const status = trimmed(envelope?.status);
	if (!envelope || !status) {
		throw new GatewayError({
			kind: 'unknown',
			httpCode: statusCode,
			message: `Messangi's reply has no <status> (HTTP ${statusCode}), so the result is not known.`,
			description: `The reply began with: ${excerpt(body, 200)}`,
		});
	}
	const result = envelope.result;
	return {
		input: trimmed(envelope.input),
		status,
		description: trimmed(envelope.description),
		result: isXmlObject(result) ? result : undefined,
		raw: body,
		// read lazily: checking well-formedness costs a third of the reading (nodes/shared/xml.ts)
		get wellFormed() {
			return xml.wellFormed;
		},
		get problem() {
			return xml.problem;
		},
	};
}

/** The first `<message>` of a tools/sendSMS result. */
export function readMessage(reply: MessangiReply): MessangiMessage | undefined {
	const message = xmlList(xmlChild(xmlChild(reply.result, 'messages'), 'message'))[0];
	if (message === undefined) return undefined;
	const out: MessangiMessage = {};
	for (const name of ['id', 'carrier', 'from', 'to', 'text', 'status', 'statusDescription', 'encoding', 'date', 'timezone', 'clientId'] as const) {
		const value = field(message, name);
		if (value !== undefined) out[name] = value;
	}
	return out;
}

/** The PIN Messangi generated, from a tools/sendSMSPinMobileNumberConfirm result. */
export function readPin(reply: MessangiReply): string | undefined {
	return field(xmlChild(reply.result, 'PinSMSConfirmation'), 'pin') || undefined;
}

/** The instance a fired MO went to, from a fireMessage result. */
export function readFiredInstance(reply: MessangiReply): string | undefined {
	return field(xmlChild(reply.result, 'mo'), 'instanceId') || undefined;
}

export interface MoPage {
	messages: IncomingMessage[];
	/** Total found, when Messangi says. */
	records?: number;
}

function text(node: XmlValue, name: string): string {
	return xmlText(xmlChild(node, name)) ?? '';
}

/**
 * A page of incoming messages from a tools/getMOMessages result. A reply that is not well-formed
 * XML (the document's own sample closes MOMessageList with a second opening tag) is used only when
 * every <MOMessage> in the raw text was read whole; otherwise nothing is guessed.
 */
export function readMoPageReply(reply: MessangiReply): MoPage {
	const list = xmlChild(reply.result, 'MOMessageList');
	const nodes = xmlList(xmlChild(xmlChild(list, 'MessageList'), 'MOMessage'));
	if (!reply.wellFormed) {
		const tags = countTags(reply.raw, 'MOMessage');
		if (tags.open !== nodes.length || tags.close !== nodes.length) {
			throw new GatewayError({
				kind: 'unknown',
				message: `Messangi's list of incoming messages is not well-formed XML and could not be read safely (${tags.open} messages opened, ${tags.close} closed, ${nodes.length} readable). Try again; if it persists, report it to Messangi.`,
				description: reply.problem,
			});
		}
	}
	const records = Number(field(list, 'records'));
	return {
		records: Number.isFinite(records) ? records : undefined,
		messages: nodes.map((node) => ({
			from: text(node, 'from').trim(),
			to: text(node, 'to').trim(),
			text: text(node, 'text'),
			keyword: text(node, 'keyword').trim(),
			carrier: text(node, 'carrier').trim(),
			encoding: text(node, 'encoding').trim(),
			sendDate: text(node, 'sendDate').trim(),
		})),
	};
}
