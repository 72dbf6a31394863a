import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { lowBalanceCrossing, readState, writeState, type LowBalanceState } from './poll';

export interface BalanceReading {
	balance: number;
	currency?: string;
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
 */
export async function pollLowBalance(
	this: IPollFunctions,
	provider: string,
	readBalance: () => Promise<BalanceReading>,
): Promise<INodeExecutionData[][] | null> {
	const threshold = this.getNodeParameter('threshold', 10) as number;
	const reading = await readBalance();
	const json: IDataObject = { provider, balance: reading.balance, threshold, checkedAt: new Date().toISOString() };
	if (reading.currency) json.currency = reading.currency;
	if (this.getMode() === 'manual') return [[{ json }]];

	const staticData = this.getWorkflowStaticData('node');
	const { fire, next } = lowBalanceCrossing(readState<LowBalanceState>(staticData, 'lowBalance'), reading.balance, threshold);
	writeState(staticData, 'lowBalance', next);
	return fire ? [[{ json }]] : null;
}
