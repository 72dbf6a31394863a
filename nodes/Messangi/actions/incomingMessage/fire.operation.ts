import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { noticeProperty, optionsProperty, toProperty } from '../../../shared/descriptions';
import { GatewayError, InputError, settle } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/router';
import { requireMessage } from '../../../shared/template';
import { messangiRequest, PROVIDER, type MessangiCall } from '../../transport';
import { readFiredInstance } from '../../replies';
import type { MessangiReply } from '../../types';
import { base64, readRecipients } from '../common';
import { itemParameter } from '../../../shared/parameters';

const show = { resource: ['incomingMessage'], operation: ['fire'] };

export const description: INodeProperties[] = [
	noticeProperty('fireNotice', show, 'Makes Messangi act as if the number had sent this text to your campaign (an incoming message), e.g. when the user answers on a web page instead of the phone. The campaign answers the way it is set up to.'),
	toProperty(show, 'The user\'s mobile number the incoming message comes from. Several: separate them with commas, semicolons or new lines (one message each).'),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'STOP',
		description: 'The text the user "sent", e.g. a campaign keyword',
		displayOptions: { show },
	},
	optionsProperty(show, [
		{
			displayName: 'Fire Message Descriptor (JSON)',
			name: 'descriptor',
			type: 'json',
			default: '',
			placeholder: '{"event":{"fld-val-list":{"sender_id_id":"CODE"}}}',
			description:
				'Fire with a JSON descriptor (POST) instead of the plain form, e.g. to name the short code in sender_id_id. recipient_address and keyword_value are filled from To and Message when the descriptor does not set them.',
		},
	]),
];

type Descriptor = { event: { 'fld-val-list': IDataObject } & IDataObject } & IDataObject;

/** Reads the descriptor option: a full `{"event":{"fld-val-list":{…}}}` or just the field list. */
export function readDescriptor(raw: unknown): Descriptor | undefined {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return undefined;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			value = undefined;
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new InputError(
			'The Fire Message Descriptor is not a JSON object. Use e.g. {"event":{"fld-val-list":{"sender_id_id":"CODE","keyword_value":"STOP","recipient_address":"13055468310"}}}.',
			'options.descriptor',
		);
	}
	const object = value as IDataObject;
	const event = object.event as IDataObject | undefined;
	if (event && typeof event === 'object' && event['fld-val-list'] && typeof event['fld-val-list'] === 'object') {
		return object as Descriptor;
	}
	return { event: { 'fld-val-list': object } };
}

function withUser(descriptor: Descriptor, to: string, message: string): Descriptor {
	const fields = { ...descriptor.event['fld-val-list'] };
	if (fields.recipient_address === undefined || fields.recipient_address === '') fields.recipient_address = to;
	if (fields.keyword_value === undefined || fields.keyword_value === '') fields.keyword_value = message;
	return { ...descriptor, event: { ...descriptor.event, 'fld-val-list': fields } };
}

function rowFrom(to: string, message: string, reply: MessangiReply): IDataObject {
	const row: IDataObject = { provider: PROVIDER, to, message, status: 'accepted' };
	const instanceId = readFiredInstance(reply);
	if (instanceId) row.instanceId = instanceId;
	return row;
}

/** fireMessage (GET), or fireMessage (POST) with a JSON descriptor when the option is set. */
export const fire: ItemOperation = {
	description,
	sends: true,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const numbers = readRecipients(this, itemIndex);
		const message = requireMessage(itemParameter(this, 'message', itemIndex));
		const descriptor = readDescriptor(itemParameter(this, 'options.descriptor', itemIndex, ''));
		const rows: IDataObject[] = [];
		for (const to of numbers) {
			const call: MessangiCall = descriptor
				? { method: 'fireMessage', params: [], httpMethod: 'POST', body: withUser(descriptor, to, message), sends: true }
				: { method: 'fireMessage', params: [to, base64(message)], sends: true };
			const outcome = await settle(messangiRequest(this, call));
			if ('value' in outcome) {
				rows.push(rowFrom(to, message, outcome.value));
				continue;
			}
			if (!(outcome.error instanceof GatewayError)) throw outcome.error;
			rows.push({ provider: PROVIDER, to, message, status: outcome.error.kind === 'unknown' ? 'unknown' : 'rejected', error: outcome.error.message });
		}
		return rows;
	},
};
