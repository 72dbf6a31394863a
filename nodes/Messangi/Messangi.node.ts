import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operations, router } from './actions/router';
import { messangiApiTest } from './credentialTest';

export class Messangi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Messangi',
		name: 'messangi',
		icon: { light: 'file:../../icons/messangi.svg', dark: 'file:../../icons/messangi.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS and PINs, read and fire incoming messages with Messangi (Ogangi)',
		defaults: { name: 'Messangi' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'messangiApi', required: true, testedBy: 'messangiApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Incoming Message', value: 'incomingMessage' },
					{ name: 'OTP', value: 'otp' },
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
					{ name: 'Send', value: 'send', description: 'Send a message to the number(s) of each item (tools/sendSMS)', action: 'Send an SMS' },
					{ name: 'Send Bulk', value: 'sendBulk', description: 'Send one message to the recipients of all items, several requests at a time', action: 'Send an SMS in bulk' },
					{ name: 'Send via Campaign Manager', value: 'sendMt', description: 'Send through the Campaign Manager (sendMT), optionally with flags', action: 'Send an SMS via the campaign manager' },
				],
				default: 'send',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['otp'] } },
				options: [
					{ name: 'Send', value: 'send', description: 'Generate a PIN, send it by SMS and output it', action: 'Send a PIN' },
				],
				default: 'send',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['incomingMessage'] } },
				options: [
					{ name: 'Fire', value: 'fire', description: 'Make Messangi receive a message as if the number had sent it', action: 'Fire an incoming message' },
					{ name: 'Get Many', value: 'getAll', description: 'List the messages your codes received', action: 'Get many incoming messages' },
				],
				default: 'getAll',
			},
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	methods = { credentialTest: { messangiApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
