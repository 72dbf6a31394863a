import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { BULK_TO_DESCRIPTION, messageProperty, noticeProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { requireMessage } from '../../../shared/template';
import { readRecipients, readSendSettings, readSender, senderProperty, sendOptions } from '../common';
import { msegatBudget } from './budget';
import { deliver } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendBulk'] };

export const description: INodeProperties[] = [
	noticeProperty('sendBulkNotice', show, 'Sends one message to the recipients of all input items, in as few requests as Msegat allows (see Batch Size in the options). A number that appears twice is sent once. Outputs one item per recipient.'),
	toProperty(show, BULK_TO_DESCRIPTION),
	messageProperty(show),
	senderProperty(show),
	sendOptions(show, true),
];

// Items normally share one text and settings; should expressions make them differ, each distinct
// combination is still sent in the fewest requests. A number is sent once unless Filter
// Duplicates is off.
export const sendBulk = sendOperation(description, 'bulk', {
	read(ctx: IExecuteFunctions, itemIndex: number) {
		const message = requireMessage(itemParameter(ctx, 'message', itemIndex));
		const settings = readSendSettings(ctx, itemIndex, readSender(ctx, itemIndex));
		return { to: readRecipients(ctx, itemIndex, { dedupe: settings.filterDuplicates !== false }), message, settings };
	},
	dedupe: (value) => value.settings.filterDuplicates !== false,
	budget: msegatBudget(),
	deliver: (ctx, value, recipients) => deliver(ctx, recipients, value.settings, { personalized: false, message: value.message }),
});
