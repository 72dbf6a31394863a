import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties, router } from './actions/router';
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
		properties,
	};

	methods = { loadOptions: { getSenders } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
