import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, noticeProperty, personalizedMessageDescription, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { fillTemplate, placeholdersOf, requireMessage } from '../../../shared/template';
import { readRecipients, readSendSettings, readSender, senderProperty, sendOptions } from '../common';
import { msegatBudget } from './budget';
import { deliver, type MsegatSend } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendPersonalized'] };

export const description: INodeProperties[] = [
	noticeProperty('sendPersonalizedNotice', show, 'Each input item is one recipient with its own text. Msegat fills the {placeholders} from each item\'s fields; all items go out in as few requests as Msegat allows. Outputs one item per recipient.'),
	toProperty(show, "The input item's phone number, usually an expression such as {{ $json.phone }}"),
	messageProperty(show, personalizedMessageDescription),
	senderProperty(show),
	sendOptions(show, true),
];

/** The item's value for each placeholder, as the text the recipient will read. */
function varsFor(template: string, fields: IDataObject): Record<string, string> {
	const vars: Record<string, string> = {};
	for (const name of placeholdersOf(template)) {
		const value = fields[name];
		vars[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
	}
	return vars;
}

// All items with one template and the same settings go out together; Msegat fills each
// recipient's text from its own values.
export const sendPersonalized = sendOperation(description, 'personalized', {
	read(ctx: IExecuteFunctions, itemIndex: number): MsegatSend & { template: string } {
		// The raw template (placeholders unresolved by n8n) is sent once per request; Msegat fills
		// it from `vars`. Filling it here too checks every placeholder and counts the parts.
		const template = requireMessage(itemParameter(ctx, 'message', itemIndex));
		const json = ctx.getInputData()[itemIndex]?.json ?? ({} as IDataObject);
		const message = requireMessage(fillTemplate(template, json));
		const settings = readSendSettings(ctx, itemIndex, readSender(ctx, itemIndex));
		return { to: readRecipients(ctx, itemIndex, { dedupe: true }), template, message, vars: varsFor(template, json), settings };
	},
	sharedBy: (value) => [value.template, value.settings],
	budget: msegatBudget(),
	// Msegat fills the template itself: what it receives (template and values) is what is replaced.
	smartEncoded: (value, replace) => ({
		...value,
		template: replace(value.template),
		vars: Object.fromEntries(Object.entries(value.vars ?? {}).map(([name, text]) => [name, replace(text)])),
	}),
	deliver: (ctx, value, recipients) => deliver(ctx, recipients, value.settings, { personalized: true, template: value.template }),
});
