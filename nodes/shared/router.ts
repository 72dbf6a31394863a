import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { GatewayError, InputError, redact, redactDeep, redactorFor, settle } from './errors';

/** An operation that handles one input item at a time and returns plain data. */
export interface ItemOperation {
	description: INodeProperties[];
	/** True for operations that send SMS: their rows carry a per-recipient `status`. */
	sends?: boolean;
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export interface PreparedItem<P> {
	itemIndex: number;
	value: P;
}

export interface PairedRow {
	itemIndex: number;
	json: IDataObject;
}

/**
 * An operation that works across all input items (bulk sends, batched look-ups): every item is
 * read and validated first (`prepare`, which throws InputError), and only then are requests sent
 * (`run`), so bad input fails before anything goes out.
 */
export interface BatchOperation<P = unknown> {
	description: INodeProperties[];
	sends?: boolean;
	prepare(this: IExecuteFunctions, itemIndex: number): P | Promise<P>;
	run(this: IExecuteFunctions, prepared: Array<PreparedItem<P>>): Promise<PairedRow[]>;
}

/** Recipients that go out together (one request or one run of requests), with the items they came from. */
export interface SendGroup<P> {
	/** The reading of the group's first item: what all its recipients share (text, sender, options). */
	value: P;
	items: Array<PreparedItem<P>>;
}

/**
 * A send operation (send, sendBulk, sendPersonalized, OTP sends), built by `sendOperation` in
 * send.ts. Bulk and personalized sends read and check every item first, as a batch operation,
 * then deliver the items group by group. A single send (`perItem`) is the item loop: each item
 * read, then delivered as its own group; with Continue On Fail off, a failed item stops the
 * items after it.
 */
export interface SendOperation<P = unknown> {
	description: INodeProperties[];
	perItem: boolean;
	prepare(this: IExecuteFunctions, itemIndex: number): P | Promise<P>;
	groups(prepared: Array<PreparedItem<P>>): Array<SendGroup<P>>;
	deliver(this: IExecuteFunctions, group: SendGroup<P>): Promise<PairedRow[]>;
	/** Checks the whole campaign before any group is delivered; throws to refuse it (nothing sent). */
	guard?(this: IExecuteFunctions, groups: Array<SendGroup<P>>): Promise<void>;
	/** The rows of a refused campaign: every recipient `rejected` with the refusal's sentence. */
	refused?(groups: Array<SendGroup<P>>, error: GatewayError): PairedRow[];
}

export type Operation = ItemOperation | BatchOperation<any> | SendOperation<any>;

export interface RouterOptions {
	/** Credential type whose secret fields are redacted from every error. */
	credentialType: string;
	secretFields: string[];
}

function itemLabel(itemIndex: number | undefined): string {
	return itemIndex === undefined ? '' : `[item ${itemIndex}] `;
}

/** Turns anything thrown for an item into the n8n error a user sees, secrets removed. */
export function toNodeError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex: number | undefined,
	secrets: readonly string[],
): NodeApiError | NodeOperationError {
	const node = ctx.getNode();
	let result: NodeApiError | NodeOperationError;
	let message: string;
	if (error instanceof InputError) {
		message = redact(`${itemLabel(itemIndex)}${error.message}`, secrets);
		result = new NodeOperationError(node, message, {
			itemIndex,
			description: error.field ? `Fix the "${error.field}" parameter (or the input field it comes from). Nothing was sent for this item.` : undefined,
		});
	} else if (error instanceof GatewayError) {
		message = redact(`${itemLabel(itemIndex)}${error.message}`, secrets);
		const description = error.description ? redact(error.description, secrets) : undefined;
		result = new NodeApiError(node, { message, description: description ?? null, httpCode: error.httpCode ?? null } as JsonObject, {
			message,
			description,
			httpCode: error.httpCode !== undefined ? String(error.httpCode) : undefined,
			itemIndex,
		});
	} else if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		// n8n's own errors may carry the request (headers included) in their context: rebuild.
		message = redact(`${itemLabel(itemIndex)}${error.message}`, secrets);
		result = new NodeOperationError(node, message, {
			itemIndex,
			description: error.description ? redact(error.description, secrets) : undefined,
		});
	} else {
		message = redact(`${itemLabel(itemIndex)}${error instanceof Error ? error.message : String(error)}`, secrets);
		result = new NodeOperationError(node, message, { itemIndex });
	}
	return keepMessage(result, message);
}

/**
 * n8n's error classes replace any message that mentions a Node error code (ECONNRESET...) with a
 * generic sentence ("You can retry the request immediately"), which for a send invites a
 * duplicate SMS. Our sentences are written for the user: keep them.
 */
function keepMessage<E extends NodeApiError | NodeOperationError>(error: E, message: string): E {
	error.message = message;
	return error;
}

async function secretsOf(ctx: Pick<IExecuteFunctions, 'getCredentials'>, options: RouterOptions): Promise<string[]> {
	try {
		const credentials = await ctx.getCredentials(options.credentialType);
		return options.secretFields.map((field) => credentials[field]).filter((v): v is string => typeof v === 'string');
	} catch {
		return [];
	}
}

/** Rows of a send that did not end `accepted`; with Continue On Fail off they fail the node. */
function failedSendRows(rows: PairedRow[]): PairedRow[] {
	return rows.filter((row) => row.json.status !== undefined && row.json.status !== 'accepted');
}

function sendFailure(ctx: IExecuteFunctions, rows: PairedRow[], failed: PairedRow[], secrets: string[]) {
	const first = failed[0];
	const accepted = rows.filter((row) => row.json.status === 'accepted').length;
	const unknown = failed.filter((row) => row.json.status === 'unknown').length;
	const parts = [`${failed.length} of ${rows.length} recipient(s) not accepted`];
	if (unknown) parts.push(`${unknown} with an unknown outcome`);
	if (accepted) parts.push(`${accepted} accepted and sent`);
	const message = `${itemLabel(first.itemIndex)}${String(first.json.error ?? 'The gateway did not accept the message.')} (${parts.join('; ')}.)`;
	const text = redact(message, secrets);
	return keepMessage(
		new NodeOperationError(ctx.getNode(), text, {
			itemIndex: first.itemIndex,
			description:
				'Turn on "Continue On Fail" (Settings) to get one output item per recipient with its status instead of an error. Accepted messages were sent; do not use "Retry On Fail" on send operations, it would send them again.',
		}),
		text,
	);
}

type ItemRun = (this: IExecuteFunctions, itemIndex: number) => Promise<PairedRow[]>;

function itemRows(operation: ItemOperation): ItemRun {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const data = await operation.execute.call(this, itemIndex);
		return (Array.isArray(data) ? data : [data]).map((json) => ({ itemIndex, json }));
	};
}

function singleSend(operation: SendOperation): ItemRun {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const value = await operation.prepare.call(this, itemIndex);
		return operation.deliver.call(this, { value, items: [{ itemIndex, value }] });
	};
}

/**
 * The item loop shared by every action node: dispatch, Continue On Fail, pairedItem and errors,
 * in one place. Operations only return data.
 */
export async function routeOperation(
	this: IExecuteFunctions,
	operations: Record<string, Operation>,
	options: RouterOptions,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[`${resource}:${operationName}`];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported by this node version.`);
	}
	const secrets = await secretsOf(this, options);
	const continueOnFail = this.continueOnFail();
	const output: PairedRow[] = [];

	// Item by item: an operation of its own (`execute`), or a single send (one group per item, read
	// just before it is delivered, as users of the item loop have always seen it).
	const perItem = 'execute' in operation ? itemRows(operation) : 'perItem' in operation && operation.perItem ? singleSend(operation) : undefined;
	if (perItem) {
		const sends = 'execute' in operation ? operation.sends : true;
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			let rows: PairedRow[];
			try {
				rows = await perItem.call(this, itemIndex);
			} catch (error) {
				const nodeError = toNodeError(this, error, itemIndex, secrets);
				if (!continueOnFail) throw nodeError;
				output.push({ itemIndex, json: { error: nodeError.message } });
				continue;
			}
			if (sends && !continueOnFail) {
				const failed = failedSendRows(rows);
				if (failed.length) throw sendFailure(this, rows, failed, secrets);
			}
			output.push(...rows);
		}
	} else if (!('execute' in operation)) {
		const prepared: Array<PreparedItem<unknown>> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				prepared.push({ itemIndex, value: await operation.prepare.call(this, itemIndex) });
			} catch (error) {
				const nodeError = toNodeError(this, error, itemIndex, secrets);
				if (!continueOnFail) throw nodeError;
				output.push({ itemIndex, json: { error: nodeError.message } });
			}
		}
		if (prepared.length > 0 && 'groups' in operation) {
			const sent: PairedRow[] = [];
			const groups = operation.groups(prepared);
			const refusal = operation.guard ? await settle(operation.guard.call(this, groups)) : undefined;
			if (refusal && 'error' in refusal) {
				const nodeError = toNodeError(this, refusal.error, refusal.error instanceof InputError ? groups[0].items[0].itemIndex : undefined, secrets);
				if (!continueOnFail) throw nodeError;
				const reason = refusal.error instanceof GatewayError ? refusal.error : new GatewayError({ kind: 'notSent', message: nodeError.message });
				sent.push(...(operation.refused?.(groups, reason) ?? []));
			}
			for (const group of refusal && 'error' in refusal ? [] : groups) {
				let rows: PairedRow[];
				try {
					rows = await operation.deliver.call(this, group);
				} catch (error) {
					const nodeError = toNodeError(this, error, group.items[0].itemIndex, secrets);
					if (!continueOnFail) throw nodeError;
					rows = group.items.map(({ itemIndex }) => ({ itemIndex, json: { error: nodeError.message } }));
				}
				sent.push(...rows);
			}
			if (!continueOnFail) {
				const failed = failedSendRows(sent);
				if (failed.length) throw sendFailure(this, sent, failed, secrets);
			}
			output.push(...sent);
		} else if (prepared.length > 0 && 'run' in operation) {
			let rows: PairedRow[];
			try {
				rows = await operation.run.call(this, prepared);
			} catch (error) {
				const nodeError = toNodeError(this, error, prepared[0].itemIndex, secrets);
				if (!continueOnFail) throw nodeError;
				rows = prepared.map(({ itemIndex }) => ({ itemIndex, json: { error: nodeError.message } }));
			}
			if (operation.sends && !continueOnFail) {
				const failed = failedSendRows(rows);
				if (failed.length) throw sendFailure(this, rows, failed, secrets);
			}
			output.push(...rows);
		}
		output.sort((a, b) => a.itemIndex - b.itemIndex);
	}

	// Every string of every row is searched: the secrets' forms are derived once, not per string.
	const redactor = secrets.length === 0 ? undefined : redactorFor(secrets);
	return [output.map(({ itemIndex, json }) => ({ json: redactor ? redactor.redactRow(json) : json, pairedItem: { item: itemIndex } }))];
}

/**
 * The same error treatment for code outside the item loop (a trigger's poll, a load-options
 * list): whatever `work` throws reaches the user as an n8n error with secrets removed, and what it
 * returns is redacted too (a gateway may echo a credential in any reply).
 */
export async function withRedaction<T>(
	ctx: Pick<IExecuteFunctions, 'getNode' | 'getCredentials'>,
	options: RouterOptions,
	work: () => Promise<T>,
): Promise<T> {
	const outcome = await settle(work());
	const secrets = await secretsOf(ctx, options);
	if ('error' in outcome) throw toNodeError(ctx, outcome.error, undefined, secrets);
	return secrets.length === 0 ? outcome.value : redactDeep(outcome.value, secrets);
}
