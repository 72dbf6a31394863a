import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { messangiApiTest } from './credentialTest';
import { incomingFiltersProperty } from './incoming';
import { DEFAULT_MAX_PER_POLL, pollIncomingMessages } from './incomingPoll';
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
			incomingFiltersProperty({ event: ['incomingMessage'] }),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				displayOptions: { show: { event: ['incomingMessage'] } },
				options: [
					{
						displayName: 'Max Messages per Poll',
						name: 'maxMessagesPerPoll',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_MAX_PER_POLL,
						description:
							'Most messages one check starts the workflow with (the oldest first); the rest come with the next checks, none lost. Keeps a large backlog from becoming one huge execution. 0 means no limit.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { messangiApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return withRedaction(this, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS }, () => pollIncomingMessages.call(this));
	}
}
