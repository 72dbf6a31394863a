/**
 * Which fault a sandbox applies to each send request of a soak run.
 *
 * The decision is a pure function of the seed, the request's recipients and how many times a
 * request with those recipients has been seen before, not of the order in which requests arrive.
 * Requests run concurrently, so arrival order changes from run to run; keyed this way, a seed
 * reproduces exactly the same faults on the same batches every time.
 */
import type { Sandbox, SandboxFault, SandboxRequest } from './providers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mulberry32 } = require('../sandbox/framework') as { mulberry32: (seed: number) => () => number };

export type FaultKind = '429' | '500-after' | 'reset-before' | 'reset-after';

/** Probabilities per request (issue 7): 10% 429, 5% 500 after accepting, 2% resets (half before, half after processing). */
export const SOAK_FAULTS: ReadonlyArray<{ kind: FaultKind; probability: number; fault: SandboxFault }> = [
	{ kind: '429', probability: 0.1, fault: { status: 429, headers: { 'retry-after': '0' }, body: 'Too Many Requests' } },
	{ kind: '500-after', probability: 0.05, fault: { status: 500, afterProcessing: true, body: 'Internal Server Error' } },
	{ kind: 'reset-before', probability: 0.01, fault: { reset: true } },
	{ kind: 'reset-after', probability: 0.01, fault: { reset: true, afterProcessing: true } },
];

/** FNV-1a, 32 bits. */
function hash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export function recipientsKey(recipients: readonly string[]): string {
	return recipients.join(',');
}

/** The fault for attempt `attempt` (0-based) of the request carrying `key`, or null for none. */
export function decideFault(seed: number, key: string, attempt: number): FaultKind | null {
	const roll = mulberry32(hash(`${seed}|${attempt}|${key}`))();
	let edge = 0;
	for (const { kind, probability } of SOAK_FAULTS) {
		edge += probability;
		if (roll < edge) return kind;
	}
	return null;
}

export interface TaggedRequest extends SandboxRequest {
	soakKey?: string;
	soakAttempt?: number;
	soakFault?: FaultKind | null;
}

/**
 * Injects the soak faults into `sandbox` for requests `isSend` selects, tagging each such
 * request in the sandbox log with its recipients key, attempt number and fault.
 */
export function injectSoakFaults(
	sandbox: Sandbox,
	seed: number,
	isSend: (req: SandboxRequest) => boolean,
	recipientsOf: (req: SandboxRequest) => string[],
): void {
	const attempts = new Map<string, number>();
	const decide = (req: TaggedRequest): FaultKind | null => {
		if (req.soakFault !== undefined) return req.soakFault;
		if (!isSend(req)) {
			req.soakFault = null;
			return null;
		}
		const key = recipientsKey(recipientsOf(req));
		const attempt = attempts.get(key) ?? 0;
		attempts.set(key, attempt + 1);
		req.soakKey = key;
		req.soakAttempt = attempt;
		req.soakFault = decideFault(seed, key, attempt);
		return req.soakFault;
	};
	for (const { kind, fault } of SOAK_FAULTS) {
		sandbox.inject({ ...fault, kind, times: Infinity, match: (req) => decide(req as TaggedRequest) === kind });
	}
}

export type BatchOutcome = 'clean' | 'exhausted' | Exclude<FaultKind, '429'>;

/**
 * What the plan does to one batch, for a client that retries only 429s, up to `maxAttempts`
 * attempts: how many 429s it meets and how its last attempt ends.
 */
export function planForBatch(seed: number, key: string, maxAttempts: number): { refusals: number; outcome: BatchOutcome } {
	for (let attempt = 0; attempt < maxAttempts; attempt++) {
		const fault = decideFault(seed, key, attempt);
		if (fault === null) return { refusals: attempt, outcome: 'clean' };
		if (fault !== '429') return { refusals: attempt, outcome: fault };
	}
	return { refusals: maxAttempts, outcome: 'exhausted' };
}
