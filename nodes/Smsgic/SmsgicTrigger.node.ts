import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { LOW_BALANCE_EVENT, lowBalanceProperties, pollLowBalance } from '../shared/lowBalance';
import { runTriggerPoll } from '../shared/poll';
import { withRedaction } from '../shared/router';
import { readBalance } from './actions/account/getBalance.operation';
import { listSendings, sendingRow } from './actions/sms/sendings';
import { diffStatuses, type StatusMemory } from './statusChanges';
import { CREDENTIAL_TYPE, PROVIDER, SECRET_FIELDS } from './transport';

/** Shown by "Fetch Test Event" when the account has no sending yet, so fields can be mapped. */
const EXAMPLE_CHANGE: IDataObject = {
	provider: PROVIDER,
	sendingId: 301,
	status: 'Completed',
	previousStatus: 'Pending',
	text: 'Test Message',
	createdAt: '2023-04-11T15:46:26.000000Z',
	scheduledAt: '2023-04-11 15:46:26',
	totalSms: 1,
	example: true,
};

async function pollStatusChanges(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	if (this.getMode() === 'manual') {
		// A sample at once: the newest sending, with the status remembered for it if any.
		const memory = (this.getWorkflowStaticData('node').sendingStatus ?? {}) as StatusMemory;
		const { sendings } = await listSendings(this, 500);
		const newest = sendings.reduce<(typeof sendings)[number] | undefined>(
			(best, s) => (best === undefined || Number(s.id) > Number(best.id) ? s : best),
			undefined,
		);
		if (!newest) return [[{ json: EXAMPLE_CHANGE }]];
		return [[{ json: { ...sendingRow(newest), previousStatus: memory.statuses?.[String(newest.id)] ?? null } }]];
	}
	return await runTriggerPoll<StatusMemory>(this, { stateKey: 'sendingStatus', reads: 'the list of sendings' }, async (memory) => {
		const { sendings, complete } = await listSendings(this);
		const { changes, next } = diffStatuses(memory, sendings, complete);
		return {
			next: { ...memory, ...next },
			items: changes.map((change) => ({ ...sendingRow(change.sending), status: change.status, previousStatus: change.previousStatus })),
		};
	});
}

export class SmsgicTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMSgic Trigger',
		name: 'smsgicTrigger',
		icon: { light: 'file:../../icons/smsgic.svg', dark: 'file:../../icons/smsgic.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] === "lowBalance" ? "Balance below " + $parameter["threshold"] : "Sending status changed"}}',
		description: 'Starts the workflow when an SMSgic sending changes status or the balance runs low',
		defaults: { name: 'SMSgic Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'smsgicApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					LOW_BALANCE_EVENT,
					{
						name: 'Sending Status Changed',
						value: 'sendingStatusChanged',
						description: 'Fires once for every sending whose status differs from the last check, and for every new sending',
					},
				],
				default: 'sendingStatusChanged',
			},
			{
				displayName:
					'The first check after the workflow is activated only records the current status of every sending, without starting the workflow. From then on each new sending and each status change starts it once, with status and previousStatus (empty for a new sending).',
				name: 'sendingStatusNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['sendingStatusChanged'] } },
			},
			...lowBalanceProperties('in your account currency, e.g. GBP'),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event', 'sendingStatusChanged') as string;
		return withRedaction(this, { credentialType: CREDENTIAL_TYPE, secretFields: SECRET_FIELDS }, () =>
			event === 'lowBalance' ? pollLowBalance.call(this, PROVIDER, () => readBalance(this)) : pollStatusChanges.call(this),
		);
	}
}
