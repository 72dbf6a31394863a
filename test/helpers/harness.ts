/**
 * A test stand-in for n8n's execution contexts: real HTTP through n8n-core's own `httpRequest`
 * (so replies, timeouts and thrown errors look as they do in n8n), credentials applied the way
 * n8n applies a credential class's `authenticate`, and `NodeApiError` wrapping as n8n does.
 * Parameters are plain values or functions of the item (standing in for expressions).
 */
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export type ParamValue = unknown | ((item: INodeExecutionData, itemIndex: number) => unknown);

export interface HarnessOptions {
	credentialType: ICredentialType;
	credentials: ICredentialDataDecryptedObject;
	params: Record<string, ParamValue>;
	items?: IDataObject[];
	continueOnFail?: boolean;
	timezone?: string;
	mode?: 'manual' | 'trigger';
	staticData?: IDataObject;
	nodeType?: string;
	/**
	 * The workflow the node is in. Triggers are known by workflow and node to what the process
	 * remembers of their polls (nodes/shared/poll.ts): polls that share an id model one n8n process;
	 * by default every context gets a new id, as if each poll ran in a freshly started n8n.
	 */
	workflowId?: string;
}

let contexts = 0;

export interface SentRequest {
	options: IHttpRequestOptions;
}

/** Evaluates n8n's `={{ ... }}` strings with `$credentials` in scope (test code only). */
export function resolveExpression(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{([\s\S]+?)\}\}/g, (_, expression: string) => {
		// eslint-disable-next-line @typescript-eslint/no-implied-eval
		const evaluate = new Function('$credentials', `return (${expression});`) as (c: unknown) => unknown;
		return String(evaluate(credentials));
	});
}

function resolveDeep(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value === 'string') return resolveExpression(value, credentials);
	if (Array.isArray(value)) return value.map((v) => resolveDeep(v, credentials));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, credentials)]));
	}
	return value;
}

export async function authenticateRequest(
	type: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const auth = type.authenticate;
	if (!auth) return options;
	if (typeof auth === 'function') return auth(credentials, { ...options });
	const props = resolveDeep(auth.properties, credentials) as Record<string, IDataObject>;
	const result: IHttpRequestOptions = { ...options };
	if (props.headers) result.headers = { ...(options.headers ?? {}), ...props.headers };
	if (props.qs) result.qs = { ...(options.qs ?? {}), ...props.qs };
	if (props.body) result.body = { ...((options.body as IDataObject) ?? {}), ...props.body };
	return result;
}

function getPath(source: Record<string, unknown>, path: string): unknown {
	if (path in source) return source[path];
	let current: unknown = source;
	for (const key of path.split('.')) {
		if (!current || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

function storedParameters(value: unknown): unknown {
	if (typeof value === 'function') return '={{ $json }}';
	if (Array.isArray(value)) return value.map(storedParameters);
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storedParameters(v)]));
	return value;
}

export function createContext(opts: HarnessOptions) {
	const items: INodeExecutionData[] = (opts.items ?? [{}]).map((json) => ({ json }));
	const node: INode = {
		id: 'test-node',
		name: 'Test Node',
		type: opts.nodeType ?? 'n8n-nodes-sms-gateways.test',
		typeVersion: 1,
		position: [0, 0],
		// As n8n stores them: a parameter given as a function of the item is an expression.
		parameters: storedParameters(opts.params) as INode['parameters'],
	};
	const requests: SentRequest[] = [];
	const staticData = opts.staticData ?? {};
	const workflowId = opts.workflowId ?? `test-workflow-${++contexts}`;

	const param = (name: string, itemIndex: number, fallback?: unknown) => {
		let value = getPath(opts.params, name);
		if (typeof value === 'function') value = (value as (i: INodeExecutionData, n: number) => unknown)(items[itemIndex], itemIndex);
		return value === undefined ? fallback : value;
	};

	const helpers = {
		async httpRequestWithAuthentication(credentialsType: string, requestOptions: IHttpRequestOptions) {
			if (credentialsType !== opts.credentialType.name) {
				throw new Error(`test harness: node asked for credential ${credentialsType}, not ${opts.credentialType.name}`);
			}
			const authenticated = await authenticateRequest(opts.credentialType, opts.credentials, requestOptions);
			requests.push({ options: authenticated });
			try {
				return await httpRequest(authenticated);
			} catch (error) {
				throw new NodeApiError(node, error as JsonObject);
			}
		},
		returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
	};

	const base = {
		getNode: () => node,
		getCredentials: async (type: string) => {
			if (type !== opts.credentialType.name) throw new Error(`no credential of type ${type}`);
			return opts.credentials;
		},
		getTimezone: () => opts.timezone ?? 'UTC',
		getMode: () => opts.mode ?? 'trigger',
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: workflowId, name: 'Test workflow', active: true }),
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers,
	};

	const execute = {
		...base,
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => param(name, itemIndex, fallback),
		continueOnFail: () => opts.continueOnFail ?? false,
	} as unknown as IExecuteFunctions;

	const poll = {
		...base,
		getNodeParameter: (name: string, fallback?: unknown) => param(name, 0, fallback),
	} as unknown as IPollFunctions;

	const loadOptions = {
		...base,
		getNodeParameter: (name: string, fallback?: unknown) => param(name, 0, fallback),
		getCurrentNodeParameter: (name: string) => param(name, 0),
	} as unknown as ILoadOptionsFunctions;

	return { execute, poll, loadOptions, requests, staticData, items };
}

/** Runs an action node's `execute` and returns its first output. */
export async function runNode(NodeClass: new () => INodeType, opts: HarnessOptions): Promise<INodeExecutionData[]> {
	const node = new NodeClass();
	const { execute } = createContext(opts);
	const result = await node.execute!.call(execute);
	return (result as INodeExecutionData[][])[0];
}

/** Runs a trigger's `poll` once with the given static data (kept between calls by the caller). */
export async function pollOnce(
	NodeClass: new () => INodeType,
	opts: HarnessOptions,
): Promise<INodeExecutionData[] | null> {
	const node = new NodeClass();
	const { poll } = createContext(opts);
	const result = await node.poll!.call(poll);
	return result ? result[0] : null;
}

/** Sends a credential's declarative test request the way n8n does, returning status and body. */
export async function runCredentialTest(type: ICredentialType, credentials: ICredentialDataDecryptedObject) {
	const test = type.test!;
	const request = resolveDeep(test.request, credentials) as IHttpRequestOptions & { baseURL?: string };
	const options: IHttpRequestOptions = {
		method: request.method ?? 'GET',
		url: `${request.baseURL ?? ''}${request.url ?? ''}`,
		body: request.body,
		qs: request.qs,
		headers: request.headers,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'text',
		json: false,
	};
	const authenticated = await authenticateRequest(type, credentials, options);
	const reply = (await httpRequest(authenticated)) as { statusCode: number; body: string };
	const failedRule = (test.rules ?? []).find(
		(rule) => rule.type === 'responseCode' && (rule.properties as { value: number }).value === reply.statusCode,
	);
	return { statusCode: reply.statusCode, body: reply.body, message: failedRule ? (failedRule.properties as { message: string }).message : undefined };
}
