import { sleep } from 'n8n-workflow';

import { settle } from './errors';

/** Splits a list into consecutive batches of at most `size` entries. */
export function splitIntoBatches<T>(items: readonly T[], size: number): T[][] {
	if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
	const batches: T[][] = [];
	for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
	return batches;
}

/**
 * Spaces out request starts so that no more than `perSecond` begin in any window of `windowMs`
 * (a gateway's documented rate limit). The default window is a little over a second, because the
 * gateway counts arrivals, and network jitter can bring starts a full second apart closer together.
 * Waits go through n8n's `sleep`.
 */
export class RateLimiter {
	private readonly starts: number[] = [];

	constructor(
		private readonly perSecond: number,
		private readonly windowMs = 1100,
		private readonly now: () => number = Date.now,
	) {}

	async acquire(): Promise<void> {
		if (!(this.perSecond > 0) || !Number.isFinite(this.perSecond)) return;
		for (;;) {
			const t = this.now();
			while (this.starts.length > 0 && t - this.starts[0] >= this.windowMs) this.starts.shift();
			if (this.starts.length < this.perSecond) {
				this.starts.push(t);
				return;
			}
			await sleep(Math.max(1, this.windowMs - (t - this.starts[0])));
		}
	}
}

/**
 * Runs `worker` over `items` with at most `concurrency` in flight, keeping results in input
 * order. A worker's rejection rejects the whole run (workers report per-item failures as values).
 */
export async function runWithConcurrency<T, R>(
	items: readonly T[],
	concurrency: number,
	worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	// After one failure no lane starts another item: for sends, work begun after the run has
	// failed would go out unreported.
	let failed = false;
	const lanes = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
	const lane = async () => {
		while (next < items.length && !failed) {
			const index = next++;
			const outcome = await settle(worker(items[index], index));
			if ('error' in outcome) {
				failed = true;
				throw outcome.error;
			}
			results[index] = outcome.value;
		}
	};
	await Promise.all(Array.from({ length: lanes }, lane));
	return results;
}
