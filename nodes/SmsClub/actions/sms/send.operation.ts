import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, optionsProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { requireMessage } from '../../../shared/template';
import { readRecipients, readSender, senderProperty } from '../common';
import { deliver, type SmsClubSend } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['send'] };

/** The `options` collection of send and sendBulk. */
export function sendOptions(show: Record<string, string[]>): INodeProperties {
	return optionsProperty(show, [
		{
			displayName: 'Integration ID',
			name: 'integrationId',
			type: 'string',
			default: '',
			description: "SMSClub's referral integration ID; leave empty unless you use their referral system",
		},
	]);
}

export const description: INodeProperties[] = [
	toProperty(show),
	messageProperty(show),
	senderProperty(show),
	sendOptions(show),
];

/** What send and sendBulk read from an item. */
export function readSend(ctx: IExecuteFunctions, itemIndex: number): SmsClubSend {
	return {
		to: readRecipients(ctx, itemIndex),
		message: requireMessage(itemParameter(ctx, 'message', itemIndex)),
		sender: readSender(ctx, itemIndex),
		integrationId: (itemParameter(ctx, 'options.integrationId', itemIndex, '') as string) || undefined,
	};
}

export const send = sendOperation(description, 'single', {
	read: readSend,
	deliver: (ctx, value, recipients) => deliver(ctx, recipients, value.sender, { personalized: false, integrationId: value.integrationId }),
});
