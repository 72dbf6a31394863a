import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import type { BatchOperation, PairedRow } from '../../../shared/router';
import { requireMessage } from '../../../shared/template';
import { readRecipients, readSender, senderProperty } from '../common';
import { deliver, type Outgoing } from './deliver';
import { sendOptions } from './send.operation';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendBulk'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Sends one message to the recipients of all input items, in requests of up to 100 numbers. A number that appears twice is sent once. Outputs one item per recipient.',
		name: 'sendBulkNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	toProperty(show, 'Recipient number(s) of each input item, usually an expression such as {{ $json.phone }}. Several per item: separate them with commas, semicolons or new lines.'),
	messageProperty(show),
	senderProperty(show),
	sendOptions(show),
];

interface Prepared {
	to: string[];
	message: string;
	sender: string;
	integrationId?: string;
}

export const sendBulk: BatchOperation<Prepared> = {
	description,
	sends: true,
	prepare(this: IExecuteFunctions, itemIndex: number) {
		return {
			to: readRecipients(this, itemIndex),
			message: requireMessage(itemParameter(this, 'message', itemIndex)),
			sender: readSender(this, itemIndex),
			integrationId: (itemParameter(this, 'options.integrationId', itemIndex, '') as string) || undefined,
		};
	},
	async run(this: IExecuteFunctions, prepared) {
		// Items normally share one text and sender; should an expression make them differ, each
		// distinct combination is still sent in the fewest requests.
		const groups = new Map<string, { sender: string; integrationId?: string; outgoing: Outgoing[]; seen: Set<string> }>();
		for (const { itemIndex, value } of prepared) {
			const key = JSON.stringify([value.message, value.sender, value.integrationId ?? '']);
			let group = groups.get(key);
			if (!group) {
				group = { sender: value.sender, integrationId: value.integrationId, outgoing: [], seen: new Set() };
				groups.set(key, group);
			}
			for (const to of value.to) {
				if (group.seen.has(to)) continue;
				group.seen.add(to);
				group.outgoing.push({ itemIndex, to, message: value.message });
			}
		}
		const rows: PairedRow[] = [];
		for (const group of groups.values()) {
			rows.push(...(await deliver(this, group.outgoing, group.sender, { personalized: false, integrationId: group.integrationId })));
		}
		return rows;
	},
};
