import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { requireMessage } from '../../../shared/template';
import { carrierProperty, readCarrier, readFlags, readRecipients, readSender, senderProperty } from '../common';
import { DEFAULT_CONCURRENCY, deliver } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendMt'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Sends through the Campaign Manager (sendMT). Messangi answers only OK here: the output has no message ID.',
		name: 'sendMtNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	toProperty(show),
	messageProperty(show),
	senderProperty(show),
	carrierProperty(show, "The recipient's mobile operator ID in the Campaign Manager. Leave empty to let the Campaign Manager look for a suitable carrier."),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Flags',
				name: 'flags',
				type: 'string',
				default: '',
				description: 'Additional flags for a Campaign Manager backend job. When set, the message is sent with "Send SMS With Flags".',
			},
		],
	},
];

/** sendMT, or sendMT with flags when `options.flags` is set. */
export const sendMt: ItemOperation = {
	description,
	sends: true,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const to = readRecipients(this, itemIndex);
		const message = requireMessage(itemParameter(this, 'message', itemIndex));
		const sender = readSender(this, itemIndex);
		const carrier = readCarrier(this, itemIndex);
		const flags = readFlags(this, itemIndex);
		const rows = await deliver(
			this,
			'sendMT',
			to.map((number) => ({ itemIndex, to: number, message, sender, carrier, flags })),
			DEFAULT_CONCURRENCY,
		);
		return rows.map((row) => row.json);
	},
};
