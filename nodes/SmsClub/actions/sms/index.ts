import { resource } from '../../../shared/resources';
import { getStatus } from './getStatus.operation';
import { preview } from './preview.operation';
import { send } from './send.operation';
import { sendBulk } from './sendBulk.operation';
import { sendPersonalized } from './sendPersonalized.operation';

/** SMS: the operations of this resource, with their lines in the Operation list (nodes/shared/resources.ts). */
export const sms = resource('SMS', 'send', {
	send: { name: 'Send', description: 'Send a message to the number(s) of each item', action: 'Send an SMS', run: send },
	sendBulk: { name: 'Send Bulk', description: 'Send one message to the recipients of all items, 100 numbers per request', action: 'Send an SMS in bulk', run: sendBulk },
	sendPersonalized: { name: 'Send Personalized', description: 'Send each item its own text filled from its fields', action: 'Send personalized SMS', run: sendPersonalized },
	preview: { name: 'Preview Message', description: 'Show the parts, encoding and Unicode characters of a text, without sending it', action: 'Preview a message', run: preview },
	getStatus: { name: 'Get Status', description: 'Get the delivery status of sent messages', action: 'Get delivery status', run: getStatus },
});
