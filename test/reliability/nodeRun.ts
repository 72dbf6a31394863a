/**
 * Runs a provider's node through the test harness and reports what came out, whatever it was:
 * the output items, or the thrown error, and how long it took. Shared by the fuzz and secrets
 * suites, which judge the outcome rather than expect one.
 */
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { createContext, type HarnessOptions } from '../helpers/harness';
import type { LoadedProvider, OperationCase } from './providers';

export interface LogLine {
	level: string;
	message: unknown;
	meta: unknown[];
}

export interface NodeOutcome {
	output?: INodeExecutionData[];
	error?: unknown;
	ms: number;
	/** Everything the node logged through the context's logger. */
	logs: LogLine[];
}

export type RunKind = 'execute' | 'poll' | 'loadOptions';

/** A logger that records every call (the harness's own logger discards them). */
export function recordingLogger(lines: LogLine[]) {
	const record =
		(level: string) =>
		(message: unknown, ...meta: unknown[]) => {
			lines.push({ level, message, meta });
		};
	return { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error'), verbose: record('verbose') };
}

/**
 * Runs `Node.execute` (or a trigger's `poll`, or a load-options method) with a recording logger,
 * catching anything thrown.
 */
export async function runCase(
	kind: RunKind,
	NodeClass: new () => INodeType,
	opts: HarnessOptions,
	loadOptionsMethod?: string,
): Promise<NodeOutcome> {
	const logs: LogLine[] = [];
	const node = new NodeClass();
	const contexts = createContext(opts);
	const logger = recordingLogger(logs);
	for (const ctx of [contexts.execute, contexts.poll, contexts.loadOptions]) (ctx as unknown as { logger: unknown }).logger = logger;
	const started = Date.now();
	try {
		let output: INodeExecutionData[] | undefined;
		if (kind === 'execute') {
			output = ((await node.execute!.call(contexts.execute)) as INodeExecutionData[][])[0];
		} else if (kind === 'poll') {
			const result = await node.poll!.call(contexts.poll);
			output = result ? result[0] : [];
		} else {
			const method = node.methods?.loadOptions?.[loadOptionsMethod ?? ''];
			if (!method) throw new Error(`test: no load-options method ${loadOptionsMethod}`);
			const options = await method.call(contexts.loadOptions);
			output = options.map((option) => ({ json: option as unknown as IDataObject }));
		}
		return { output, ms: Date.now() - started, logs };
	} catch (error) {
		return { error, ms: Date.now() - started, logs };
	}
}

export function runOperation(loaded: LoadedProvider, op: OperationCase, extra: Partial<HarnessOptions>): Promise<NodeOutcome> {
	return runCase('execute', loaded.Node, {
		credentialType: loaded.credentialType,
		credentials: {},
		params: op.params,
		items: op.items,
		...extra,
	});
}

export function isNodeError(error: unknown): error is NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError;
}

export const SEND_STATUSES = new Set(['accepted', 'rejected', 'unknown']);

/**
 * What a user may see from a failed or odd run: problems with the outcome itself (an error
 * that is not one of n8n's, an output row of a send that has neither a status nor an error).
 */
export function outcomeProblems(outcome: NodeOutcome, sends: boolean): string[] {
	const problems: string[] = [];
	if (outcome.error !== undefined) {
		if (!isNodeError(outcome.error)) {
			const e = outcome.error as Error;
			problems.push(`threw ${e?.constructor?.name ?? typeof e}: ${String(e?.message ?? e).slice(0, 300)}`);
		}
		return problems;
	}
	for (const { json } of outcome.output ?? []) {
		if (!sends) continue;
		const hasStatus = typeof json.status === 'string' && SEND_STATUSES.has(json.status);
		const hasError = typeof json.error === 'string' && json.error.length > 0;
		if (!hasStatus && !hasError) problems.push(`send row without status or error: ${JSON.stringify(json).slice(0, 200)}`);
		if (hasStatus && json.status !== 'accepted' && !hasError) problems.push(`${String(json.status)} row without an error sentence: ${JSON.stringify(json).slice(0, 200)}`);
	}
	return problems;
}
