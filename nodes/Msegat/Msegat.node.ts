import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties, router } from './actions/router';
import { getSenders } from './actions/sender/getAll.operation';
import { msegatApiTest } from './credentialTest';

export class Msegat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Msegat',
		name: 'msegat',
		icon: { light: 'file:../../icons/msegat.svg', dark: 'file:../../icons/msegat.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS and one-time codes, check cost, delivery and balance with the Msegat gateway',
		defaults: { name: 'Msegat' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'msegatApi', required: true, testedBy: 'msegatApiTest' }],
		properties,
	};

	methods = { loadOptions: { getSenders }, credentialTest: { msegatApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
