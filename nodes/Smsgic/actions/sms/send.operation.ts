import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { requireMessage } from '../../../shared/template';
import { readRecipients, readSchedule, readSender, scheduleAtOption, senderProperty } from '../common';
import { createSending } from './createSending';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['send'] };

export const description: INodeProperties[] = [
	toProperty(show),
	messageProperty(show),
	senderProperty(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [scheduleAtOption],
	},
];

/** Each item is one SMSgic sending to the number(s) in its `to`. */
export const send: ItemOperation = {
	description,
	sends: true,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const to = readRecipients(this, itemIndex);
		const message = requireMessage(itemParameter(this, 'message', itemIndex));
		const sender = readSender(this, itemIndex);
		const schedule = readSchedule(this, itemIndex);
		const rows = await createSending(this, { message, sender, schedule, recipients: to.map((number) => ({ itemIndex, to: number })) });
		return rows.map((row) => row.json);
	},
};
