import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operations, router } from './actions/router';
import { getSenders } from './actions/sender/getAll.operation';

export class Smsgic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMSgic',
		name: 'smsgic',
		icon: { light: 'file:../../icons/smsgic.svg', dark: 'file:../../icons/smsgic.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS, check costs, sendings, rates and balance with the SMSgic gateway',
		defaults: { name: 'SMSgic' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'smsgicApi', required: true }],
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
					{ name: 'Get Cost', value: 'getCost', description: 'Calculate what a message to the given numbers would cost, without sending', action: 'Get the cost of an SMS' },
					{ name: 'Get Many', value: 'getAll', description: 'List the sendings of the account', action: 'Get many sendings' },
					{ name: 'Get Status', value: 'getStatus', description: 'Get the status of a sending', action: 'Get the status of a sending' },
					{ name: 'Send', value: 'send', description: 'Send a message to the number(s) of each item, one sending per item', action: 'Send an SMS' },
					{ name: 'Send Bulk', value: 'sendBulk', description: 'Send one message to the recipients of all items as one sending', action: 'Send an SMS in bulk' },
				],
				default: 'send',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['account'] } },
				options: [
					{ name: 'Get Balance', value: 'getBalance', description: 'Get the account balance', action: 'Get the account balance' },
					{ name: 'Get Rates', value: 'getRates', description: 'Get the price per SMS by country and network', action: 'Get the account rates' },
					{ name: 'Get Service Status', value: 'getServiceStatus', description: 'Check whether the SMSgic API is up', action: 'Get the service status' },
				],
				default: 'getBalance',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['sender'] } },
				options: [{ name: 'Get Many', value: 'getAll', description: 'List the sender names of the account', action: 'Get many senders' }],
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
