import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PARALLEL_REQUESTS, noticeProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { requireMessage } from '../../../shared/template';
import { carrierProperty, readCarrier, readRecipients, readSender, senderProperty } from '../common';
import { deliver } from '../sms/deliver';
import { itemParameter, wholeNumberParameter } from '../../../shared/parameters';

const show = { resource: ['otp'], operation: ['send'] };

export const MIN_PIN_LENGTH = 4;
export const MAX_PIN_LENGTH = 10;

export const description: INodeProperties[] = [
	noticeProperty('otpNotice', show, 'Messangi generates the PIN and sends it by SMS. The PIN is in the output field "pin", so a later step (e.g. an IF node) can compare it with what the user types. Treat the output as secret.'),
	toProperty(show, 'The mobile number to verify, in international format'),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 3 },
		placeholder: 'Your verification code',
		description: 'Text of the SMS that carries the PIN. Messangi adds the generated PIN; the PIN is also returned in the output field "pin".',
		displayOptions: { show },
	},
	senderProperty(show),
	carrierProperty(show),
	{
		displayName: 'PIN Length',
		name: 'length',
		type: 'number',
		default: 6,
		typeOptions: { minValue: MIN_PIN_LENGTH, maxValue: MAX_PIN_LENGTH },
		description: `How many characters the PIN has (${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH})`,
		displayOptions: { show },
	},
];

export function readPinLength(ctx: IExecuteFunctions, itemIndex: number): number {
	return wholeNumberParameter(ctx, 'length', itemIndex, { label: 'PIN Length', fallback: 6, min: MIN_PIN_LENGTH, max: MAX_PIN_LENGTH });
}

/** tools/sendSMSPinMobileNumberConfirm: one PIN per number, returned in `pin`. */
export const send = sendOperation(description, 'single', {
	read: (ctx: IExecuteFunctions, itemIndex: number) => ({
		to: readRecipients(ctx, itemIndex),
		message: requireMessage(itemParameter(ctx, 'message', itemIndex)),
		sender: readSender(ctx, itemIndex),
		carrier: readCarrier(ctx, itemIndex),
		pinLength: readPinLength(ctx, itemIndex),
	}),
	deliver: (ctx, _value, recipients) => deliver(ctx, 'pin', recipients, DEFAULT_PARALLEL_REQUESTS),
});
