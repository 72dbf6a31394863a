import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import type { BatchOperation, PairedRow } from '../../../shared/router';
import { requireMessage } from '../../../shared/template';
import { readRecipients, readSendSettings, readSender, senderProperty, sendOptions, type SendSettings } from '../common';
import { deliver, type Outgoing } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendBulk'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Sends one message to the recipients of all input items, in as few requests as Msegat allows (see Batch Size in the options). A number that appears twice is sent once. Outputs one item per recipient.',
		name: 'sendBulkNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	toProperty(show, 'Recipient number(s) of each input item, usually an expression such as {{ $json.phone }}. Several per item: separate them with commas, semicolons or new lines.'),
	messageProperty(show),
	senderProperty(show),
	sendOptions(show, true),
];

interface Prepared {
	to: string[];
	message: string;
	settings: SendSettings;
}

export const sendBulk: BatchOperation<Prepared> = {
	description,
	sends: true,
	prepare(this: IExecuteFunctions, itemIndex: number) {
		const message = requireMessage(itemParameter(this, 'message', itemIndex));
		const settings = readSendSettings(this, itemIndex, readSender(this, itemIndex));
		return { to: readRecipients(this, itemIndex, { dedupe: settings.filterDuplicates !== false }), message, settings };
	},
	async run(this: IExecuteFunctions, prepared) {
		// Items normally share one text and settings; should expressions make them differ, each
		// distinct combination is still sent in the fewest requests.
		const groups = new Map<string, { settings: SendSettings; message: string; outgoing: Outgoing[]; seen: Set<string> }>();
		for (const { itemIndex, value } of prepared) {
			const key = JSON.stringify([value.message, value.settings]);
			let group = groups.get(key);
			if (!group) {
				group = { settings: value.settings, message: value.message, outgoing: [], seen: new Set() };
				groups.set(key, group);
			}
			for (const to of value.to) {
				if (value.settings.filterDuplicates !== false) {
					if (group.seen.has(to)) continue;
					group.seen.add(to);
				}
				group.outgoing.push({ itemIndex, to, message: value.message });
			}
		}
		const rows: PairedRow[] = [];
		for (const group of groups.values()) {
			rows.push(...(await deliver(this, group.outgoing, group.settings, { personalized: false, message: group.message })));
		}
		return rows;
	},
};
