import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { lowBalanceCrossing, runTriggerPoll, type LowBalanceState } from './poll';

export interface BalanceReading {
	balance: number;
	currency?: string;
}

/** The `lowBalance` choice of a trigger's Event parameter. */
export const LOW_BALANCE_EVENT = {
	name: 'Low Balance',
	value: 'lowBalance',
	description: 'Fires once when the balance falls below the threshold, and again only after it has risen back',
};

/** The properties of a trigger whose only event is `lowBalance`: the Event choice and the threshold. */
export function lowBalanceTriggerProperties(currencyHint: string): INodeProperties[] {
	return [
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			noDataExpression: true,
			options: [LOW_BALANCE_EVENT],
			default: 'lowBalance',
		},
		...lowBalanceProperties(currencyHint),
	];
}

/** The `threshold` parameter of every `lowBalance` trigger event. */
export function lowBalanceProperties(currencyHint: string): INodeProperties[] {
	return [
		{
			displayName: 'Threshold',
			name: 'threshold',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 0, numberPrecision: 2 },
			required: true,
			description: `Fire once when the balance falls below this amount (${currencyHint}), and again only after it has risen back to it or above`,
			displayOptions: { show: { event: ['lowBalance'] } },
		},
	];
}

/**
 * One poll of a `lowBalance` event. In manual mode ("Fetch Test Event") it returns the current
 * balance at once as a sample; otherwise it emits only on a downward crossing.
 *
 * What a restart can cost: the fall below the threshold is an emission, saved with its execution.
 * The rise back above it emits nothing; n8n's default mode does not save it (durable mode does),
 * and this process carries it over a re-activation (runTriggerPoll). After a real restart the
 * first poll recomputes it from the balance: still above, nothing is lost. Only a balance that
 * rose and then fell again while n8n was down, in default mode, is not alerted a second time.
 */
export async function pollLowBalance(
	this: IPollFunctions,
	provider: string,
	readBalance: () => Promise<BalanceReading>,
): Promise<INodeExecutionData[][] | null> {
	const threshold = this.getNodeParameter('threshold', 10) as number;
	const sample = (reading: BalanceReading): IDataObject => {
		const json: IDataObject = { provider, balance: reading.balance, threshold, checkedAt: new Date().toISOString() };
		if (reading.currency) json.currency = reading.currency;
		return json;
	};
	if (this.getMode() === 'manual') return [[{ json: sample(await readBalance()) }]];

	return await runTriggerPoll<LowBalanceState>(this, { stateKey: 'lowBalance', reads: `the ${provider} balance` }, async (state) => {
		const reading = await readBalance();
		const { fire, next } = lowBalanceCrossing(state, reading.balance, threshold);
		return { next, items: fire ? [sample(reading)] : null };
	});
}
