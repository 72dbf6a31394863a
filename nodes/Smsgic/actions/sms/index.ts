import { resource } from '../../../shared/resources';
import { getAll } from './getAll.operation';
import { getCost } from './getCost.operation';
import { getStatus } from './getStatus.operation';
import { preview } from './preview.operation';
import { send } from './send.operation';
import { sendBulk } from './sendBulk.operation';

/** SMS: the operations of this resource, with their lines in the Operation list (nodes/shared/resources.ts). */
export const sms = resource('SMS', 'send', {
	send: { name: 'Send', description: 'Send a message to the number(s) of each item, one sending per item', action: 'Send an SMS', run: send },
	sendBulk: { name: 'Send Bulk', description: 'Send one message to the recipients of all items as one sending', action: 'Send an SMS in bulk', run: sendBulk },
	preview: { name: 'Preview Message', description: 'Show the parts, encoding and Unicode characters of a text, without sending it', action: 'Preview a message', run: preview },
	getCost: { name: 'Get Cost', description: 'Calculate what a message to the given numbers would cost, without sending', action: 'Get the cost of an SMS', run: getCost },
	getStatus: { name: 'Get Status', description: 'Get the status of a sending', action: 'Get the status of a sending', run: getStatus },
	getAll: { name: 'Get Many', description: 'List the sendings of the account', action: 'Get many sendings', run: getAll },
});
