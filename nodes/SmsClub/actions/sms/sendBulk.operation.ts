import type { INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { senderProperty } from '../common';
import { deliver } from './deliver';
import { readSend, sendOptions } from './send.operation';

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

// Items normally share one text and sender; should an expression make them differ, each distinct
// combination is still sent in the fewest requests.
export const sendBulk = sendOperation(description, 'bulk', {
	read: readSend,
	deliver: (ctx, value, recipients) => deliver(ctx, recipients, value.sender, { personalized: false, integrationId: value.integrationId }),
});
