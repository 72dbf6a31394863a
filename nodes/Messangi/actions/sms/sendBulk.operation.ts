import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { BULK_TO_DESCRIPTION, messageProperty, noticeProperty, optionsProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { requireMessage } from '../../../shared/template';
import { carrierProperty, readCarrier, readRecipients, readSender, senderProperty } from '../common';
import { concurrencyOption, deliver } from './deliver';
import { itemParameter, parallelRequests } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendBulk'] };

export const description: INodeProperties[] = [
	noticeProperty('sendBulkNotice', show, 'Sends one message to the recipients of all input items. Messangi takes one number per request, so requests run a few at a time (see Options). A number that appears twice is sent once. Outputs one item per recipient.'),
	toProperty(show, BULK_TO_DESCRIPTION),
	messageProperty(show),
	senderProperty(show),
	carrierProperty(show),
	optionsProperty(show, [concurrencyOption]),
];

/**
 * tools/sendSMS for every recipient of every item, with bounded concurrency. Items normally share
 * one text; should an expression make them differ, a number is still sent once per distinct
 * text, sender and carrier.
 */
export const sendBulk = sendOperation(description, 'bulk', {
	read: (ctx: IExecuteFunctions, itemIndex: number) => ({
		to: readRecipients(ctx, itemIndex),
		message: requireMessage(itemParameter(ctx, 'message', itemIndex)),
		sender: readSender(ctx, itemIndex),
		carrier: readCarrier(ctx, itemIndex),
		concurrency: parallelRequests(ctx, itemIndex),
	}),
	sharedBy: (value) => [value.message, value.sender, value.carrier],
	deliver: (ctx, value, recipients) => deliver(ctx, 'sendSMS', recipients, value.concurrency),
});
