import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { lowBalanceTriggerProperties, pollLowBalance } from '../shared/lowBalance';
import { withRedaction } from '../shared/router';
import { readBalance } from './actions/account/getBalance.operation';
import { msegatApiTest } from './credentialTest';
import { CREDENTIAL_TYPE, PROVIDER, SECRET_FIELDS } from './transport';

export class MsegatTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Msegat Trigger',
		name: 'msegatTrigger',
		icon: { light: 'file:../../icons/msegat.svg', dark: 'file:../../icons/msegat.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Balance below " + $parameter["threshold"]}}',
		description: 'Starts the workflow when the Msegat balance runs low',
		defaults: { name: 'Msegat Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'msegatApi', required: true, testedBy: 'msegatApiTest' }],
		properties: [
			...lowBalanceTriggerProperties('in Msegat points'),
		],
	};

	methods = { credentialTest: { msegatApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return withRedaction(this, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS }, () =>
			pollLowBalance.call(this, PROVIDER, () => readBalance(this)),
		);
	}
}
