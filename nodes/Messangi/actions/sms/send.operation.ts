import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { requireMessage } from '../../../shared/template';
import { carrierProperty, readCarrier, readRecipients, readSender, senderProperty } from '../common';
import { DEFAULT_CONCURRENCY, deliver } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['send'] };

export const description: INodeProperties[] = [
	toProperty(show),
	messageProperty(show),
	senderProperty(show),
	carrierProperty(show),
];

/** tools/sendSMS: one request per number; the output carries Messangi's message id and status. */
export const send: ItemOperation = {
	description,
	sends: true,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const to = readRecipients(this, itemIndex);
		const message = requireMessage(itemParameter(this, 'message', itemIndex));
		const sender = readSender(this, itemIndex);
		const carrier = readCarrier(this, itemIndex);
		const rows = await deliver(
			this,
			'sendSMS',
			to.map((number) => ({ itemIndex, to: number, message, sender, carrier })),
			DEFAULT_CONCURRENCY,
		);
		return rows.map((row) => row.json);
	},
};
