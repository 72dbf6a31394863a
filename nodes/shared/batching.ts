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
 * Spreads the starts of parallel calls evenly over the time one call takes, so that their answers
 * come back one after another instead of together.
 *
 * Calls that start together come back together, and n8n's single event loop then works on all
 * their answers at once, interleaved (n8n's HTTP helper handles a reply in many small steps). Each
 * call thus ends only after the CPU work of all of them, the next ones start together again, and
 * the lanes stay bunched: a round costs the latency plus every lane's CPU, instead of the latency
 * plus one's. Measured with Messangi's one request per recipient, 5 lanes, 20 ms of latency and
 * ~1.9 ms of n8n's CPU a request: 29 ms a round (BENCHMARKS.md).
 *
 * Starts are kept at least `shortest recent call / lanes` apart. That is never a limit the lanes
 * would not meet anyway (`lanes` calls of at least that duration cannot start more often), and
 * while the CPU work of one call is shorter than that gap, answers no longer overlap.
 */
export class LaneSpreader {
	private next = 0;
	private readonly recent: number[] = [];

	constructor(
		private readonly lanes: number,
		private readonly now: () => number = Date.now,
		private readonly sleeper: (ms: number) => Promise<void> = sleep,
	) {}

	/** Waits for this call's turn; returns its start, for `done`. */
	async start(): Promise<number> {
		for (;;) {
			const wait = this.next - this.now();
			if (wait <= 0) break;
			await this.sleeper(wait);
		}
		const started = this.now();
		// The next slot follows this one's, not its actual start: a late wake-up (timers, a busy
		// event loop) does not push every later start back. Only a start long after its slot
		// (the lanes were all busy) moves the slots, to half a gap after it.
		const gap = this.gap();
		this.next = Math.max(this.next + gap, started + gap / 2);
		return started;
	}

	done(startedAt: number): void {
		this.recent.push(this.now() - startedAt);
		if (this.recent.length > RECENT_CALLS) this.recent.shift();
	}

	private gap(): number {
		if (this.lanes < 2 || this.recent.length === 0) return 0;
		const gap = Math.min(...this.recent) / this.lanes;
		// Timers cannot space calls by less than a millisecond; waking up for nothing costs CPU.
		return gap < MIN_GAP_MS ? 0 : gap;
	}
}

const MIN_GAP_MS = 1;

/** How many of the latest calls LaneSpreader takes the shortest of (it follows a gateway that slows down). */
const RECENT_CALLS = 20;

/**
 * Runs `worker` over `items` with at most `concurrency` in flight, keeping results in input
 * order. A worker's rejection rejects the whole run (workers report per-item failures as values).
 * With `spread`, the starts are spread over the duration of a call (LaneSpreader).
 */
export async function runWithConcurrency<T, R>(
	items: readonly T[],
	concurrency: number,
	worker: (item: T, index: number) => Promise<R>,
	{ spread = false }: { spread?: boolean } = {},
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	// After one failure no lane starts another item: for sends, work begun after the run has
	// failed would go out unreported.
	let failed = false;
	const lanes = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
	const spreader = spread ? new LaneSpreader(lanes) : undefined;
	const lane = async () => {
		while (next < items.length && !failed) {
			const startedAt = spreader ? await spreader.start() : 0;
			if (failed || next >= items.length) break;
			const index = next++;
			const outcome = await settle(worker(items[index], index));
			spreader?.done(startedAt);
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
