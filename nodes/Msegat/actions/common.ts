import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { batchSizeOption, optionsProperty, parallelRequestsOption, senderListProperty } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { parsePhoneList } from '../../shared/phone';
import { formatInZone, parseDateTime } from '../../shared/time';
import { checkedParameter, itemParameter, parallelRequests, wholeNumberParameter } from '../../shared/parameters';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

/** Msegat's free test sender: sends only one-time-code texts, needs no activation. */
export const FREE_OTP_SENDER = 'auth-mseg';

/**
 * Msegat does not publish the time zone of `exactTime`. It is a Saudi gateway, so the node
 * assumes Saudi time; the field hint says so.
 */
export const GATEWAY_TIME_ZONE = 'Asia/Riyadh';

/** Numbers per sendsms.php / sendVars.php request. Msegat publishes no limit (M0040 says when one is hit). */
export const DEFAULT_BATCH_SIZE = 500;

export function senderProperty(show: Show): INodeProperties {
	return senderListProperty(show, 'Sender name activated on your Msegat account, or auth-mseg (free test sender for one-time codes only)');
}

/** Msegat numbers: international format with country code, digits only, no leading zeros. */
export function readRecipients(ctx: IExecuteFunctions, itemIndex: number, options: { field?: string; dedupe?: boolean } = {}): string[] {
	const field = options.field ?? 'to';
	return parsePhoneList(itemParameter(ctx, field, itemIndex), { field, minDigits: 8, maxDigits: 15, dedupe: options.dedupe ?? true, pattern: NO_LEADING_ZERO });
}

const NO_LEADING_ZERO = {
	regex: /^[1-9]/,
	hint: 'starts with 0: Msegat needs the international format with the country code and no leading zeros, e.g. 966501234567 instead of 0501234567.',
};

/** A sender name Msegat accepts: at most 11 English letters or digits, or the free test sender. */
export function validateSender(raw: unknown, field = 'sender'): string {
	const sender = String(raw ?? '').trim();
	if (!sender) throw new InputError('No sender name is set. Choose one of your Msegat sender names in "Sender Name or ID" (or auth-mseg for free OTP tests).', field);
	if (sender.toLowerCase() === FREE_OTP_SENDER) return FREE_OTP_SENDER;
	if (!/^[A-Za-z0-9]{1,11}$/.test(sender)) {
		throw new InputError(
			`"${sender}" is not a valid Msegat sender name: it may contain only English letters and digits, at most 11 characters (or be auth-mseg, the free OTP test sender).`,
			field,
		);
	}
	return sender;
}

export function readSender(ctx: IExecuteFunctions, itemIndex: number): string {
	return checkedParameter(ctx, 'sender', itemIndex, '', validateSender);
}

export type MsegatEncoding = 'UTF8' | 'windows-1256';

export interface SendSettings {
	sender: string;
	encoding: MsegatEncoding;
	/** `yyyy-MM-dd HH:mm:ss` in GATEWAY_TIME_ZONE, when the send is scheduled. */
	exactTime?: string;
	/** The scheduled instant (ISO, UTC), shown in the output. */
	scheduledAt?: string;
	/** Unset: let Msegat apply its default (filter duplicates). */
	filterDuplicates?: boolean;
	batchSize: number;
	/** Requests of a bulk send at the same time. */
	concurrency: number;
}

/** The `options` collection of the send operations. `batch` adds the Batch Size option. */
export function sendOptions(show: Show, batch: boolean): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Encoding',
			name: 'encoding',
			type: 'options',
			options: [
				{ name: 'UTF-8', value: 'UTF8' },
				{ name: 'Windows-1256 (Arabic)', value: 'windows-1256' },
			],
			default: 'UTF8',
			description: 'Character set Msegat reads the text in. Keep UTF-8 unless Msegat support asks otherwise.',
		},
		{
			displayName: 'Filter Duplicates',
			name: 'filterDuplicates',
			type: 'boolean',
			default: true,
			description: 'Whether a number listed more than once receives the message only once',
		},
		{
			displayName: 'Schedule At',
			name: 'scheduleAt',
			type: 'dateTime',
			default: '',
			description: `Send at this date and time instead of now. A value without a time zone is read in the workflow's time zone and converted to Saudi Arabia time (${GATEWAY_TIME_ZONE}, UTC+3), which this node assumes Msegat uses because Msegat does not publish it.`,
		},
	];
	if (batch) {
		options.unshift(
			batchSizeOption(
				DEFAULT_BATCH_SIZE,
				'Most numbers per request to Msegat. Msegat publishes no limit; when it answers that a request has too many numbers (M0040), the node splits that request and carries on.',
			),
			parallelRequestsOption(
				'How many requests (batches) run at the same time. If Msegat answers "too many requests", every request pauses as long as it asks, then goes on.',
			),
		);
	}
	return optionsProperty(show, options);
}

/** Reads and checks the send options of one item; a schedule in the past is refused. */
export function readSendSettings(ctx: IExecuteFunctions, itemIndex: number, sender: string, now = Date.now()): SendSettings {
	const encoding = itemParameter(ctx, 'options.encoding', itemIndex, 'UTF8') as string;
	if (encoding !== 'UTF8' && encoding !== 'windows-1256') {
		throw new InputError(`"${encoding}" is not an encoding Msegat knows. Choose UTF-8 or Windows-1256.`, 'options.encoding');
	}
	// null, not undefined: n8n throws for a missing parameter whose fallback is undefined.
	const filter = itemParameter(ctx, 'options.filterDuplicates', itemIndex, null) as boolean | null;
	const batchSize = wholeNumberParameter(ctx, 'options.batchSize', itemIndex, { label: 'Batch Size', fallback: DEFAULT_BATCH_SIZE, min: 1 });
	const concurrency = parallelRequests(ctx, itemIndex);
	const settings: SendSettings = { sender, encoding, batchSize, concurrency, filterDuplicates: typeof filter === 'boolean' ? filter : undefined };

	const scheduleAt = itemParameter(ctx, 'options.scheduleAt', itemIndex, '') as unknown;
	if (scheduleAt !== '' && scheduleAt !== undefined && scheduleAt !== null) {
		const when = parseDateTime(scheduleAt, ctx.getTimezone(), 'options.scheduleAt');
		if (when.getTime() < now - 60_000) {
			throw new InputError(
				`"Schedule At" (${when.toISOString()}) is in the past. Choose a future time, or remove the option to send now.`,
				'options.scheduleAt',
			);
		}
		settings.exactTime = formatInZone(when, GATEWAY_TIME_ZONE);
		settings.scheduledAt = when.toISOString();
	}
	return settings;
}

/** Fields every send request carries. */
export function sendFields(settings: SendSettings): Record<string, string> {
	const fields: Record<string, string> = { userSender: settings.sender, msgEncoding: settings.encoding, reqBulkId: 'true' };
	if (settings.exactTime) {
		fields.timeToSend = 'later';
		fields.exactTime = settings.exactTime;
	}
	if (settings.filterDuplicates !== undefined) fields.reqFilter = String(settings.filterDuplicates);
	return fields;
}

/** `en`/`ar` (the node's values) as Msegat's `En`/`Ar`. */
export function otpLanguage(ctx: IExecuteFunctions, itemIndex: number): 'En' | 'Ar' {
	const language = String(itemParameter(ctx, 'options.language', itemIndex, 'en') ?? 'en').toLowerCase();
	if (language !== 'en' && language !== 'ar') {
		throw new InputError(`"${language}" is not a language Msegat's OTP service knows. Use en or ar.`, 'options.language');
	}
	return language === 'ar' ? 'Ar' : 'En';
}

export function otpOptions(show: Show): INodeProperties {
	return optionsProperty(show, [
		{
			displayName: 'Language',
			name: 'language',
			type: 'options',
			options: [
				{ name: 'Arabic', value: 'ar' },
				{ name: 'English', value: 'en' },
			],
			default: 'en',
			description: 'Language of the text Msegat writes around the code, and of its answers',
		},
	]);
}
