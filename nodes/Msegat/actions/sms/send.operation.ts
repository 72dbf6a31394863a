import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { requireMessage } from '../../../shared/template';
import { DEFAULT_BATCH_SIZE, readRecipients, readSendSettings, readSender, senderProperty, sendOptions } from '../common';
import { deliver } from './deliver';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['send'] };

export const description: INodeProperties[] = [toProperty(show), messageProperty(show), senderProperty(show), sendOptions(show, false)];

export const send: ItemOperation = {
	description,
	sends: true,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const message = requireMessage(itemParameter(this, 'message', itemIndex));
		const sender = readSender(this, itemIndex);
		const settings = { ...readSendSettings(this, itemIndex, sender), batchSize: DEFAULT_BATCH_SIZE };
		const to = readRecipients(this, itemIndex, { dedupe: settings.filterDuplicates !== false });
		const rows = await deliver(
			this,
			to.map((number) => ({ itemIndex, to: number, message })),
			settings,
			{ personalized: false, message },
		);
		return rows.map((row) => row.json);
	},
};
