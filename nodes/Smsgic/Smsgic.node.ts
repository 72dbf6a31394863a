import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties, router } from './actions/router';
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
		properties,
	};

	methods = { loadOptions: { getSenders } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
