import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operations, router } from './actions/router';
import { getSenders } from './actions/sender/getAll.operation';

export class SmsClub implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMSClub',
		name: 'smsClub',
		icon: { light: 'file:../../icons/smsclub.svg', dark: 'file:../../icons/smsclub.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS, check delivery and balance with the SMSClub gateway',
		defaults: { name: 'SMSClub' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'smsClubApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Sender', value: 'sender' },
					{ name: 'SMS', value: 'sms' },
				],
				default: 'sms',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['sms'] } },
				options: [
					{ name: 'Get Status', value: 'getStatus', description: 'Get the delivery status of sent messages', action: 'Get delivery status' },
					{ name: 'Send', value: 'send', description: 'Send a message to the number(s) of each item', action: 'Send an SMS' },
					{ name: 'Send Bulk', value: 'sendBulk', description: 'Send one message to the recipients of all items, 100 numbers per request', action: 'Send an SMS in bulk' },
					{ name: 'Send Personalized', value: 'sendPersonalized', description: 'Send each item its own text filled from its fields', action: 'Send personalized SMS' },
				],
				default: 'send',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['account'] } },
				options: [{ name: 'Get Balance', value: 'getBalance', description: 'Get the account balance', action: 'Get the account balance' }],
				default: 'getBalance',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['sender'] } },
				options: [{ name: 'Get Many', value: 'getAll', description: 'List the active sender (alpha) names', action: 'Get many senders' }],
				default: 'getAll',
			},
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	methods = { loadOptions: { getSenders } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
