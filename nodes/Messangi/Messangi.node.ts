import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties, router } from './actions/router';
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
		properties,
	};

	methods = { credentialTest: { messangiApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
