import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageProperty, toProperty } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/router';
import { countSegments } from '../../../shared/segments';
import { requireMessage } from '../../../shared/template';
import { msegatError } from '../../errorCodes';
import { readCost } from '../../replies';
import { msegatRequest, PROVIDER, unreadableReply } from '../../transport';
import { readRecipients } from '../common';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['sms'], operation: ['getCost'] };

export const description: INodeProperties[] = [
	toProperty(show),
	messageProperty(show, 'Text whose cost to calculate. Nothing is sent.'),
];

/** What Msegat's calculateCost.php says sending `message` to `to` would cost, in points. */
export async function msegatCost(ctx: IExecuteFunctions, to: string[], message: string): Promise<{ contacts: number; points: number }> {
	// Form body, as every public client sends to calculateCost.php; `By` is required by the document.
	const reply = await msegatRequest(ctx, {
		path: '/calculateCost.php',
		payload: { contactType: 'numbers', contacts: to.join(','), msg: message, By: 'Link', msgEncoding: 'UTF8' },
		encoding: 'form',
		sends: false,
	});
	const cost = readCost(reply.body);
	if (cost.kind === 'code') throw msegatError(cost.code, cost.message, reply.statusCode);
	if (cost.kind === 'unreadable') throw unreadableReply(reply, 'the cost calculation', false);
	return { contacts: cost.contacts, points: cost.points };
}

export const getCost: ItemOperation = {
	description,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const to = readRecipients(this, itemIndex);
		const message = requireMessage(itemParameter(this, 'message', itemIndex));
		const { contacts, points } = await msegatCost(this, to, message);
		const { segments, encoding } = countSegments(message);
		return { provider: PROVIDER, contacts, points, segments, encoding };
	},
};
