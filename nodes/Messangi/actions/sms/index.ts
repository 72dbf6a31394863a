import { resource } from '../../../shared/resources';
import { preview } from './preview.operation';
import { send } from './send.operation';
import { sendBulk } from './sendBulk.operation';
import { sendMt } from './sendMt.operation';

/** SMS: the operations of this resource, with their lines in the Operation list (nodes/shared/resources.ts). */
export const sms = resource('SMS', 'send', {
	send: { name: 'Send', description: 'Send a message to the number(s) of each item (tools/sendSMS)', action: 'Send an SMS', run: send },
	sendMt: { name: 'Send via Campaign Manager', description: 'Send through the Campaign Manager (sendMT), optionally with flags', action: 'Send an SMS via the campaign manager', run: sendMt },
	sendBulk: { name: 'Send Bulk', description: 'Send one message to the recipients of all items, several requests at a time', action: 'Send an SMS in bulk', run: sendBulk },
	preview: { name: 'Preview Message', description: 'Show the parts, encoding and Unicode characters of a text, without sending it', action: 'Preview a message', run: preview },
});
