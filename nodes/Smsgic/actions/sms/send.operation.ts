import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, optionsProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { requireMessage } from '../../../shared/template';
import { readRecipients, readSchedule, readSender, scheduleAtOption, senderProperty } from '../common';
import { createSending } from './createSending';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['send'] };

export const description: INodeProperties[] = [
	toProperty(show),
	messageProperty(show),
	senderProperty(show),
	optionsProperty(show, [scheduleAtOption]),
];

/** Each item is one SMSgic sending to the number(s) in its `to`. */
export const send = sendOperation(description, 'single', {
	read: (ctx: IExecuteFunctions, itemIndex: number) => ({
		to: readRecipients(ctx, itemIndex),
		message: requireMessage(itemParameter(ctx, 'message', itemIndex)),
		sender: readSender(ctx, itemIndex),
		schedule: readSchedule(ctx, itemIndex),
	}),
	deliver: (ctx, value, recipients) => createSending(ctx, { message: value.message, sender: value.sender, schedule: value.schedule, recipients }),
});
