import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PARALLEL_REQUESTS, messageProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { requireMessage } from '../../../shared/template';
import { carrierProperty, readCarrier, readRecipients, readSender, senderProperty } from '../common';
import { deliver } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['send'] };

export const description: INodeProperties[] = [
	toProperty(show),
	messageProperty(show),
	senderProperty(show),
	carrierProperty(show),
];

/** tools/sendSMS: one request per number; the output carries Messangi's message id and status. */
export const send = sendOperation(description, 'single', {
	read: (ctx: IExecuteFunctions, itemIndex: number) => ({
		to: readRecipients(ctx, itemIndex),
		message: requireMessage(itemParameter(ctx, 'message', itemIndex)),
		sender: readSender(ctx, itemIndex),
		carrier: readCarrier(ctx, itemIndex),
	}),
	deliver: (ctx, _value, recipients) => deliver(ctx, 'sendSMS', recipients, DEFAULT_PARALLEL_REQUESTS),
});
