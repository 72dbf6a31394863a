import { LaneSpreader, RateLimiter, runWithConcurrency, splitIntoBatches } from '../../nodes/shared/batching';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('splitIntoBatches', () => {
	const cases: Array<[string, number[], number, number[][]]> = [
		['no items, no batches (no empty request)', [], 100, []],
		['fewer items than the size: one batch', [1, 2, 3], 100, [[1, 2, 3]]],
		['exact multiple: no trailing empty batch', range(6), 3, [[0, 1, 2], [3, 4, 5]]],
		['one over a multiple: a batch of one at the end', range(7), 3, [[0, 1, 2], [3, 4, 5], [6]]],
		['size 1: one item per batch', [7, 8, 9], 1, [[7], [8], [9]]],
		['size equal to the length', range(4), 4, [[0, 1, 2, 3]]],
	];
	it.each(cases)('%s', (_label, items, size, expected) => {
		expect(splitIntoBatches(items, size)).toEqual(expected);
	});

	it('keeps every item exactly once, in order, for a realistic bulk list', () => {
		const items = range(250);
		const batches = splitIntoBatches(items, 100);
		expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
		expect(batches.flat()).toEqual(items);
	});

	it('does not modify the input list', () => {
		const items = Object.freeze([1, 2, 3]);
		splitIntoBatches(items, 2);
		expect(items).toEqual([1, 2, 3]);
	});

	it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('invalid size %p throws a RangeError naming it', (size) => {
		expect(() => splitIntoBatches([1, 2], size)).toThrow(RangeError);
		expect(() => splitIntoBatches([1, 2], size)).toThrow(`got ${size}`);
	});
});

describe('runWithConcurrency', () => {
	/** A worker whose items take different times, recording how many run at once. */
	function instrumentedWorker(durations: number[]) {
		let inFlight = 0;
		const stats = { maxInFlight: 0, started: [] as number[] };
		const worker = async (item: number, index: number) => {
			stats.started.push(index);
			inFlight++;
			stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
			await delay(durations[index]);
			inFlight--;
			return `result ${item}`;
		};
		return { worker, stats };
	}

	it('keeps results in input order although later items finish first', async () => {
		// Decreasing durations: the last items finish first.
		const durations = [40, 30, 20, 10, 5, 1];
		const { worker } = instrumentedWorker(durations);
		const results = await runWithConcurrency(range(6).map((i) => i * 10), 3, worker);
		expect(results).toEqual(['result 0', 'result 10', 'result 20', 'result 30', 'result 40', 'result 50']);
	});

	const limits: Array<[string, number, number, number]> = [
		// [label, items, concurrency, expected max in flight]
		['never more than the concurrency, and uses all lanes', 10, 3, 3],
		['concurrency 1 runs one at a time', 5, 1, 1],
		['concurrency above the item count: all items at once', 3, 10, 3],
		['concurrency 0 is treated as 1', 4, 0, 1],
		['NaN concurrency is treated as 1', 4, Number.NaN, 1],
		['fractional concurrency is rounded down', 6, 2.9, 2],
	];
	it.each(limits)('%s', async (_label, count, concurrency, expectedMax) => {
		const { worker, stats } = instrumentedWorker(range(count).map((i) => 5 + (i % 3) * 5));
		const results = await runWithConcurrency(range(count), concurrency, worker);
		expect(stats.maxInFlight).toBe(expectedMax);
		expect(results).toHaveLength(count);
		expect([...stats.started].sort((a, b) => a - b)).toEqual(range(count));
	});

	it('passes each item with its index', async () => {
		const seen: Array<[string, number]> = [];
		await runWithConcurrency(['a', 'b', 'c'], 2, async (item, index) => {
			seen.push([item, index]);
		});
		expect(seen.sort()).toEqual([['a', 0], ['b', 1], ['c', 2]]);
	});

	it('returns an empty list for no items without calling the worker', async () => {
		const worker = jest.fn(async () => 1);
		await expect(runWithConcurrency([], 4, worker)).resolves.toEqual([]);
		expect(worker).not.toHaveBeenCalled();
	});

	it('rejects with the worker error', async () => {
		const failure = new Error('worker failed on item 2');
		const run = runWithConcurrency(range(5), 2, async (item) => {
			await delay(2);
			if (item === 2) throw failure;
			return item;
		});
		await expect(run).rejects.toBe(failure);
	});

	// BUG (nodes/shared/batching.ts, runWithConcurrency): when one worker rejects, the other lanes
	// keep taking new items after the run has already rejected. In SMSClub's `deliver` the items are
	// send requests, so batches are still sent after the node has failed, and their outcome is never
	// reported (n8n's Retry On Fail would then send them twice).
	it('starts no new item once a worker has rejected', async () => {
		const started: number[] = [];
		const run = runWithConcurrency(range(6), 2, async (item) => {
			started.push(item);
			if (item === 0) throw new Error('item 0 failed');
			await delay(20);
			return item;
		});
		await expect(run).rejects.toThrow('item 0 failed');
		// Give the surviving lane time to finish item 1 and (wrongly) pick up items 2..5.
		await delay(150);
		expect(started.sort()).toEqual([0, 1]);
	});
});

describe('LaneSpreader', () => {
	/** A clock that only moves when something sleeps on it; every sleep is recorded. */
	function fakeClock(lateBy = 0) {
		const clock = { now: 0, sleeps: [] as number[] };
		const sleeper = async (ms: number) => {
			clock.sleeps.push(ms);
			clock.now += ms + lateBy;
		};
		return { clock, now: () => clock.now, sleeper };
	}

	it('lets the first calls start at once: nothing is known of their duration yet', async () => {
		const { clock, now, sleeper } = fakeClock();
		const spreader = new LaneSpreader(5, now, sleeper);
		for (let i = 0; i < 5; i++) await spreader.start();
		expect(clock.sleeps).toEqual([]);
	});

	it('spaces starts by the shortest recent call divided by the lanes', async () => {
		const { clock, now, sleeper } = fakeClock();
		const spreader = new LaneSpreader(5, now, sleeper);
		const first = await spreader.start();
		clock.now = 30;
		spreader.done(first); // 30 ms
		const second = await spreader.start(); // at 30
		clock.now = 50;
		spreader.done(second); // 20 ms: the shortest, so the gap is 20 / 5
		const starts: number[] = [];
		for (let i = 0; i < 4; i++) starts.push(await spreader.start());
		const gaps = starts.slice(1).map((t, i) => t - starts[i]);
		// The first of them starts long after its slot (the clock jumped): half a gap, then whole ones.
		expect(gaps).toEqual([2, 4, 4]);
	});

	it('keeps its slots when wake-ups come late, instead of pushing every later start back', async () => {
		const { clock, now, sleeper } = fakeClock(1); // every sleep ends 1 ms late
		const spreader = new LaneSpreader(4, now, sleeper);
		const first = await spreader.start();
		clock.now = 40;
		spreader.done(first); // gap 10
		const starts: number[] = [];
		for (let i = 0; i < 7; i++) starts.push(await spreader.start());
		// Every start after a sleep is 1 ms past its slot, but the slots stay 10 ms apart: spacing from
		// the actual start would make every gap 11 and fall 1 ms further behind with each start.
		const gaps = starts.slice(2).map((t, i) => t - starts[i + 1]);
		expect(gaps).toEqual([10, 10, 10, 10, 10]);
		expect(clock.sleeps.length).toBeGreaterThanOrEqual(5);
	});

	it('after a long pause in starts, waits half a gap before the next one, not a burst', async () => {
		const { clock, now, sleeper } = fakeClock();
		const spreader = new LaneSpreader(2, now, sleeper);
		const first = await spreader.start();
		clock.now = 20;
		spreader.done(first); // gap 10
		clock.now = 500; // all lanes were busy a long time
		const a = await spreader.start();
		const b = await spreader.start();
		expect(b - a).toBe(5);
	});

	it('follows a gateway that got faster: only the latest calls count', async () => {
		const { clock, now, sleeper } = fakeClock();
		const spreader = new LaneSpreader(2, now, sleeper);
		for (const duration of [...Array(20).fill(100), ...Array(20).fill(40)]) {
			const started = await spreader.start();
			clock.now = started + duration;
			spreader.done(started);
		}
		const a = await spreader.start();
		const b = await spreader.start();
		const c = await spreader.start();
		// gap 40 / 2 (the 100 ms calls are no longer among the latest 20): half of it, then whole
		expect([b - a, c - b]).toEqual([10, 20]);
	});

	it('does not space calls quicker than timers can (a gap under a millisecond)', async () => {
		const { clock, now, sleeper } = fakeClock();
		const spreader = new LaneSpreader(5, now, sleeper);
		const first = await spreader.start();
		clock.now = 4; // 4 / 5 lanes: 0.8 ms
		spreader.done(first);
		for (let i = 0; i < 5; i++) await spreader.start();
		expect(clock.sleeps).toEqual([]);
	});

	it('does not space a single lane', async () => {
		const { clock, now, sleeper } = fakeClock();
		const spreader = new LaneSpreader(1, now, sleeper);
		const first = await spreader.start();
		clock.now = 30;
		spreader.done(first);
		await spreader.start();
		await spreader.start();
		expect(clock.sleeps).toEqual([]);
	});
});

describe('runWithConcurrency with spread', () => {
	it('spreads the starts of parallel calls over one call, and keeps results in order', async () => {
		const starts: number[] = [];
		const results = await runWithConcurrency(
			range(30),
			3,
			async (item) => {
				starts.push(Date.now());
				await delay(30);
				return item * 2;
			},
			{ spread: true },
		);
		expect(results).toEqual(range(30).map((i) => i * 2));
		// Without spreading, three lanes of 30 ms calls start in threes at the same millisecond.
		// Spread, the starts after the first round are about 10 ms (30 / 3) apart.
		const later = starts.slice(6).sort((a, b) => a - b);
		const gaps = later.slice(1).map((t, i) => t - later[i]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5);
	});

	it('runs no faster than without, and no slower than one call per gap', async () => {
		const began = Date.now();
		await runWithConcurrency(range(30), 3, () => delay(30), { spread: true });
		// 10 rounds of 30 ms; spread starts cost at most a gap more per lane
		expect(Date.now() - began).toBeLessThan(30 * 10 * 1.6);
	});
});

describe('RateLimiter', () => {
	/** Checks that no window of `windowMs` holds more than `perWindow` of the sorted start times. */
	function maxStartsInAnyWindow(starts: number[], windowMs: number): number {
		const sorted = [...starts].sort((a, b) => a - b);
		let max = 0;
		for (let i = 0; i < sorted.length; i++) {
			let j = i;
			while (j < sorted.length && sorted[j] - sorted[i] < windowMs) j++;
			max = Math.max(max, j - i);
		}
		return max;
	}

	// Start times are read from the same clock the limiter uses, right after acquire() resolves.
	// The limiter admits a start at its own reading t, and we read the clock again a microtask later;
	// a 1 ms tolerance keeps a millisecond tick between the two from making the test flaky. A limiter
	// that let a 4th start through early would put it ~0 ms after the 1st, far outside the tolerance.
	const WINDOW = 100;
	const TOLERANCE = 1;

	it('admits perSecond starts at once, then spaces the rest into later windows (sequential callers)', async () => {
		const limiter = new RateLimiter(3, WINDOW, Date.now);
		const starts: number[] = [];
		const begin = Date.now();
		for (let i = 0; i < 7; i++) {
			await limiter.acquire();
			starts.push(Date.now());
		}
		expect(maxStartsInAnyWindow(starts, WINDOW - TOLERANCE)).toBeLessThanOrEqual(3);
		// 7 starts at 3 per window need three windows: 3 at once, 3 after ~100 ms, 1 after ~200 ms.
		expect(starts[2] - begin).toBeLessThan(WINDOW / 2);
		expect(starts[6] - begin).toBeGreaterThanOrEqual(2 * WINDOW - TOLERANCE);
		// ...and not much more: the limiter does not wait whole extra windows.
		// (Generous bound for a loaded CI machine; waiting the default 1100 ms window would give 2200+.)
		expect(starts[6] - begin).toBeLessThan(10 * WINDOW);
	});

	it('never lets more than perSecond concurrent callers start in any window', async () => {
		const limiter = new RateLimiter(3, WINDOW, Date.now);
		const starts: number[] = [];
		await Promise.all(
			range(10).map(async () => {
				await limiter.acquire();
				starts.push(Date.now());
			}),
		);
		expect(starts).toHaveLength(10);
		expect(maxStartsInAnyWindow(starts, WINDOW - TOLERANCE)).toBeLessThanOrEqual(3);
		const sorted = [...starts].sort((a, b) => a - b);
		// 10 starts at 3 per window: the 10th cannot come before 3 full windows after the 1st.
		expect(sorted[9] - sorted[0]).toBeGreaterThanOrEqual(3 * WINDOW - TOLERANCE);
	});

	it('uses the injected clock: a slot frees exactly when the oldest start is windowMs old', async () => {
		let now = 1_000;
		const limiter = new RateLimiter(3, WINDOW, () => now);
		await limiter.acquire();
		await limiter.acquire();
		await limiter.acquire();

		now = 1_000 + WINDOW - 1; // one millisecond before the window has passed
		let admitted = false;
		const fourth = limiter.acquire().then(() => {
			admitted = true;
		});
		await delay(30); // real time passes, but the injected clock does not move
		expect(admitted).toBe(false);

		now = 1_000 + WINDOW;
		await fourth;
		expect(admitted).toBe(true);
	});

	it('does not wait when the window has passed on the injected clock', async () => {
		let now = 0;
		const limiter = new RateLimiter(2, 10_000, () => now);
		await limiter.acquire();
		await limiter.acquire();
		now = 10_000;
		const begin = Date.now();
		await limiter.acquire();
		await limiter.acquire();
		// Had it used the real clock it would wait 10 s (and time out the test).
		expect(Date.now() - begin).toBeLessThan(500);
	});

	it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('perSecond %p means no limit', async (perSecond) => {
		const limiter = new RateLimiter(perSecond, 10_000, () => 0);
		const begin = Date.now();
		for (let i = 0; i < 50; i++) await limiter.acquire();
		expect(Date.now() - begin).toBeLessThan(1000);
	});
});
