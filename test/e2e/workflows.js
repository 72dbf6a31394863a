'use strict';
/**
 * Workflows the suite builds and runs in n8n, and the helpers that run them and read back what
 * happened (the execution as n8n stored it, and what the sandbox received).
 */
const crypto = require('node:crypto');
const { runtime, sleep } = require('./stack');

const PACKAGE = runtime.PACKAGE_NAME;
/** The node type prefix: the stack's package (a single-service one, see suites/single-packages.js) or the all-in-one. */
const prefixOf = (stack) => stack.packageName || PACKAGE;
/** Name of the node under test in every generated workflow (its output is read by this name). */
const UNDER_TEST = 'Under test';

let counter = 0;
function uniqueSuffix() {
	counter++;
	return `${Date.now().toString(36)}-${counter}`;
}

function credentialRef(stack, credentialType) {
	const credential = stack.credentials[credentialType];
	if (!credential) throw new Error(`No ${credentialType} credential was created (is its sandbox registered in test/sandbox/index.js?)`);
	return { [credentialType]: { id: credential.id, name: credential.name } };
}

/**
 * Webhook (POST, items in body.items) → Split Out (one n8n item per entry) → node under test →
 * Respond to Webhook (all items). A request therefore runs the node on exactly the items a test
 * chose, in the production webhook path a user's workflow would take.
 */
function operationWorkflow(stack, table, { name, resource, operation, parameters, settings = {} }) {
	const webhookPath = `e2e-${table.node}-${resource}-${operation}-${uniqueSuffix()}`.toLowerCase();
	const workflow = {
		name: name || `e2e ${table.label} ${resource}.${operation}`,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'responseNode', options: {} },
			},
			{
				id: crypto.randomUUID(),
				name: 'Items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{
				id: crypto.randomUUID(),
				name: UNDER_TEST,
				type: `${prefixOf(stack)}.${table.node}`,
				typeVersion: 1,
				position: [440, 0],
				parameters: { resource, operation, ...parameters },
				credentials: credentialRef(stack, table.credentialType),
				...settings,
			},
			{
				id: crypto.randomUUID(),
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [660, 0],
				parameters: { respondWith: 'allIncomingItems', options: {} },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: UNDER_TEST, type: 'main', index: 0 }]] },
			[UNDER_TEST]: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		},
	};
	return { workflow, webhookPath };
}

/**
 * Poll times that make n8n poll every `seconds`: n8n refuses a cron that fires more than once a
 * minute ("The polling interval is too short"), but accepts several Poll Times entries, each a
 * cron on one fixed second. Together they poll every few seconds.
 */
function fastPollTimes(seconds = 3) {
	const item = [];
	for (let s = 0; s < 60; s += seconds) item.push({ mode: 'custom', cronExpression: `${s} * * * * *` });
	return { item };
}

/** Trigger under test → No Operation: each emission is one execution, its items the trigger's output. */
function triggerWorkflow(stack, table, trigger) {
	return {
		name: `e2e ${table.label} trigger ${trigger.event} ${uniqueSuffix()}`,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: UNDER_TEST,
				type: `${prefixOf(stack)}.${table.trigger}`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: fastPollTimes(), event: trigger.event, ...(trigger.parameters || {}) },
				credentials: credentialRef(stack, table.credentialType),
			},
			{
				id: crypto.randomUUID(),
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { [UNDER_TEST]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	};
}

/** Imports and activates a workflow; returns its id. */
async function deploy(stack, workflow) {
	const saved = await runtime.importWorkflow(stack.api, workflow, { credentials: stack.credentials });
	await runtime.activateWorkflow(stack.api, saved.id);
	return saved.id;
}

async function undeploy(stack, workflowId) {
	try {
		await runtime.deactivateWorkflow(stack.api, workflowId);
	} catch {
		// already inactive, or n8n is going away: nothing to clean
	}
}

/** The items a node output on its first output in the last run, each with its pairing. */
function outputItems(execution, nodeName = UNDER_TEST, outputIndex = 0) {
	const main = runtime.nodeOutput(execution, nodeName);
	if (!main) return undefined;
	return (main[outputIndex] || []).map((item) => ({
		json: item.json,
		pairedItem: Array.isArray(item.pairedItem) ? item.pairedItem.map((p) => p.item) : item.pairedItem?.item,
	}));
}

/** The error n8n recorded for a node (its last run), as the message and description a user sees. */
function nodeError(execution, nodeName = UNDER_TEST) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	const error = runs?.[runs.length - 1]?.error;
	if (!error) return undefined;
	return { message: error.message || '', description: error.description || '', httpCode: error.httpCode };
}

/**
 * Deploys the operation's workflow, runs it once through its production webhook with `input` as
 * the items, and returns what happened: the webhook answer, the stored execution, the node's
 * output items, and the requests the provider's sandbox received meanwhile.
 */
async function runOperation(stack, table, spec) {
	const sandbox = stack.sandboxes[table.provider];
	const { workflow, webhookPath } = operationWorkflow(stack, table, spec);
	const workflowId = await deploy(stack, workflow);
	try {
		const before = await sandbox.requestCount();
		const started = Date.now();
		const response = await runtime.callWebhook(stack.api, webhookPath, { body: { items: spec.input || [{}] }, timeoutMs: 20_000 });
		const execution = await runtime.waitForExecution(stack.api, { workflowId, timeoutMs: 60_000 });
		const requests = await sandbox.requestsSince(before);
		return {
			workflowId,
			response,
			execution,
			status: execution.status,
			items: outputItems(execution),
			output: (outputItems(execution) || []).map((i) => i.json),
			error: nodeError(execution),
			requests,
			ms: Date.now() - started,
		};
	} finally {
		await undeploy(stack, workflowId);
	}
}

/** Waits until `probe()` returns a truthy value; returns it. */
async function waitFor(probe, { timeoutMs = 30_000, intervalMs = 300, what = 'condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(intervalMs);
	}
}

const isFinished = (e) => Boolean(e.stoppedAt) && e.status !== 'running' && e.status !== 'new';

/**
 * The workflow's executions, oldest first: which ones, from n8n's database; each one then read by
 * id through the public API, with its data. `settled`: none is still running. Not n8n's execution
 * list: it leaves out every execution that n8n's main process counts as running in memory
 * (ExecutionService.findManyAndCount, `excludeRunning`, from ActiveExecutions), and in queue mode
 * main was seen to keep one there after its worker had finished and stored it (never "finalized"
 * in main's log), hiding a stored, successful execution from every list.
 */
async function storedExecutions(stack, workflowId) {
	const rows = await stack.executionRows(workflowId);
	const settled = rows.every(isFinished);
	const executions = [];
	for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) executions.push(await runtime.getExecution(stack.api, row.id));
	return { executions, settled };
}

/** Finished executions of a workflow, oldest first. */
async function finishedExecutions(stack, workflowId) {
	return (await storedExecutions(stack, workflowId)).executions.filter(isFinished);
}

/**
 * Runs a saved workflow as the editor's "Execute workflow" button does (a manual run from the
 * named trigger) and waits for the stored execution.
 */
async function runManually(stack, workflowId, triggerName, { timeoutMs = 60_000 } = {}) {
	const started = await runtime.rest(stack.api, 'POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: triggerName } });
	const executionId = started?.executionId;
	if (!executionId) throw new Error(`n8n did not start a manual run: ${JSON.stringify(started)}`);
	return waitFor(
		async () => {
			try {
				const execution = await runtime.getExecution(stack.api, executionId);
				return execution.stoppedAt && execution.status !== 'running' && execution.status !== 'waiting' ? execution : undefined;
			} catch (error) {
				// the execution is stored once it finishes
				if (error.status === 404) return undefined;
				throw error;
			}
		},
		{ timeoutMs, what: `manual execution ${executionId}` },
	);
}

module.exports = {
	UNDER_TEST,
	operationWorkflow,
	triggerWorkflow,
	fastPollTimes,
	deploy,
	undeploy,
	outputItems,
	nodeError,
	runOperation,
	runManually,
	waitFor,
	storedExecutions,
	finishedExecutions,
};
