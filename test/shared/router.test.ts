import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { GatewayError, InputError } from '../../nodes/shared/errors';
import { routeOperation, type BatchOperation, type ItemOperation, type Operation, type PairedRow, type RouterOptions } from '../../nodes/shared/router';

const node: INode = { id: 'n1', name: 'SMS', type: 'n8n-nodes-sms-gateways.test', typeVersion: 1, position: [0, 0], parameters: {} };
const TOKEN = 'tok_8c1f7a9e2b';
const routerOptions: RouterOptions = { credentialType: 'testApi', secretFields: ['accessToken'] };

interface FakeOptions {
	resource?: string;
	operation?: string;
	items?: IDataObject[];
	continueOnFail?: boolean;
	credentials?: IDataObject | Error;
}

function fakeExecute(opts: FakeOptions = {}) {
	const items: INodeExecutionData[] = (opts.items ?? [{}]).map((json) => ({ json }));
	const params: IDataObject = { resource: opts.resource ?? 'sms', operation: opts.operation ?? 'send' };
	const credentials = opts.credentials ?? { accessToken: TOKEN, baseUrl: 'https://api.gateway.test' };
	const getCredentials = jest.fn(async (type: string) => {
		if (credentials instanceof Error) throw credentials;
		if (type !== 'testApi') throw new Error(`unexpected credential type ${type}`);
		return credentials;
	});
	const ctx = {
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			if (name in params) return params[name];
			if (name === 'to') return items[itemIndex].json.to;
			return fallback;
		},
		getNode: () => node,
		getCredentials,
		continueOnFail: () => opts.continueOnFail ?? false,
	} as unknown as IExecuteFunctions;
	return { ctx, getCredentials };
}

function itemOperation(execute: (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>, sends = false): ItemOperation {
	return { description: [], sends, execute: jest.fn(execute) };
}

function batchOperation<P>(
	prepare: (this: IExecuteFunctions, itemIndex: number) => P | Promise<P>,
	run: BatchOperation<P>['run'],
	sends = false,
): BatchOperation<P> & { prepare: jest.Mock; run: jest.Mock } {
	return { description: [], sends, prepare: jest.fn(prepare), run: jest.fn(run) };
}

async function route(ctx: IExecuteFunctions, operations: Record<string, Operation>) {
	const [output] = await routeOperation.call(ctx, operations, routerOptions);
	return output;
}

/** Runs the router expecting it to throw; returns the error. */
async function routeError(ctx: IExecuteFunctions, operations: Record<string, Operation>): Promise<NodeApiError | NodeOperationError> {
	const outcome = await routeOperation.call(ctx, operations, routerOptions).then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(outcome).toBeDefined();
	expect(outcome instanceof NodeApiError || outcome instanceof NodeOperationError).toBe(true);
	return outcome as NodeApiError | NodeOperationError;
}

const paired = (output: INodeExecutionData[]) => output.map((o) => (o.pairedItem as { item: number }).item);

describe('routeOperation: dispatch', () => {
	it('runs the operation named by resource:operation, with the node context as `this`', async () => {
		const send = itemOperation(async function (this: IExecuteFunctions, i) {
			return { to: this.getNodeParameter('to', i) as string };
		});
		const other = itemOperation(async () => ({ wrong: true }));
		const { ctx } = fakeExecute({ items: [{ to: 'a' }, { to: 'b' }] });
		const output = await route(ctx, { 'sms:send': send, 'account:getBalance': other });
		expect(output.map((o) => o.json)).toEqual([{ to: 'a' }, { to: 'b' }]);
		expect(other.execute).not.toHaveBeenCalled();
	});

	it('fails for an unknown resource:operation, naming both', async () => {
		const { ctx } = fakeExecute({ resource: 'sms', operation: 'teleport' });
		const error = await routeError(ctx, { 'sms:send': itemOperation(async () => ({})) });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The operation "teleport" of "sms" is not supported by this node version.');
	});

	it('an operation of another resource with the same name is not used', async () => {
		const { ctx } = fakeExecute({ resource: 'otp', operation: 'send' });
		await routeError(ctx, { 'sms:send': itemOperation(async () => ({})) });
	});

	it('reads the credential named in the options for redaction', async () => {
		const { ctx, getCredentials } = fakeExecute();
		await route(ctx, { 'sms:send': itemOperation(async () => ({})) });
		expect(getCredentials).toHaveBeenCalledWith('testApi');
	});
});

describe('routeOperation: item operations', () => {
	it('pairs every output row with its input item, for single rows and lists', async () => {
		// Item 0 gives one row, item 1 three (one per recipient), item 2 none.
		const op = itemOperation(async (i) => [[{ n: 0 }], [{ n: 1 }, { n: 2 }, { n: 3 }], []][i]);
		const { ctx } = fakeExecute({ items: [{}, {}, {}] });
		const output = await route(ctx, { 'sms:send': op });
		expect(output.map((o) => o.json)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
		expect(paired(output)).toEqual([0, 1, 1, 1]);
		expect((op.execute as jest.Mock).mock.calls.map((c) => c[0])).toEqual([0, 1, 2]);
	});

	it('with Continue On Fail, a failing item becomes an error item paired to it and the rest run', async () => {
		const op = itemOperation(async (i) => {
			if (i === 1) throw new Error('gateway said no');
			return { ok: i };
		});
		const { ctx } = fakeExecute({ items: [{}, {}, {}], continueOnFail: true });
		const output = await route(ctx, { 'sms:send': op });
		expect(output.map((o) => o.json)).toEqual([{ ok: 0 }, { error: '[item 1] gateway said no' }, { ok: 2 }]);
		expect(paired(output)).toEqual([0, 1, 2]);
	});

	it('without Continue On Fail, the first failing item fails the node with its index, and later items do not run', async () => {
		const op = itemOperation(async (i) => {
			if (i === 1) throw new Error('gateway said no');
			return { ok: i };
		});
		const { ctx } = fakeExecute({ items: [{}, {}, {}] });
		const error = await routeError(ctx, { 'sms:send': op });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('[item 1] gateway said no');
		expect(error.context.itemIndex).toBe(1);
		expect(op.execute).toHaveBeenCalledTimes(2);
	});

	it('a thrown non-Error value is reported as text', async () => {
		const { ctx } = fakeExecute({ continueOnFail: true });
		const output = await route(ctx, { 'sms:send': itemOperation(async () => Promise.reject('plain failure')) });
		expect(output[0].json).toEqual({ error: '[item 0] plain failure' });
	});

	it('InputError: message with the item, description naming the field to fix', async () => {
		const op = itemOperation(async () => {
			throw new InputError('"12ab" in "to" is not a phone number.', 'to');
		});
		const { ctx } = fakeExecute({ items: [{}, {}] });
		const error = await routeError(ctx, { 'sms:send': op });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('[item 0] "12ab" in "to" is not a phone number.');
		expect(error.description).toContain('Fix the "to" parameter');
		expect(error.description).toContain('Nothing was sent');
		expect(error.context.itemIndex).toBe(0);
	});

	it('InputError without a field has no description', async () => {
		const { ctx } = fakeExecute();
		const error = await routeError(ctx, { 'sms:send': itemOperation(async () => Promise.reject(new InputError('bad input'))) });
		expect(error.message).toBe('[item 0] bad input');
		expect(error.description).toBeFalsy();
	});

	it('GatewayError: NodeApiError with the HTTP code, item, message and description', async () => {
		const op = itemOperation(async (i) => {
			if (i < 2) return { ok: i };
			throw new GatewayError({ kind: 'notSent', httpCode: 429, message: 'TestGateway is limiting the request rate (HTTP 429).', description: 'The gateway answered: slow down' });
		});
		const { ctx } = fakeExecute({ items: [{}, {}, {}] });
		const error = await routeError(ctx, { 'sms:getStatus': op, 'sms:send': op });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('[item 2] TestGateway is limiting the request rate (HTTP 429).');
		expect(error.description).toBe('The gateway answered: slow down');
		expect((error as NodeApiError).httpCode).toBe('429');
		expect(error.context.itemIndex).toBe(2);
	});

	it('GatewayError with Continue On Fail becomes an error item with the message', async () => {
		const op = itemOperation(async () => Promise.reject(new GatewayError({ kind: 'auth', httpCode: 401, message: 'The access token was refused.' })));
		const { ctx } = fakeExecute({ continueOnFail: true });
		const output = await route(ctx, { 'sms:send': op });
		expect(output).toEqual([{ json: { error: '[item 0] The access token was refused.' }, pairedItem: { item: 0 } }]);
	});

	// BUG (nodes/shared/router.ts lines 63-70 and 105, with n8n-workflow's NodeError): NodeApiError and
	// NodeOperationError replace any message containing a Node error code (ECONNREFUSED, ECONNRESET,
	// ECONNABORTED, ETIMEDOUT, ...) by n8n's generic sentence. callGateway's messages name the code, so
	// the user reads "The connection to the server was closed unexpectedly ... You can retry the request
	// immediately" instead of "it is not known whether the SMS went out ... not sent again", and the
	// `[item N]` label is lost. (Passing `messageMapping`, or keeping codes out of the message, avoids it.)
	it('a GatewayError naming a network code reaches the user unchanged', async () => {
		const message = 'The connection to TestGateway failed after the request was sent (ECONNRESET), so it is not known whether the SMS went out.';
		const { ctx } = fakeExecute();
		const error = await routeError(ctx, { 'sms:send': itemOperation(async () => Promise.reject(new GatewayError({ kind: 'unknown', message }))) });
		expect(error.message).toBe(`[item 0] ${message}`);
	});

	it("an n8n error thrown by an operation is rebuilt with the item index", async () => {
		const apiError = new NodeApiError(node, { message: 'Bad request' }, { message: 'Bad request - please check your parameters', description: 'sender not allowed' });
		const { ctx } = fakeExecute({ items: [{}, {}] });
		const op = itemOperation(async (i) => (i === 1 ? Promise.reject(apiError) : { ok: true }));
		const error = await routeError(ctx, { 'sms:send': op });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('Bad request - please check your parameters');
		expect(error.description).toBe('sender not allowed');
		expect(error.context.itemIndex).toBe(1);
	});

	// BUG (minor, nodes/shared/router.ts line 74): every other branch of toNodeError starts the
	// message with `[item N]`; an n8n error (NodeApiError/NodeOperationError) thrown by an operation
	// does not, so the user is not told which item failed in the message.
	it('an n8n error thrown by an operation also names its item in the message', async () => {
		const apiError = new NodeApiError(node, { message: 'Bad request' }, { message: 'Bad request - please check your parameters' });
		const { ctx } = fakeExecute({ items: [{}, {}] });
		const op = itemOperation(async (i) => (i === 1 ? Promise.reject(apiError) : { ok: true }));
		const error = await routeError(ctx, { 'sms:send': op });
		expect(error.message).toMatch(/^\[item 1\] /);
	});
});

describe('routeOperation: sends', () => {
	const rows = (...statuses: Array<'accepted' | 'rejected' | 'unknown'>): IDataObject[] =>
		statuses.map((status, n) => ({ provider: 'test', to: `96650000000${n}`, status, ...(status === 'accepted' ? { messageId: `m${n}` } : { error: `Recipient ${n} ${status}.` }) }));

	it('all accepted: rows pass through', async () => {
		const { ctx } = fakeExecute();
		const output = await route(ctx, { 'sms:send': itemOperation(async () => rows('accepted', 'accepted'), true) });
		expect(output.map((o) => o.json.status)).toEqual(['accepted', 'accepted']);
	});

	it('rejected and unknown recipients fail the node with the first error and the counts', async () => {
		const { ctx } = fakeExecute();
		// 4 recipients: 2 accepted (already sent), 1 rejected, 1 unknown.
		const op = itemOperation(async () => rows('accepted', 'rejected', 'accepted', 'unknown'), true);
		const error = await routeError(ctx, { 'sms:send': op });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^\[item 0\] Recipient 1 rejected\. \(/);
		expect(error.message).toContain('2 of 4 recipient(s) not accepted');
		expect(error.message).toContain('1 with an unknown outcome');
		expect(error.message).toContain('2 accepted and sent');
		expect(error.description).toContain('Continue On Fail');
		expect(error.context.itemIndex).toBe(0);
	});

	it('only rejected, none accepted: the summary does not claim any were sent', async () => {
		const { ctx } = fakeExecute();
		const error = await routeError(ctx, { 'sms:send': itemOperation(async () => rows('rejected'), true) });
		expect(error.message).toContain('1 of 1 recipient(s) not accepted');
		expect(error.message).not.toContain('accepted and sent');
		expect(error.message).not.toContain('unknown outcome');
	});

	it('a failed row without an error sentence gets a default one', async () => {
		const { ctx } = fakeExecute();
		const error = await routeError(ctx, { 'sms:send': itemOperation(async () => [{ status: 'rejected' }], true) });
		expect(error.message).toMatch(/^\[item 0\] The gateway did not accept the message\. \(/);
	});

	// BUG (same root cause as the GatewayError one above, nodes/shared/router.ts line 105): the send
	// summary is built into a NodeOperationError, which swaps a sentence naming ECONNRESET (as
	// failedRows copies it from callGateway) for n8n's "You can retry the request immediately ...",
	// dropping the counts and the warning that the SMS may already have gone out.
	it('the send summary keeps a row error that names a network code', async () => {
		const { ctx } = fakeExecute();
		const rowError = 'The connection to TestGateway failed after the request was sent (ECONNRESET), so it is not known whether the SMS went out.';
		const error = await routeError(ctx, { 'sms:send': itemOperation(async () => [{ status: 'unknown', error: rowError }], true) });
		expect(error.message).toBe(`[item 0] ${rowError} (1 of 1 recipient(s) not accepted; 1 with an unknown outcome.)`);
	});

	it('with Continue On Fail, every recipient row is output with its status', async () => {
		const { ctx } = fakeExecute({ continueOnFail: true });
		const output = await route(ctx, { 'sms:send': itemOperation(async () => rows('accepted', 'rejected', 'unknown'), true) });
		expect(output.map((o) => o.json.status)).toEqual(['accepted', 'rejected', 'unknown']);
		expect(output[1].json.error).toBe('Recipient 1 rejected.');
		expect(paired(output)).toEqual([0, 0, 0]);
	});

	it('an operation that does not send may return rows with a non-accepted status (e.g. delivery status)', async () => {
		const { ctx } = fakeExecute({ operation: 'getStatus' });
		const output = await route(ctx, { 'sms:getStatus': itemOperation(async () => rows('rejected'), false) });
		expect(output[0].json.status).toBe('rejected');
	});

	it('names the item whose recipient failed', async () => {
		const { ctx } = fakeExecute({ items: [{}, {}] });
		const op = itemOperation(async (i) => (i === 0 ? rows('accepted') : rows('unknown')), true);
		const error = await routeError(ctx, { 'sms:send': op });
		expect(error.message).toMatch(/^\[item 1\] /);
		expect(error.context.itemIndex).toBe(1);
	});
});

describe('routeOperation: batch operations', () => {
	const prepareFailingOn = (bad: number) =>
		function (this: IExecuteFunctions, i: number) {
			if (i === bad) throw new InputError(`"x${i}" in "to" is not a phone number.`, 'to');
			return { to: `to${i}` };
		};
	const runEcho = async (prepared: Array<{ itemIndex: number; value: { to: string } }>): Promise<PairedRow[]> =>
		prepared.map(({ itemIndex, value }) => ({ itemIndex, json: { to: value.to, status: 'accepted' } }));

	it('prepares every item, then runs once with all of them, pairing rows to items', async () => {
		const op = batchOperation((i) => ({ to: `to${i}` }), runEcho, true);
		const { ctx } = fakeExecute({ items: [{}, {}, {}] });
		const output = await route(ctx, { 'sms:sendBulk': op, 'sms:send': op });
		expect(op.prepare.mock.calls.map((c) => c[0])).toEqual([0, 1, 2]);
		expect(op.run).toHaveBeenCalledTimes(1);
		expect(op.run.mock.calls[0][0]).toEqual([
			{ itemIndex: 0, value: { to: 'to0' } },
			{ itemIndex: 1, value: { to: 'to1' } },
			{ itemIndex: 2, value: { to: 'to2' } },
		]);
		expect(output.map((o) => o.json.to)).toEqual(['to0', 'to1', 'to2']);
		expect(paired(output)).toEqual([0, 1, 2]);
	});

	it('without Continue On Fail, a prepare error fails the node before anything is sent', async () => {
		const op = batchOperation(prepareFailingOn(1), runEcho, true);
		const { ctx } = fakeExecute({ items: [{}, {}, {}] });
		const error = await routeError(ctx, { 'sms:send': op });
		expect(op.run).not.toHaveBeenCalled();
		expect(error.message).toBe('[item 1] "x1" in "to" is not a phone number.');
		expect(error.context.itemIndex).toBe(1);
	});

	it('with Continue On Fail, only the bad item is skipped: an error item in its place, the rest sent', async () => {
		const op = batchOperation(prepareFailingOn(1), runEcho, true);
		const { ctx } = fakeExecute({ items: [{}, {}, {}], continueOnFail: true });
		const output = await route(ctx, { 'sms:send': op });
		expect(op.run.mock.calls[0][0].map((p: { itemIndex: number }) => p.itemIndex)).toEqual([0, 2]);
		expect(output.map((o) => o.json)).toEqual([
			{ to: 'to0', status: 'accepted' },
			{ error: '[item 1] "x1" in "to" is not a phone number.' },
			{ to: 'to2', status: 'accepted' },
		]);
		expect(paired(output)).toEqual([0, 1, 2]);
	});

	it('with Continue On Fail and every item bad, run is not called', async () => {
		const op = batchOperation(() => {
			throw new InputError('empty', 'message');
		}, runEcho);
		const { ctx } = fakeExecute({ items: [{}, {}], continueOnFail: true });
		const output = await route(ctx, { 'sms:send': op });
		expect(op.run).not.toHaveBeenCalled();
		expect(output.map((o) => o.json)).toEqual([{ error: '[item 0] empty' }, { error: '[item 1] empty' }]);
	});

	it('rows returned out of order are output in item order, each still paired to its own item', async () => {
		const op = batchOperation(
			(i) => i,
			async () => [
				{ itemIndex: 2, json: { r: 'c' } },
				{ itemIndex: 0, json: { r: 'a1' } },
				{ itemIndex: 1, json: { r: 'b' } },
				{ itemIndex: 0, json: { r: 'a2' } },
			],
		);
		const { ctx } = fakeExecute({ items: [{}, {}, {}] });
		const output = await route(ctx, { 'sms:send': op });
		expect(output.map((o) => [o.json.r, (o.pairedItem as { item: number }).item])).toEqual([
			['a1', 0],
			['a2', 0],
			['b', 1],
			['c', 2],
		]);
	});

	it('a failing run fails the node for the first prepared item', async () => {
		const op = batchOperation((i) => ({ to: `to${i}` }), async () => Promise.reject(new GatewayError({ kind: 'notSent', httpCode: 401, message: 'The token was refused.' })));
		const { ctx } = fakeExecute({ items: [{}, {}, {}] });
		const error = await routeError(ctx, { 'sms:send': op });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('[item 0] The token was refused.');
		expect((error as NodeApiError).httpCode).toBe('401');
	});

	it('a failing run with Continue On Fail gives every prepared item an error item', async () => {
		const op = batchOperation(prepareFailingOn(0), async () => Promise.reject(new GatewayError({ kind: 'notSent', message: 'Gateway refused.' })));
		const { ctx } = fakeExecute({ items: [{}, {}, {}], continueOnFail: true });
		const output = await route(ctx, { 'sms:send': op });
		// Item 0 failed in prepare; items 1 and 2 failed together in run, labelled with item 1.
		expect(output.map((o) => o.json.error)).toEqual(['[item 0] "x0" in "to" is not a phone number.', '[item 1] Gateway refused.', '[item 1] Gateway refused.']);
		expect(paired(output)).toEqual([0, 1, 2]);
	});

	it('sends: a non-accepted recipient fails the node with counts over the whole batch', async () => {
		const op = batchOperation(
			(i) => i,
			async () => [
				{ itemIndex: 0, json: { status: 'accepted' } },
				{ itemIndex: 1, json: { status: 'accepted' } },
				{ itemIndex: 2, json: { status: 'unknown', error: 'No answer for 966500000002.' } },
			],
			true,
		);
		const { ctx } = fakeExecute({ operation: 'sendBulk', items: [{}, {}, {}] });
		const error = await routeError(ctx, { 'sms:sendBulk': op });
		expect(error.message).toMatch(/^\[item 2\] No answer for 966500000002\. \(/);
		expect(error.message).toContain('1 of 3 recipient(s) not accepted');
		expect(error.message).toContain('1 with an unknown outcome');
		expect(error.message).toContain('2 accepted and sent');
		expect(error.context.itemIndex).toBe(2);
	});

	it('sends with Continue On Fail: all rows output', async () => {
		const op = batchOperation(
			(i) => i,
			async () => [
				{ itemIndex: 0, json: { status: 'rejected', error: 'blocked' } },
				{ itemIndex: 1, json: { status: 'accepted' } },
			],
			true,
		);
		const { ctx } = fakeExecute({ operation: 'sendBulk', items: [{}, {}], continueOnFail: true });
		const output = await route(ctx, { 'sms:sendBulk': op });
		expect(output.map((o) => o.json.status)).toEqual(['rejected', 'accepted']);
	});
});

describe('routeOperation: secrets never reach the user', () => {
	const b64 = Buffer.from(TOKEN).toString('base64');

	it('are redacted from a thrown error message and description', async () => {
		const op = itemOperation(async () =>
			Promise.reject(new GatewayError({ kind: 'auth', httpCode: 401, message: `Token ${TOKEN} refused.`, description: `Sent Authorization: Bearer ${TOKEN}` })),
		);
		const { ctx } = fakeExecute();
		const error = await routeError(ctx, { 'sms:send': op });
		expect(error.message).toBe('[item 0] Token *** refused.');
		expect(error.description).toBe('Sent Authorization: Bearer ***');
		expect(JSON.stringify({ m: error.message, d: error.description, ms: error.messages })).not.toContain(TOKEN);
	});

	it('are redacted from InputError and plain errors', async () => {
		const { ctx } = fakeExecute({ items: [{}, {}], continueOnFail: true });
		const op = itemOperation(async (i) => Promise.reject(i === 0 ? new InputError(`bad value ${TOKEN}`, 'to') : new Error(`failed ?key=${encodeURIComponent(TOKEN)}`)));
		const output = await route(ctx, { 'sms:send': op });
		expect(output.map((o) => o.json.error)).toEqual(['[item 0] bad value ***', '[item 1] failed ?key=***']);
	});

	it('are redacted from an n8n error rebuilt by the router', async () => {
		const { ctx } = fakeExecute();
		const apiError = new NodeApiError(node, { message: 'x' }, { message: `Request to https://x.test/?token=${TOKEN} failed`, description: `header ${b64}` });
		const error = await routeError(ctx, { 'sms:send': itemOperation(async () => Promise.reject(apiError)) });
		expect(error.message).not.toContain(TOKEN);
		expect(error.description).toBe('header ***');
	});

	it('are redacted from output rows, in any form and at any depth, other values kept', async () => {
		const { ctx } = fakeExecute({ resource: 'account', operation: 'getBalance' });
		const op = itemOperation(async () => ({ url: `https://x.test/?token=${TOKEN}`, nested: { auth: `Basic ${b64}`, list: [TOKEN, 5] }, balance: 12.5, ok: true }));
		const output = await route(ctx, { 'account:getBalance': op });
		expect(output[0].json).toEqual({ url: 'https://x.test/?token=***', nested: { auth: 'Basic ***', list: ['***', 5] }, balance: 12.5, ok: true });
	});

	it('are redacted from the send failure summary', async () => {
		const { ctx } = fakeExecute();
		const op = itemOperation(async () => [{ status: 'rejected', error: `Gateway echoed token ${TOKEN}` }], true);
		const error = await routeError(ctx, { 'sms:send': op });
		expect(error.message).toContain('Gateway echoed token ***');
		expect(error.message).not.toContain(TOKEN);
	});

	it('only the secret fields are redacted (the base URL is not a secret)', async () => {
		const { ctx } = fakeExecute();
		const output = await route(ctx, { 'sms:send': itemOperation(async () => ({ baseUrl: 'https://api.gateway.test', t: TOKEN })) });
		expect(output[0].json).toEqual({ baseUrl: 'https://api.gateway.test', t: '***' });
	});

	it('non-string credential fields are ignored, and a missing credential does not break the node', async () => {
		for (const credentials of [{ accessToken: 123456 }, new Error('no credential set')]) {
			const { ctx } = fakeExecute({ credentials });
			const output = await route(ctx, { 'sms:send': itemOperation(async () => ({ n: 123456, s: '123456' })) });
			expect(output[0].json).toEqual({ n: 123456, s: '123456' });
		}
	});

	// BUG (nodes/shared/router.ts lines 182-186, redactSecretsInRow): rows are redacted as JSON text,
	// not value by value (redactDeep exists for this). A secret made only of digits, or equal to a JSON
	// word, is replaced inside numbers/literals and JSON.parse then throws a SyntaxError that fails the
	// node; e.g. a numeric API key 12345 and a balance of 123456.
	it('a numeric-looking secret does not break rows holding numbers', async () => {
		const { ctx } = fakeExecute({ resource: 'account', operation: 'getBalance', credentials: { accessToken: '12345' } });
		const output = await route(ctx, { 'account:getBalance': itemOperation(async () => ({ balance: 123456 })) });
		expect(output[0].json).toEqual({ balance: 123456 });
	});

	// BUG (same place): a secret containing a character that JSON escapes (" or \) does not occur
	// literally in the JSON text, so it is left in the output row.
	it('a secret containing a quote is redacted from rows', async () => {
		const secret = 'ab"cd-efgh';
		const { ctx } = fakeExecute({ credentials: { accessToken: secret } });
		const output = await route(ctx, { 'sms:send': itemOperation(async () => ({ echo: `key ${secret}` })) });
		expect(output[0].json).toEqual({ echo: 'key ***' });
	});
});
