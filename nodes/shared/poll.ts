import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { GatewayError, settle } from './errors';
import { RATE_LIMIT, setReadBudget } from './http';

/**
 * Low-balance alert state: fire once when the balance falls below the threshold, and again only
 * after it has risen back to the threshold or above. The first poll counts as "was above", so a
 * balance already below the threshold at activation is reported once.
 */
export interface LowBalanceState {
	below?: boolean;
	threshold?: number;
}

export function lowBalanceCrossing(
	state: LowBalanceState,
	balance: number,
	threshold: number,
): { fire: boolean; next: LowBalanceState } {
	// A changed threshold starts over: the user asked a new question.
	const wasBelow = state.threshold === threshold ? state.below === true : false;
	const below = balance < threshold;
	return { fire: below && !wasBelow, next: { below, threshold } };
}

/*
 * How n8n 2.41 runs a poll trigger and keeps its state (read in n8n's source: n8n-core
 * `execution-engine/poll-trigger-executor.js`, `active-workflow-triggers.js`, n8n
 * `workflows/triggers/trigger-execution-context.factory.js`,
 * `scheduling/poll-trigger-node/poll-trigger-task-handler.js`, `workflows/triggers/poll-cursor.service.js`):
 *
 * Default mode (in-memory cron). Activation runs one "test" poll, then registers one cron per
 * Poll Times entry; every cron tick calls `poll()` without waiting for the previous one, so polls
 * of one trigger overlap when the gateway is slower than the interval (n8n only counts the overlap
 * in a metric). The node's static data is one in-memory object per activation; n8n writes it to
 * the database at the end of the activation (after the test poll) and when a poll emits
 * (`__emit` -> saveStaticData, a separate write from the execution). A poll that changes state
 * but emits nothing is kept in memory only: a restart or a re-activation loses it.
 *
 * Durable mode (N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED,
 * N8N_POLLER_DURABLE_CURSORS_ENABLED, N8N_USE_WORKFLOW_PUBLICATION_SERVICE). The node's static
 * data is a per-poll copy of a row in `poller_state`. A poll that emits commits that copy in one
 * transaction with its execution, but asynchronously, after `poll()` has returned; a poll that
 * emits nothing commits it on its own (cursor only) right after. Each scheduled poll is a separate
 * task; nothing stops two of them overlapping, and each commits what it computed (the lease only
 * fences a poll that lost its claim), so an overlapping or next poll can read the state from before
 * an emission still being committed. The activation's test poll is never committed at all.
 * A poll running past N8N_SCHEDULER_POLL_TIMEOUT (45 s) is abandoned: its result is dropped.
 * `getPollBudgetMs()` tells a poll how long it may take (about 36 s by default in durable mode).
 *
 * On both, pollers run only on the main instance (the leader in multi-main), so what one process
 * knows about its own polls is enough: `runTriggerPoll` adds, per workflow and node,
 * 1. an in-flight guard: a poll that starts while one of the same trigger is running returns at
 *    once, emits nothing and changes nothing;
 * 2. a revision in the saved state, and a memory of the last state this process handed to n8n:
 *    - after an emission, polls wait (emit nothing, change nothing) until the state n8n gives
 *      them has caught up with the emitted one, so an emission still being committed is never
 *      repeated. If it never catches up (n8n dropped that round: no execution was created), the
 *      state n8n gives is used after EMIT_COMMIT_WAIT_MS and the round is emitted again;
 *    - a state change that emitted nothing (a balance back above the threshold, the starting
 *      point recorded at activation in durable mode) is carried forward from memory when n8n
 *      gives an older state, so it survives a re-activation and durable mode's uncommitted test
 *      poll. Only a real restart (or a crash) forgets it; the triggers' states are designed so
 *      that the next poll then recomputes it from the gateway (see each trigger's comment).
 * The registry is module state. Each node file is bundled on its own (esbuild), so each trigger
 * node type has its own copy of it in a process: enough, since a trigger (one node of one
 * workflow) always has one node type. (n8n's lint forbids `globalThis`, the only way to share more.)
 */

/** Longest wait for n8n to commit an emitted state before the round is considered dropped. */
export const EMIT_COMMIT_WAIT_MS = 60_000;

/** Share of the poll interval that the reads of one poll may spend retrying. */
const READ_BUDGET_SHARE = 0.5;

interface Remembered {
	revision: number;
	state: string;
	emitted: boolean;
	at: number;
}

/** Per node type and process (see above): polls running now, and the last state each trigger handed to n8n. */
const inFlight = new Set<string>();
const memory = new Map<string, Remembered>();
/** Since when each trigger's polls have been refused with 429 (see runTriggerPoll). */
const limitedSince = new Map<string, number>();

/** The trigger a poll belongs to: one node of one workflow. */
function pollIdentity(ctx: Pick<IPollFunctions, 'getWorkflow' | 'getNode'>): string {
	const node = ctx.getNode();
	return `${ctx.getWorkflow().id ?? ''}:${node.id || node.name}`;
}

const MINUTE = 60_000;
const FIXED_INTERVALS: Record<string, number> = {
	everyMinute: MINUTE,
	everyHour: 60 * MINUTE,
	everyDay: 24 * 60 * MINUTE,
	everyWeek: 7 * 24 * 60 * MINUTE,
	everyMonth: 28 * 24 * 60 * MINUTE,
};

/**
 * The shortest gap between two polls that n8n's Poll Times parameter asks for, as far as it can be
 * told without a cron engine: the fixed modes, "every X minutes/hours", and custom crons that fire
 * once a minute on a fixed second (several such entries together poll every few seconds). Any
 * other custom cron counts as once a minute, n8n's shortest cron. Undefined when there is none.
 */
export function pollIntervalMs(pollTimes: unknown): number | undefined {
	const items = (pollTimes as { item?: unknown } | undefined)?.item;
	if (!Array.isArray(items) || items.length === 0) return undefined;
	const seconds: number[] = [];
	let shortest = Infinity;
	for (const raw of items as IDataObject[]) {
		const mode = String(raw?.mode ?? '');
		if (mode in FIXED_INTERVALS) shortest = Math.min(shortest, FIXED_INTERVALS[mode]);
		else if (mode === 'everyX') {
			const value = Number(raw.value);
			const unit = raw.unit === 'hours' ? 60 * MINUTE : MINUTE;
			if (value > 0) shortest = Math.min(shortest, value * unit);
		} else if (mode === 'custom') {
			const fields = String(raw.cronExpression ?? '').trim().split(/\s+/);
			if (fields.length === 6 && /^\d{1,2}$/.test(fields[0]) && fields[1] === '*') seconds.push(Number(fields[0]) % 60);
			else shortest = Math.min(shortest, MINUTE);
		}
	}
	// Gaps between the seconds of one minute, the last one wrapping to the next minute (a single
	// second is its own 60 s gap).
	const distinct = [...new Set(seconds)].sort((a, b) => a - b);
	for (let i = 0; i < distinct.length; i++) {
		const gap = (i + 1 < distinct.length ? distinct[i + 1] : distinct[0] + 60) - distinct[i];
		shortest = Math.min(shortest, gap * 1000);
	}
	return Number.isFinite(shortest) ? shortest : undefined;
}

/**
 * How long the reads of one poll may keep retrying: a share of the poll interval, never more than
 * n8n's own budget for a poll (`getPollBudgetMs`, n8n 2.37+).
 */
export function readBudgetMs(ctx: IPollFunctions): number {
	let pollTimes: unknown;
	try {
		pollTimes = ctx.getNodeParameter('pollTimes', {});
	} catch {
		pollTimes = undefined;
	}
	const interval = pollIntervalMs(pollTimes) ?? MINUTE;
	const n8nBudget = (ctx as { getPollBudgetMs?: () => number }).getPollBudgetMs?.();
	const share = interval * READ_BUDGET_SHARE;
	return typeof n8nBudget === 'number' && n8nBudget > 0 ? Math.min(share, n8nBudget) : share;
}

type Stored<T> = T & { revision?: number };

function stripRevision<T extends object>(value: Stored<T>): { state: T; revision: number } {
	const { revision, ...state } = value;
	return { state: state as T, revision: typeof revision === 'number' && Number.isFinite(revision) ? revision : 0 };
}

export interface PollRound<T> {
	/** The state to keep (written only when it differs from the one given). */
	next: T;
	/** Items to emit; null or empty: nothing. */
	items: IDataObject[] | null;
}

export interface TriggerPollOptions {
	/** Key of the node's static data that holds this event's state. */
	stateKey: string;
	/** What the poll reads, for error messages: "the balance", "the incoming messages". */
	reads: string;
	/** Test seam. */
	now?: () => number;
}

/**
 * Runs one scheduled poll of a trigger event with the guarantees described above. `round` gets
 * the state to start from (a copy) and returns the next state and the items to emit; it must not
 * touch the static data itself. Manual runs ("Fetch Test Event") do not come here: they change no
 * state and must work while the trigger is polling.
 */
export async function runTriggerPoll<T extends object>(
	ctx: IPollFunctions,
	options: TriggerPollOptions,
	round: (state: T) => Promise<PollRound<T>>,
): Promise<INodeExecutionData[][] | null> {
	const now = options.now ?? Date.now;
	const id = `${pollIdentity(ctx)}:${options.stateKey}`;
	if (inFlight.has(id)) {
		ctx.logger?.debug?.('SMS gateway trigger: previous poll still running, this one is skipped', { trigger: id });
		return null;
	}
	inFlight.add(id);
	try {
		const staticData = ctx.getWorkflowStaticData('node');
		const raw = staticData[options.stateKey];
		const saved = stripRevision<T>((raw && typeof raw === 'object' ? raw : {}) as Stored<T>);
		// The state the round starts from, as text: compared with its result, and parsed into the
		// round's own copy, so that nothing the round does reaches n8n's object.
		let startText = JSON.stringify(saved.state);
		let revision = saved.revision;
		let carried = false;
		const known = memory.get(id);
		if (known && saved.revision < known.revision) {
			if (known.emitted) {
				if (now() - known.at < EMIT_COMMIT_WAIT_MS) {
					ctx.logger?.debug?.('SMS gateway trigger: waiting for n8n to save the last emission, this poll is skipped', { trigger: id });
					return null;
				}
				// n8n never saved that round (and so never ran its execution): it is read again.
				memory.delete(id);
			} else {
				startText = known.state;
				revision = known.revision;
				carried = true;
			}
		}

		// Date.now, not the test seam: callGateway compares the deadline with Date.now.
		setReadBudget(ctx, { reads: options.reads, deadline: Date.now() + readBudgetMs(ctx) });
		let outcome: { value: PollRound<T> } | { error: unknown };
		try {
			outcome = await settle(round(JSON.parse(startText) as T));
		} finally {
			setReadBudget(ctx, undefined);
		}
		if ('error' in outcome) {
			// The gateway asks to slow down (HTTP 429: the account's limit is in use, e.g. by a
			// campaign on the workers): the poll is skipped quietly, moving nothing, and the next
			// one catches up. Only if every poll is refused for as long as a send would wait
			// (RATE_LIMIT.patienceMs, 5 minutes) does the error reach the user.
			const { error } = outcome;
			if (error instanceof GatewayError && error.httpCode === 429) {
				const since = limitedSince.get(id) ?? now();
				limitedSince.set(id, since);
				if (now() - since < RATE_LIMIT.patienceMs) {
					ctx.logger?.warn?.('SMS gateway trigger: the gateway is limiting the request rate (HTTP 429), this poll is skipped', { trigger: id });
					return null;
				}
			}
			throw error;
		}
		const result = outcome.value;
		limitedSince.delete(id);
		const items = result.items && result.items.length > 0 ? result.items : null;
		const next = JSON.stringify(result.next);
		// A carried-forward state is written even when unchanged, so that n8n saves it this time.
		if (items || carried || next !== startText) {
			revision++;
			// Assigned whole: n8n notices changes to the node's static data by top-level assignment.
			staticData[options.stateKey] = { ...(JSON.parse(next) as IDataObject), revision };
			memory.set(id, { revision, state: next, emitted: items !== null, at: now() });
		}
		return items ? [items.map((json) => ({ json }))] : null;
	} finally {
		inFlight.delete(id);
	}
}

/** Forgets what this process remembers of its polls (tests: a fresh process, as after a restart). */
export function forgetPolls(): void {
	inFlight.clear();
	memory.clear();
	limitedSince.clear();
}
