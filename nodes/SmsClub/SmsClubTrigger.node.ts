import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { lowBalanceTriggerProperties, pollLowBalance } from '../shared/lowBalance';
import { withRedaction } from '../shared/router';
import { readBalance } from './actions/account/getBalance.operation';
import { CREDENTIAL_TYPE, PROVIDER, SECRET_FIELDS } from './transport';

export class SmsClubTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMSClub Trigger',
		name: 'smsClubTrigger',
		icon: { light: 'file:../../icons/smsclub.svg', dark: 'file:../../icons/smsclub.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Balance below " + $parameter["threshold"]}}',
		description: 'Starts the workflow when the SMSClub balance runs low',
		defaults: { name: 'SMSClub Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'smsClubApi', required: true }],
		properties: [
			...lowBalanceTriggerProperties('in your account currency, e.g. UAH'),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return withRedaction(this, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS }, () =>
			pollLowBalance.call(this, PROVIDER, () => readBalance(this)),
		);
	}
}
