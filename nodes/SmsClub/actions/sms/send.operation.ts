import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { requireMessage } from '../../../shared/template';
import { readRecipients, readSender, senderProperty } from '../common';
import { deliver } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['send'] };

/** The `options` collection of send and sendBulk. */
export function sendOptions(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Integration ID',
				name: 'integrationId',
				type: 'string',
				default: '',
				description: "SMSClub's referral integration ID; leave empty unless you use their referral system",
			},
		],
	};
}

export const description: INodeProperties[] = [
	toProperty(show),
	messageProperty(show),
	senderProperty(show),
	sendOptions(show),
];

export const send: ItemOperation = {
	description,
	sends: true,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const to = readRecipients(this, itemIndex);
		const message = requireMessage(itemParameter(this, 'message', itemIndex));
		const sender = readSender(this, itemIndex);
		const integrationId = (itemParameter(this, 'options.integrationId', itemIndex, '') as string) || undefined;
		const rows = await deliver(
			this,
			to.map((number) => ({ itemIndex, to: number, message })),
			sender,
			{ personalized: false, integrationId },
		);
		return rows.map((row) => row.json);
	},
};
