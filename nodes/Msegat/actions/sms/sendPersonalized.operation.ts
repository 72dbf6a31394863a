import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, personalizedMessageDescription, toProperty } from '../../../shared/descriptions';
import type { BatchOperation, PairedRow } from '../../../shared/router';
import { fillTemplate, placeholdersOf, requireMessage } from '../../../shared/template';
import { readRecipients, readSendSettings, readSender, senderProperty, sendOptions, type SendSettings } from '../common';
import { deliver, type Outgoing } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendPersonalized'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Each input item is one recipient with its own text. Msegat fills the {placeholders} from each item\'s fields; all items go out in as few requests as Msegat allows. Outputs one item per recipient.',
		name: 'sendPersonalizedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	toProperty(show, "The input item's phone number, usually an expression such as {{ $json.phone }}"),
	messageProperty(show, personalizedMessageDescription),
	senderProperty(show),
	sendOptions(show, true),
];

interface Prepared {
	to: string[];
	template: string;
	message: string;
	vars: Record<string, string>;
	settings: SendSettings;
}

/** The item's value for each placeholder, as the text the recipient will read. */
function varsFor(template: string, fields: IDataObject): Record<string, string> {
	const vars: Record<string, string> = {};
	for (const name of placeholdersOf(template)) {
		const value = fields[name];
		vars[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
	}
	return vars;
}

export const sendPersonalized: BatchOperation<Prepared> = {
	description,
	sends: true,
	prepare(this: IExecuteFunctions, itemIndex: number) {
		// The raw template (placeholders unresolved by n8n) is sent once per request; Msegat fills
		// it from `vars`. Filling it here too checks every placeholder and counts the parts.
		const template = requireMessage(itemParameter(this, 'message', itemIndex));
		const json = this.getInputData()[itemIndex]?.json ?? ({} as IDataObject);
		const message = requireMessage(fillTemplate(template, json));
		const settings = readSendSettings(this, itemIndex, readSender(this, itemIndex));
		return { to: readRecipients(this, itemIndex, { dedupe: true }), template, message, vars: varsFor(template, json), settings };
	},
	async run(this: IExecuteFunctions, prepared) {
		const groups = new Map<string, { template: string; settings: SendSettings; outgoing: Outgoing[] }>();
		for (const { itemIndex, value } of prepared) {
			const key = JSON.stringify([value.template, value.settings]);
			let group = groups.get(key);
			if (!group) {
				group = { template: value.template, settings: value.settings, outgoing: [] };
				groups.set(key, group);
			}
			for (const to of value.to) group.outgoing.push({ itemIndex, to, message: value.message, vars: value.vars });
		}
		const rows: PairedRow[] = [];
		for (const group of groups.values()) {
			rows.push(...(await deliver(this, group.outgoing, group.settings, { personalized: true, template: group.template })));
		}
		return rows;
	},
};
