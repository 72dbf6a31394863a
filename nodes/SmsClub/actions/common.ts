import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { senderListProperty } from '../../shared/descriptions';
import { InputError } from '../../shared/errors';
import { parsePhoneList } from '../../shared/phone';
import { itemParameter } from '../../shared/parameters';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

export function senderProperty(show: Show): INodeProperties {
	return senderListProperty(show, 'Alpha name the SMS comes from, one of the names active on your SMSClub account');
}

/** SMSClub numbers: international format, digits only (Ukrainian numbers are 12 digits, 380...). */
export function readRecipients(ctx: IExecuteFunctions, itemIndex: number, field = 'to'): string[] {
	return parsePhoneList(itemParameter(ctx, field, itemIndex), { field, minDigits: 10, maxDigits: 15, dedupe: true });
}

export function readSender(ctx: IExecuteFunctions, itemIndex: number): string {
	const sender = String(itemParameter(ctx, 'sender', itemIndex, '') ?? '').trim();
	if (!sender) throw new InputError('No sender name is set. Choose one of your SMSClub alpha names in "Sender Name or ID".', 'sender');
	return sender;
}
