import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import type { BatchOperation } from '../../../shared/router';
import { requireMessage } from '../../../shared/template';
import { carrierProperty, readCarrier, readRecipients, readSender, senderProperty } from '../common';
import { concurrencyOption, deliver, readConcurrency, type Outgoing } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendBulk'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Sends one message to the recipients of all input items. Messangi takes one number per request, so requests run a few at a time (see Options). A number that appears twice is sent once. Outputs one item per recipient.',
		name: 'sendBulkNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	toProperty(show, 'Recipient number(s) of each input item, usually an expression such as {{ $json.phone }}. Several per item: separate them with commas, semicolons or new lines.'),
	messageProperty(show),
	senderProperty(show),
	carrierProperty(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [concurrencyOption],
	},
];

interface Prepared {
	to: string[];
	message: string;
	sender: string;
	carrier: string;
	concurrency: number;
}

/** tools/sendSMS for every recipient of every item, with bounded concurrency. */
export const sendBulk: BatchOperation<Prepared> = {
	description,
	sends: true,
	prepare(this: IExecuteFunctions, itemIndex: number) {
		return {
			to: readRecipients(this, itemIndex),
			message: requireMessage(itemParameter(this, 'message', itemIndex)),
			sender: readSender(this, itemIndex),
			carrier: readCarrier(this, itemIndex),
			concurrency: readConcurrency(this, itemIndex),
		};
	},
	async run(this: IExecuteFunctions, prepared) {
		// Items normally share one text; should an expression make them differ, a number is
		// still sent once per distinct text, sender and carrier.
		const seen = new Set<string>();
		const outgoing: Outgoing[] = [];
		for (const { itemIndex, value } of prepared) {
			for (const to of value.to) {
				const key = JSON.stringify([to, value.message, value.sender, value.carrier]);
				if (seen.has(key)) continue;
				seen.add(key);
				outgoing.push({ itemIndex, to, message: value.message, sender: value.sender, carrier: value.carrier });
			}
		}
		return deliver(this, 'sendSMS', outgoing, prepared[0].value.concurrency);
	},
};
