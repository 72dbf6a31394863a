import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { messangiApiTest } from './credentialTest';
import { filtersProperty } from './incoming';
import { pollIncomingMessages } from './incomingPoll';
import { CREDENTIAL_TYPE, SECRET_FIELDS } from './transport';
import { withRedaction } from '../shared/router';

export class MessangiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Messangi Trigger',
		name: 'messangiTrigger',
		icon: { light: 'file:../../icons/messangi.svg', dark: 'file:../../icons/messangi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Incoming message"}}',
		description: 'Starts the workflow when your Messangi short or long code receives an SMS',
		defaults: { name: 'Messangi Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'messangiApi', required: true, testedBy: 'messangiApiTest' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Incoming Message',
						value: 'incomingMessage',
						description: 'Fires once for every new SMS your codes receive (not for messages received before activation)',
					},
				],
				default: 'incomingMessage',
			},
			filtersProperty({ event: ['incomingMessage'] }),
		],
	};

	methods = { credentialTest: { messangiApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return withRedaction(this, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS }, () => pollIncomingMessages.call(this));
	}
}
