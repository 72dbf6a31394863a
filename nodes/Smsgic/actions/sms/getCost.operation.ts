import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, noticeProperty, toProperty } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { countSegments } from '../../../shared/segments';
import { requireMessage } from '../../../shared/template';
import { PROVIDER, smsgicRequest, toNumber, unreadableReply } from '../../transport';
import type { SmsgicCalculateReply, SmsgicCalculatedDestination } from '../../types';
import { readRecipients } from '../common';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['getCost'] };

export const description: INodeProperties[] = [
	noticeProperty('getCostNotice', show, 'Asks SMSgic what sending the message to these numbers would cost; nothing is sent. Outputs one item per input item with the total and a breakdown per destination.'),
	toProperty(show),
	messageProperty(show),
];

const numberOr = (value: unknown) => toNumber(value) ?? (value === undefined ? null : (value as IDataObject[string]));

function destinationRow(d: SmsgicCalculatedDestination): IDataObject {
	// SMSgic pads some destination names ("Singapore "): trimmed so they compare and display cleanly.
	return {
		destination: typeof d.destination === 'string' ? d.destination.trim() : (d.destination ?? null),
		smsCount: numberOr(d.sms_count),
		price: numberOr(d.price),
		total: numberOr(d.total),
		numbers: (Array.isArray(d.numbers) ? d.numbers : []).map((n) => ({
			to: n.phone_number === undefined || n.phone_number === null ? null : String(n.phone_number),
			destination: typeof n.destination === 'string' ? n.destination.trim() : (n.destination ?? null),
			sms: numberOr(n.sms),
			rate: numberOr(n.rate),
			total: numberOr(n.total),
		})),
	};
}

/**
 * POST /sendings/calculate, held under its 3000 requests a minute by the transport: the total
 * (in the account's currency), the parts and the breakdown per destination.
 */
export async function smsgicCost(ctx: IExecuteFunctions, recipients: string[], message: string): Promise<IDataObject> {
	const reply = await smsgicRequest<SmsgicCalculateReply>(ctx, {
		method: 'POST',
		path: '/sendings/calculate',
		body: { message, recipients },
		rateLimit: 'calculate',
	});
	const calculate = reply && typeof reply === 'object' ? reply.calculate : undefined;
	if (!calculate || typeof calculate !== 'object') throw unreadableReply('"calculate" result', reply);
	const info = calculate.info ?? {};
	return {
		recipients: recipients.length,
		total: numberOr(info.total),
		subtotal: numberOr(info.subtotal),
		tax: numberOr(info.tax),
		smsCount: numberOr(info.sms_count),
		destinations: (Array.isArray(calculate.destinations) ? calculate.destinations : []).map(destinationRow),
	};
}

export const getCost: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const recipients = readRecipients(this, itemIndex);
		const message = requireMessage(itemParameter(this, 'message', itemIndex));
		const cost = await smsgicCost(this, recipients, message);
		const { segments, encoding } = countSegments(message);
		return { provider: PROVIDER, ...cost, segments, encoding };
	},
};
