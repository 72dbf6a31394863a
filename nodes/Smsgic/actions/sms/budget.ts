import { splitIntoBatches } from '../../../shared/batching';
import type { BudgetGuard } from '../../../shared/send';
import { PROVIDER, PROVIDER_NAME, toNumber, unreadableReply } from '../../transport';
import { readBalance } from '../account/getBalance.operation';
import { smsgicCost } from './getCost.operation';

/**
 * SMSgic's budget guard, in the account's currency: POST /sendings/calculate for the recipients
 * of each sending the send would create (held under its 3000 a minute by the transport), and
 * GET /balance.
 */
export function smsgicBudget<V extends { to: string[]; message: string; batchSize: number }>(): BudgetGuard<V> {
	return {
		provider: PROVIDER,
		name: PROVIDER_NAME,
		billedIn: "the account's currency",
		async estimate(ctx, value, recipients) {
			let total = 0;
			for (const batch of splitIntoBatches(recipients, value.batchSize)) {
				const cost = await smsgicCost(ctx, batch.map((r) => r.to), value.message);
				const amount = toNumber(cost.total);
				if (amount === undefined) throw unreadableReply('readable total in its cost estimate', cost);
				total += amount;
			}
			return total;
		},
		async balance(ctx) {
			const { balance, currency } = await readBalance(ctx);
			return { balance, unit: currency || 'in the account currency' };
		},
	};
}
