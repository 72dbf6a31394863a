import { GatewayPace, paceFor, withJitter } from '../../nodes/shared/pace';

// A deterministic random source, for jitter in simulations (the sandboxes' own).
const { mulberry32: seeded } = require('../sandbox/framework') as { mulberry32: (seed: number) => () => number };

/**
 * A virtual clock: `sleep` resolves when `advance` moves time past its deadline, so a pace (or
 * many, as several n8n processes) can run for minutes of simulated time in milliseconds.
 */
function virtualClock() {
	let now = 0;
	const timers: Array<{ at: number; resolve: () => void }> = [];
	const sleep = (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + Math.max(0, ms), resolve }));
	/** Runs every timer due until `until`, in time order, letting the woken code run after each. */
	const advanceTo = async (until: number) => {
		for (;;) {
			await new Promise((r) => setImmediate(r));
			timers.sort((a, b) => a.at - b.at);
			const next = timers[0];
			if (!next || next.at > until) break;
			timers.shift();
			now = Math.max(now, next.at);
			next.resolve();
		}
		now = until;
	};
	return { now: () => now, sleep, advanceTo };
}


describe('GatewayPace', () => {
	it('spaces starts 1.1/limit seconds apart', async () => {
		const clock = virtualClock();
		const pace = new GatewayPace(10, clock.now, clock.sleep);
		const starts: number[] = [];
		const lanes = Array.from({ length: 4 }, async () => {
			for (let i = 0; i < 5; i++) starts.push(await pace.acquire());
		});
		await clock.advanceTo(10_000);
		await Promise.all(lanes);
		expect(starts).toHaveLength(20);
		const gaps = starts.slice(1).map((t, i) => t - starts[i]);
		expect(Math.min(...gaps)).toBeCloseTo(110, 5);
	});

	it('without a known limit sends unpaced until the gateway answers 429', async () => {
		const clock = virtualClock();
		const pace = new GatewayPace(0, clock.now, clock.sleep);
		for (let i = 0; i < 100; i++) expect(await pace.acquire()).toBe(0);
		expect(pace.currentRate()).toBe(Infinity);
	});

	it('a 429 pauses every lane until the wait is over, and the pace goes on more slowly', async () => {
		const clock = virtualClock();
		const pace = new GatewayPace(10, clock.now, clock.sleep);
		const first = await pace.acquire();
		pace.rateLimited(first, 2_000);
		const starts: number[] = [];
		const lanes = Array.from({ length: 3 }, async () => starts.push(await pace.acquire()));
		await clock.advanceTo(5_000);
		await Promise.all(lanes);
		expect(Math.min(...starts)).toBe(2_000);
		// 10 a second cut to 7: starts 1100/7 ms apart
		expect(starts[1] - starts[0]).toBeCloseTo(1100 / 7, 5);
	});

	it('cuts once for a burst of 429s from requests started before the cut', async () => {
		const clock = virtualClock();
		const pace = new GatewayPace(10, clock.now, clock.sleep);
		const started = [await pace.acquire(), 0, 0].map((t) => t);
		for (const at of started) pace.rateLimited(at, 1_000);
		expect(pace.currentRate()).toBeCloseTo(7, 5);
		// a request started after the cut that still meets a 429 cuts again
		await clock.advanceTo(1_000);
		const later = pace.acquire();
		await clock.advanceTo(1_000);
		pace.rateLimited(await later, 1_000);
		expect(pace.currentRate()).toBeCloseTo(4.9, 5);
	});

	it('cuts from what the gateway accepted in the last window when that is lower (another process takes the rest)', async () => {
		const clock = virtualClock();
		const pace = new GatewayPace(9, clock.now, clock.sleep);
		const sent = (async () => {
			for (let i = 0; i < 4; i++) pace.succeeded(await pace.acquire());
		})();
		// 4 accepted (at 0, 122, 244 and 367 ms) in the last 1.1 s window: this process's share is about 3.6 a second
		await clock.advanceTo(500);
		await sent;
		pace.rateLimited(clock.now(), 1_000);
		expect(pace.currentRate()).toBeCloseTo(4 * (1000 / 1100) * 0.7, 5);
	});

	it('recovers by 5% of the limit per second after the pause, never above the limit', async () => {
		const clock = virtualClock();
		const pace = new GatewayPace(10, clock.now, clock.sleep);
		pace.rateLimited(await pace.acquire(), 1_000);
		expect(pace.currentRate()).toBeCloseTo(7, 5);
		await clock.advanceTo(1_000);
		// no recovery while paused
		expect(pace.currentRate()).toBeCloseTo(7, 5);
		await clock.advanceTo(3_000);
		expect(pace.currentRate()).toBeCloseTo(8, 5);
		await clock.advanceTo(60_000);
		expect(pace.currentRate()).toBe(10);
	});

	it('with an unknown limit, settles under what the gateway took and goes back to unpaced once well above it', async () => {
		const clock = virtualClock();
		const pace = new GatewayPace(undefined, clock.now, clock.sleep);
		for (let i = 0; i < 20; i++) pace.succeeded(await pace.acquire());
		pace.rateLimited(clock.now(), 1_000);
		const cut = 20 * (1000 / 1100) * 0.7;
		expect(pace.currentRate()).toBeCloseTo(cut, 5);
		await clock.advanceTo(1_000 + 10_000);
		expect(pace.currentRate()).toBeCloseTo(cut * 1.5, 5);
		await clock.advanceTo(1_000 + 60_000);
		expect(pace.currentRate()).toBe(Infinity);
	});

	it('never goes below one request in 5 seconds', () => {
		const pace = new GatewayPace(9, () => 0, async () => undefined);
		for (let i = 0; i < 50; i++) pace.rateLimited(Number.MAX_SAFE_INTEGER, 1_000);
		expect(pace.currentRate()).toBe(0.2);
	});
});

describe('paceFor', () => {
	it('is one pace per provider, gateway URL and setting, for the whole process', () => {
		const a = paceFor('smsClub', 'https://a.test', 9);
		expect(paceFor('smsClub', 'https://a.test', 9)).toBe(a);
		expect(paceFor('smsClub', 'https://b.test', 9)).not.toBe(a);
		expect(paceFor('msegat', 'https://a.test', 9)).not.toBe(a);
		expect(paceFor('smsClub', 'https://a.test', 4)).not.toBe(a);
	});

	it("a credential saved before the setting existed gets the provider's documented limit; 0 or nonsense means none", () => {
		expect(paceFor('smsClub', 'https://c.test', undefined, 9).limit).toBe(9);
		expect(paceFor('smsClub', 'https://c.test', '', 9).limit).toBe(9);
		expect(paceFor('smsClub', 'https://c.test', '4.5', 9).limit).toBe(4.5);
		expect(paceFor('smsClub', 'https://c.test', 0, 9).limit).toBe(0);
		expect(paceFor('msegat', 'https://c.test', 'fast').limit).toBe(0);
		expect(paceFor('msegat', 'https://c.test', undefined).limit).toBe(0);
	});
});

describe('withJitter', () => {
	it('adds up to half of the wait, never less than asked', () => {
		expect(withJitter(1_000, () => 0)).toBe(1_000);
		expect(withJitter(1_000, () => 0.999999)).toBe(1_500);
		expect(withJitter(1_000, () => 7)).toBe(1_500);
		const random = seeded(1);
		const waits = Array.from({ length: 200 }, () => withJitter(1_000, random));
		expect(Math.min(...waits)).toBeGreaterThanOrEqual(1_000);
		expect(Math.max(...waits)).toBeLessThanOrEqual(1_500);
		// spread, not lockstep: many different waits
		expect(new Set(waits).size).toBeGreaterThan(100);
	});
});

/**
 * Several n8n processes (queue-mode workers) sending to one account, each with its own pace and
 * no knowledge of the others, against a gateway that refuses (429, Retry-After: 1) any request
 * past its limit in a sliding second, as the SMSClub sandbox does. Each process has 4 lanes and
 * 40 ms of latency. What must hold: every request is eventually accepted (the simulation never
 * gives up), the account's limit is never exceeded, the processes together use most of it, and
 * 429s are a small share of all requests.
 */
describe('several processes sharing one account settle near its limit', () => {
	const LIMIT = 9;
	async function simulate(processes: number, configured: number | undefined, seconds: number) {
		const clock = virtualClock();
		const random = seeded(processes * 31 + (configured ?? 0));
		const arrivals: number[] = [];
		let accepted = 0;
		let refused = 0;
		let busiest = 0;
		const gateway = () => {
			const t = clock.now();
			while (arrivals.length && t - arrivals[0] >= 1000) arrivals.shift();
			if (arrivals.length >= LIMIT) return false;
			arrivals.push(t);
			busiest = Math.max(busiest, arrivals.length);
			return true;
		};
		let running = true;
		const lanes: Promise<void>[] = [];
		for (let p = 0; p < processes; p++) {
			const pace = new GatewayPace(configured, clock.now, clock.sleep);
			for (let lane = 0; lane < 4; lane++) {
				lanes.push(
					(async () => {
						while (running) {
							const start = await pace.acquire();
							if (!running) return;
							const ok = gateway();
							await clock.sleep(40);
							if (ok) {
								accepted++;
								pace.succeeded(start);
							} else {
								refused++;
								pace.rateLimited(start, withJitter(1_000, random));
							}
						}
					})(),
				);
			}
		}
		await clock.advanceTo(seconds * 1000);
		running = false;
		await clock.advanceTo(seconds * 1000 + 60_000);
		await Promise.all(lanes);
		return { throughput: accepted / seconds, share429: refused / (accepted + refused), busiest };
	}

	it.each([
		[1, LIMIT],
		[2, LIMIT],
		[3, LIMIT],
		[2, undefined],
	])('%i process(es), each told the limit is %p', async (processes, configured) => {
		const { throughput, share429, busiest } = await simulate(processes, configured, 120);
		expect(busiest).toBeLessThanOrEqual(LIMIT);
		expect(throughput).toBeGreaterThan(0.6 * LIMIT);
		expect(share429).toBeLessThan(processes === 1 && configured ? 0.001 : 0.15);
	});
});
