import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runWithConcurrency, splitIntoBatches } from '../../../shared/batching';
import { batchSizeOption, BULK_TO_DESCRIPTION, messageProperty, noticeProperty, optionsProperty, parallelRequestsOption, toProperty } from '../../../shared/descriptions';
import { sendOperation } from '../../../shared/send';
import { requireMessage } from '../../../shared/template';
import { readRecipients, readSchedule, readSender, scheduleAtOption, senderProperty } from '../common';
import { smsgicBudget } from './budget';
import { createSending } from './createSending';
import { itemParameter, parallelRequests, wholeNumberParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['sendBulk'] };

/**
 * SMSgic publishes no upper limit on recipients per sending. 1000 keeps one request body around
 * 20 KB, well inside the 30-second request timeout, and bounds what an ambiguous failure (a
 * timeout after the gateway took the request) leaves `unknown`; typical campaigns still go out as
 * one sending with one sendingId. Raise it to put larger lists into one sending.
 */
export const DEFAULT_BATCH_SIZE = 1000;

export const description: INodeProperties[] = [
	noticeProperty('sendBulkNotice', show, 'Sends one message to the recipients of all input items as one SMSgic sending (split only above the Batch Size option). A number that appears twice is sent once. Outputs one item per recipient.'),
	toProperty(show, BULK_TO_DESCRIPTION),
	messageProperty(show),
	senderProperty(show),
	optionsProperty(show, [
		batchSizeOption(
			DEFAULT_BATCH_SIZE,
			'Most recipients in one sending. All recipients go out as one sending unless there are more than this; SMSgic publishes no limit, 1000 keeps each request small and quick.',
		),
		parallelRequestsOption('How many sendings (batches) are created at the same time, when the recipients need more than one. If SMSgic answers "too many requests", every request pauses as long as it asks, then goes on.'),
		scheduleAtOption,
	]),
];

// Items normally share one text, sender and time; should expressions make them differ, each
// distinct combination is its own sending.
export const sendBulk = sendOperation(description, 'bulk', {
	read: (ctx: IExecuteFunctions, itemIndex: number) => ({
		to: readRecipients(ctx, itemIndex),
		message: requireMessage(itemParameter(ctx, 'message', itemIndex)),
		sender: readSender(ctx, itemIndex),
		schedule: readSchedule(ctx, itemIndex),
		batchSize: wholeNumberParameter(ctx, 'options.batchSize', itemIndex, { label: 'Batch Size', fallback: DEFAULT_BATCH_SIZE, min: 1 }),
		concurrency: parallelRequests(ctx, itemIndex),
	}),
	sharedBy: (value) => [value.message, value.sender, value.schedule?.gateway ?? ''],
	budget: smsgicBudget(),
	// Parallel Requests sendings at a time, rows in recipient order.
	async deliver(ctx, value, recipients) {
		const batches = splitIntoBatches(recipients, value.batchSize);
		const rows = await runWithConcurrency(batches, value.concurrency, (batch) =>
			createSending(ctx, { message: value.message, sender: value.sender, schedule: value.schedule, recipients: batch }),
		);
		return rows.flat();
	},
});
