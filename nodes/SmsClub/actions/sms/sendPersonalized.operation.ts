import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, noticeProperty, personalizedMessageDescription, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { fillTemplate, requireMessage } from '../../../shared/template';
import { readRecipients, readSender, senderProperty } from '../common';
import { deliver } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendPersonalized'] };

export const description: INodeProperties[] = [
	noticeProperty('sendPersonalizedNotice', show, 'Each input item is one recipient with its own text. All items are sent in requests of up to 100 recipients. Outputs one item per recipient.'),
	toProperty(show, "The input item's phone number, usually an expression such as {{ $json.phone }}"),
	messageProperty(show, personalizedMessageDescription),
	senderProperty(show),
];

// All items with one sender go out together, each with its own text.
export const sendPersonalized = sendOperation(description, 'personalized', {
	read(ctx: IExecuteFunctions, itemIndex: number) {
		// The raw template (placeholders unresolved by n8n) is filled from the item's own fields.
		const template = requireMessage(itemParameter(ctx, 'message', itemIndex));
		const json = ctx.getInputData()[itemIndex]?.json ?? ({} as IDataObject);
		return {
			to: readRecipients(ctx, itemIndex),
			message: requireMessage(fillTemplate(template, json)),
			sender: readSender(ctx, itemIndex),
		};
	},
	deliver: (ctx, value, recipients) => deliver(ctx, recipients, value.sender, { personalized: true }),
});
