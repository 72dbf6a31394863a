import { splitIntoBatches } from '../../../shared/batching';
import { countSegments } from '../../../shared/segments';
import type { Addressed, BudgetGuard } from '../../../shared/send';
import { PROVIDER, PROVIDER_NAME } from '../../transport';
import { fetchBalance } from '../account/getBalance.operation';
import type { MsegatSend } from './deliver';
import { msegatCost } from './getCost.operation';

/**
 * Msegat's budget guard, in points: calculateCost.php for the numbers of each request the send
 * would make, and Credits.php. A personalized campaign has a text per recipient; Msegat prices a
 * message by its numbers and its parts, so one text of each length (parts and encoding) is asked
 * for all recipients of that length, which keeps the guard to about as many calls as the send.
 */
export function msegatBudget<V extends MsegatSend>(): BudgetGuard<V> {
	return {
		provider: PROVIDER,
		name: PROVIDER_NAME,
		billedIn: 'points',
		async estimate(ctx, value, recipients) {
			const byLength = new Map<string, Array<Addressed<V>>>();
			for (const recipient of recipients) {
				const { segments, encoding } = countSegments(recipient.message);
				const key = `${segments} ${encoding}`;
				byLength.set(key, [...(byLength.get(key) ?? []), recipient]);
			}
			let points = 0;
			for (const alike of byLength.values()) {
				for (const batch of splitIntoBatches(alike, value.settings.batchSize)) {
					points += (await msegatCost(ctx, batch.map((r) => r.to), batch[0].message)).points;
				}
			}
			return points;
		},
		balance: async (ctx) => ({ balance: await fetchBalance(ctx), unit: 'points' }),
	};
}
