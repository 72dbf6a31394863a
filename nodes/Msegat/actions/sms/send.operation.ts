import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { requireMessage } from '../../../shared/template';
import { DEFAULT_BATCH_SIZE, readRecipients, readSendSettings, readSender, senderProperty, sendOptions } from '../common';
import { deliver } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['send'] };

export const description: INodeProperties[] = [toProperty(show), messageProperty(show), senderProperty(show), sendOptions(show, false)];

export const send = sendOperation(description, 'single', {
	read(ctx: IExecuteFunctions, itemIndex: number) {
		const message = requireMessage(itemParameter(ctx, 'message', itemIndex));
		const sender = readSender(ctx, itemIndex);
		const settings = { ...readSendSettings(ctx, itemIndex, sender), batchSize: DEFAULT_BATCH_SIZE };
		return { to: readRecipients(ctx, itemIndex, { dedupe: settings.filterDuplicates !== false }), message, settings };
	},
	deliver: (ctx, value, recipients) => deliver(ctx, recipients, value.settings, { personalized: false, message: value.message }),
});
