import type { INodeProperties } from 'n8n-workflow';

import { BULK_TO_DESCRIPTION, messageProperty, noticeProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { senderProperty } from '../common';
import { deliver } from './deliver';
import { readSend, sendOptions } from './send.operation';

const show = { resource: ['sms'], operation: ['sendBulk'] };

export const description: INodeProperties[] = [
	noticeProperty('sendBulkNotice', show, 'Sends one message to the recipients of all input items, in requests of up to 100 numbers. A number that appears twice is sent once. Outputs one item per recipient.'),
	toProperty(show, BULK_TO_DESCRIPTION),
	messageProperty(show),
	senderProperty(show),
	sendOptions(show),
];

// Items normally share one text and sender; should an expression make them differ, each distinct
// combination is still sent in the fewest requests.
export const sendBulk = sendOperation(description, 'bulk', {
	read: readSend,
	deliver: (ctx, value, recipients) => deliver(ctx, recipients, value.sender, { personalized: false, integrationId: value.integrationId }),
});
