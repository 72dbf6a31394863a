import type { XmlObject } from '../shared/xml';

/**
 * A Messangi reply (messangi.txt, "Response XML Basics"): a static part (`input`, `status`,
 * `description`) and a dynamic `result` that depends on the method.
 */
export interface MessangiReply {
	/** The method that answered, e.g. `sendSMS`. */
	input?: string;
	/** `OK`, `BAD_SIGNATURE`, `ERROR`, … (an open set). */
	status: string;
	description?: string;
	result?: XmlObject;
	/** The raw reply text, to check a lenient reading of malformed XML. */
	raw: string;
	wellFormed: boolean;
	problem?: string;
}

/** `<message>` of tools/sendSMS. */
export interface MessangiMessage {
	id?: string;
	carrier?: string;
	from?: string;
	to?: string;
	text?: string;
	status?: string;
	statusDescription?: string;
	encoding?: string;
	date?: string;
	timezone?: string;
	clientId?: string;
}

/** `<MOMessage>` of tools/getMOMessages: an incoming message. MOs carry no id. */
export interface IncomingMessage {
	from: string;
	to: string;
	text: string;
	keyword: string;
	carrier: string;
	encoding: string;
	sendDate: string;
}

/**
 * Message statuses that mean the SMS was not sent (PROVIDER.md lists the values seen; the set is
 * open, so any other value is passed through as `providerStatus` without failing the row).
 */
export const FAILED_MESSAGE_STATUSES: Record<string, string> = {
	NOT_SENT: 'Messangi did not send the message',
	BAD_FROM: 'Messangi refused the sender: use a short or long code assigned to your Messangi account',
	BAD_TO: 'Messangi refused the recipient number: use the full international number',
	BAD_ENCODING: 'Messangi could not encode the text for this carrier',
	'BAD_CARRIER/FROM': 'Messangi refused the carrier and sender combination: leave Carrier empty to let the platform choose, or check the carrier name',
	BAD_CARRIER: 'Messangi refused the carrier: leave Carrier empty to let the platform choose, or check the carrier name',
	BAD_TIMEZONE: 'Messangi refused the time zone of the message',
	NOT_ENOUGH_FUNDS: 'The Messangi account has not enough funds: top it up, then send again',
	UNREACHABLE: 'The recipient is unreachable',
	EXPIRED: 'The message expired before it could be delivered',
	UNDELIVERED: 'The message could not be delivered',
};
