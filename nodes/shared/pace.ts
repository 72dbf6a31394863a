import { sleep } from 'n8n-workflow';

/**
 * How fast one n8n process sends to one gateway, and how it slows down when the gateway answers
 * "too many requests" (HTTP 429).
 *
 * In queue mode n8n runs executions in several worker processes that know nothing of each other,
 * and this package has no runtime dependency and no access to n8n's Redis. An account's limit can
 * then only hold if each process adapts by itself: it cuts its own rate when it meets a 429 and
 * raises it again slowly while requests go through (additive increase, multiplicative decrease,
 * as TCP does), so that N processes settle near the account's limit together without talking to
 * each other. A 429 also pauses every request of the process to that gateway (all lanes of a bulk
 * send, and the other executions of that process) for the wait the gateway asked for, plus jitter
 * chosen by the caller so that processes do not retry in lockstep.
 *
 * - `acquire()` before each request: waits while a pause is in force, then spaces request starts
 *   1.1/rate seconds apart (10% under the rate: the gateway counts arrivals, and network jitter
 *   brings starts closer together). It returns the start time, which `rateLimited` needs.
 * - `succeeded()` after a request the gateway took (any answer but 429).
 * - `rateLimited(startedAt, waitMs)` after a 429: pauses, and cuts the rate once per round: only
 *   a request started after the last cut cuts again, so one burst of 429s from parallel lanes
 *   counts once.
 *
 * The rate starts at `limit` (the account's requests per second: the documented or configured
 * value), or unpaced when no limit is known. A cut sets the rate to 70% of the lower of the
 * current rate and what the gateway accepted in the last window (that is this process's share
 * right now); unpaced with nothing accepted in the window, only the pause applies. The rate then grows by 5% of its reference (the limit, or for an unknown limit the
 * rate at the last cut) per second, up to the limit; an unknown limit goes back to unpaced once
 * the rate is 4 times the rate at the last cut.
 */
export class GatewayPace {
	private rate: number;
	private nextStart = 0;
	private pausedUntil = 0;
	private lastCut = -Infinity;
	private rateAtCut = 0;
	private updated: number;
	/** Start times of requests the gateway took, within the last window. */
	private accepted: number[] = [];

	constructor(
		/** Requests per second for this account; 0, negative or absent: not known. */
		readonly limit?: number,
		private readonly now: () => number = Date.now,
		private readonly sleeper: (ms: number) => Promise<void> = sleep,
	) {
		this.rate = GatewayPace.known(limit) ? (limit as number) : Infinity;
		this.updated = now();
	}

	private static known(limit: number | undefined): boolean {
		return typeof limit === 'number' && Number.isFinite(limit) && limit > 0;
	}

	/** The rate in force right now (requests per second; Infinity when unpaced). */
	currentRate(): number {
		this.recover(this.now());
		return this.rate;
	}

	async acquire(): Promise<number> {
		for (;;) {
			const now = this.now();
			this.recover(now);
			const wait = Math.max(this.pausedUntil, this.nextStart) - now;
			if (wait <= 0) break;
			await this.sleeper(wait);
		}
		const start = this.now();
		this.nextStart = Number.isFinite(this.rate) ? start + (WINDOW_MS / this.rate) : 0;
		return start;
	}

	succeeded(startedAt: number): void {
		this.accepted.push(startedAt);
		this.forget(this.now());
	}

	rateLimited(startedAt: number, waitMs: number): void {
		const now = this.now();
		this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(0, waitMs));
		if (startedAt <= this.lastCut) return;
		this.recover(now);
		this.forget(now);
		this.lastCut = now;
		const share = this.accepted.length * (1000 / WINDOW_MS);
		const base = Math.min(this.rate, share > 0 ? share : this.rate);
		// Unpaced, and nothing went through lately: no rate to cut from yet, the pause alone acts.
		if (!Number.isFinite(base)) return;
		this.rate = Math.max(MIN_RATE, base * CUT);
		this.rateAtCut = this.rate;
		this.updated = now;
		this.accepted = [];
	}

	private forget(now: number): void {
		let drop = 0;
		while (drop < this.accepted.length && now - this.accepted[drop] >= WINDOW_MS) drop++;
		if (drop) this.accepted.splice(0, drop);
	}

	private recover(now: number): void {
		const elapsed = Math.max(0, now - Math.max(this.updated, this.pausedUntil));
		this.updated = Math.max(this.updated, now);
		if (!Number.isFinite(this.rate) || elapsed === 0) return;
		const known = GatewayPace.known(this.limit);
		const reference = known ? (this.limit as number) : this.rateAtCut;
		this.rate += RECOVERY_PER_SECOND * reference * (elapsed / 1000);
		if (known) this.rate = Math.min(this.rate, this.limit as number);
		else if (this.rate >= UNPACED_AFTER * this.rateAtCut) this.rate = Infinity;
	}
}

/** The window the gateway is assumed to count requests in, with 10% headroom. */
const WINDOW_MS = 1100;
const CUT = 0.7;
const MIN_RATE = 0.2;
const RECOVERY_PER_SECOND = 0.05;
const UNPACED_AFTER = 4;

// One pace per gateway and account setting for the whole n8n process (main or one worker), so
// parallel executions and trigger polls of that process share it.
const paces = new Map<string, GatewayPace>();

/**
 * The process's pace for a gateway URL. `requestsPerSecond` is the credential's setting (absent
 * on credentials saved before it existed: the provider's documented default applies).
 */
export function paceFor(provider: string, baseUrl: string, requestsPerSecond: unknown, documented = 0): GatewayPace {
	const configured = typeof requestsPerSecond === 'number' ? requestsPerSecond : requestsPerSecond === undefined || requestsPerSecond === '' ? documented : Number(requestsPerSecond);
	const limit = Number.isFinite(configured) && configured > 0 ? configured : 0;
	const key = `${provider} ${baseUrl} ${limit}`;
	let pace = paces.get(key);
	if (!pace) paces.set(key, (pace = new GatewayPace(limit)));
	return pace;
}

/**
 * A wait with jitter: `ms` plus up to half of it again, never less than the gateway asked, so
 * that lanes and processes told to wait the same time come back at different moments.
 */
export function withJitter(ms: number, random: () => number = Math.random): number {
	return Math.round(ms * (1 + 0.5 * Math.min(1, Math.max(0, random()))));
}

/** Forgets every pace of the process. Only a test seam: each test starts as a fresh process would. */
export function forgetPaces(): void {
	paces.clear();
}
