import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../shared/errors';
import { parsePhoneList } from '../../shared/phone';
import { itemParameter } from '../../shared/parameters';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

/** What Messangi reads in a path segment where an optional parameter is not used. */
export const UNUSED = 'null';

export function senderProperty(show: Show): INodeProperties {
	return {
		displayName: 'Sender',
		name: 'sender',
		type: 'string',
		default: '',
		required: true,
		placeholder: '19893653744',
		description: 'The short or long code the SMS comes from, one assigned to your Messangi account (ask Messangi support if you have none yet)',
		displayOptions: { show },
	};
}

export function carrierProperty(show: Show, description?: string): INodeProperties {
	return {
		displayName: 'Carrier',
		name: 'carrier',
		type: 'string',
		default: '',
		placeholder: 'Movistar',
		description: description ?? "The recipient's mobile operator as Messangi names it. Leave empty to let the platform choose one.",
		displayOptions: { show },
	};
}

/** Messangi numbers: international format, digits only. */
export function readRecipients(ctx: IExecuteFunctions, itemIndex: number, field = 'to'): string[] {
	return parsePhoneList(itemParameter(ctx, field, itemIndex), { field, minDigits: 7, maxDigits: 15, dedupe: true });
}

/**
 * A value that travels as one URL path segment. `.` and `..` would be read as "this folder" and
 * "parent folder" by every HTTP client on the way, so they cannot be sent.
 */
function pathValue(value: string, field: string, label: string): string {
	if (/^\.+$/.test(value)) throw new InputError(`"${value}" is not a valid ${label}.`, field);
	return value;
}

export function readSender(ctx: IExecuteFunctions, itemIndex: number): string {
	const sender = String(itemParameter(ctx, 'sender', itemIndex, '') ?? '').trim();
	if (!sender) {
		throw new InputError('No sender is set. Enter the short or long code assigned to your Messangi account in "Sender".', 'sender');
	}
	return pathValue(sender, 'sender', 'sender code');
}

/** An empty carrier lets the platform choose one: Messangi reads the literal `null`. */
export function readCarrier(ctx: IExecuteFunctions, itemIndex: number): string {
	const carrier = String(itemParameter(ctx, 'carrier', itemIndex, '') ?? '').trim();
	return carrier ? pathValue(carrier, 'carrier', 'carrier name') : UNUSED;
}

export function optionText(ctx: IExecuteFunctions, itemIndex: number, name: string): string {
	const value = itemParameter(ctx, `options.${name}`, itemIndex, '');
	return value === undefined || value === null ? '' : String(value).trim();
}

export function readFlags(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const flags = optionText(ctx, itemIndex, 'flags');
	return flags ? pathValue(flags, 'options.flags', 'flags value') : undefined;
}

/** Base64 of the UTF-8 bytes, as Messangi wants text (and, for tools/sendSMS, the number). */
export function base64(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64');
}
