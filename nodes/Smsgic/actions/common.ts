import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { senderListProperty } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { parsePhoneList } from '../../shared/phone';
import { formatInZone, parseDateTime } from '../../shared/time';
import { GATEWAY_TIME_ZONE, toId } from '../transport';
import { itemParameter } from '../../shared/parameters';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

export function senderProperty(show: Show): INodeProperties {
	return senderListProperty(show, 'Sender name the SMS comes from: the default sender or one approved on your SMSgic account');
}

export const scheduleAtOption: INodeProperties = {
	displayName: 'Schedule At',
	name: 'scheduleAt',
	type: 'dateTime',
	default: '',
	description:
		"When SMSgic should send the message instead of now. A time without an offset is read in the workflow's time zone; it is sent to SMSgic converted to UTC (SMSgic does not publish its time zone, and its own timestamps are UTC).",
};

/**
 * SMSgic accepts recipients matching /^\d{8,20}$/ (smsgic.txt): international format, digits
 * only. A number listed twice in one item is sent once.
 */
export function readRecipients(ctx: IExecuteFunctions, itemIndex: number, field = 'to'): string[] {
	return parsePhoneList(itemParameter(ctx, field, itemIndex), { field, minDigits: 8, maxDigits: 20, pattern: SMSGIC_NUMBER, dedupe: true });
}

const SMSGIC_NUMBER = { regex: /^\d{8,20}$/, hint: 'is not a number SMSgic accepts (8 to 20 digits in international format).' };

export function readSender(ctx: IExecuteFunctions, itemIndex: number): string {
	const sender = String(itemParameter(ctx, 'sender', itemIndex, '') ?? '').trim();
	if (!sender) throw new InputError('No sender is set. Choose the default sender or one approved on your SMSgic account in "Sender Name or ID".', 'sender');
	return sender;
}

export interface Schedule {
	/** SMSgic's `scheduled_at`: `Y-m-d H:i:s` in the gateway's zone. */
	gateway: string;
	/** The same instant, for the output (ISO, UTC). */
	iso: string;
}

/** `options.scheduleAt`, read in the workflow's time zone, or undefined when not set. */
export function readSchedule(ctx: IExecuteFunctions, itemIndex: number): Schedule | undefined {
	const value = itemParameter(ctx, 'options.scheduleAt', itemIndex, '') as unknown;
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	const instant = parseDateTime(value, ctx.getTimezone(), 'options.scheduleAt');
	return { gateway: formatInZone(instant, GATEWAY_TIME_ZONE), iso: instant.toISOString().replace('.000Z', 'Z') };
}

/** A sending id typed by a user or mapped from a Send output. */
export function readSendingId(ctx: IExecuteFunctions, itemIndex: number): number | string {
	const raw = itemParameter(ctx, 'sendingId', itemIndex, '') as unknown;
	const text = String(raw ?? '').trim();
	if (!text) throw new InputError('No sending ID given in "sendingId". Use the sendingId output by a Send operation.', 'sendingId');
	if (!/^\d+$/.test(text)) throw new InputError(`"${text}" in "sendingId" is not an SMSgic sending ID (they are whole numbers, e.g. 458).`, 'sendingId');
	return toId(text) as number | string;
}
