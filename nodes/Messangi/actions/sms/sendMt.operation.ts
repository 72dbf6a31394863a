import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PARALLEL_REQUESTS, messageProperty, noticeProperty, optionsProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { requireMessage } from '../../../shared/template';
import { carrierProperty, readCarrier, readFlags, readRecipients, readSender, senderProperty } from '../common';
import { deliver } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendMt'] };

export const description: INodeProperties[] = [
	noticeProperty('sendMtNotice', show, 'Sends through the Campaign Manager (sendMT). Messangi answers only OK here: the output has no message ID.'),
	toProperty(show),
	messageProperty(show),
	senderProperty(show),
	carrierProperty(show, "The recipient's mobile operator ID in the Campaign Manager. Leave empty to let the Campaign Manager look for a suitable carrier."),
	optionsProperty(show, [
		{
			displayName: 'Flags',
			name: 'flags',
			type: 'string',
			default: '',
			description: 'Additional flags for a Campaign Manager backend job. When set, the message is sent with "Send SMS With Flags".',
		},
	]),
];

/** sendMT, or sendMT with flags when `options.flags` is set. */
export const sendMt = sendOperation(description, 'single', {
	read: (ctx: IExecuteFunctions, itemIndex: number) => ({
		to: readRecipients(ctx, itemIndex),
		message: requireMessage(itemParameter(ctx, 'message', itemIndex)),
		sender: readSender(ctx, itemIndex),
		carrier: readCarrier(ctx, itemIndex),
		flags: readFlags(ctx, itemIndex),
	}),
	deliver: (ctx, _value, recipients) => deliver(ctx, 'sendMT', recipients, DEFAULT_PARALLEL_REQUESTS),
});
