import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, personalizedMessageDescription, toProperty } from '../../../shared/descriptions';
import type { BatchOperation, PairedRow } from '../../../shared/router';
import { fillTemplate, requireMessage } from '../../../shared/template';
import { readRecipients, readSender, senderProperty } from '../common';
import { deliver, type Outgoing } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendPersonalized'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Each input item is one recipient with its own text. All items are sent in requests of up to 100 recipients. Outputs one item per recipient.',
		name: 'sendPersonalizedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	toProperty(show, "The input item's phone number, usually an expression such as {{ $json.phone }}"),
	messageProperty(show, personalizedMessageDescription),
	senderProperty(show),
];

interface Prepared {
	to: string[];
	message: string;
	sender: string;
}

export const sendPersonalized: BatchOperation<Prepared> = {
	description,
	sends: true,
	prepare(this: IExecuteFunctions, itemIndex: number) {
		// The raw template (placeholders unresolved by n8n) is filled from the item's own fields.
		const template = requireMessage(itemParameter(this, 'message', itemIndex));
		const json = this.getInputData()[itemIndex]?.json ?? ({} as IDataObject);
		return {
			to: readRecipients(this, itemIndex),
			message: requireMessage(fillTemplate(template, json)),
			sender: readSender(this, itemIndex),
		};
	},
	async run(this: IExecuteFunctions, prepared) {
		const bySender = new Map<string, Outgoing[]>();
		for (const { itemIndex, value } of prepared) {
			const list = bySender.get(value.sender) ?? [];
			for (const to of value.to) list.push({ itemIndex, to, message: value.message });
			bySender.set(value.sender, list);
		}
		const rows: PairedRow[] = [];
		for (const [sender, outgoing] of bySender) {
			rows.push(...(await deliver(this, outgoing, sender, { personalized: true })));
		}
		return rows;
	},
};
