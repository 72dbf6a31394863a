/**
 * The providers the reliability suites run against, one table entry each. A provider takes part
 * only when all of its `files` exist (its node, credential and sandbox are written by others, at
 * their own pace); otherwise the suites show it as skipped, with the missing files in the title.
 *
 * Adding a provider is adding one entry here: how its sandbox is built and made to accept a
 * given token, which request sends SMS and to whom, what its sandbox counts as received, and
 * which operations its failure paths are driven through.
 *
 * Node, credential and sandbox are loaded with `require` at run time, so that this file (and
 * the type check) does not depend on files that may not exist yet.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, INodeType } from 'n8n-workflow';

import type { ParamValue } from '../helpers/harness';

export const ROOT = resolve(__dirname, '../..');

/** One request as the sandbox framework logs it (test/sandbox/framework.js). */
export interface SandboxRequest {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	json?: unknown;
	form?: Record<string, string>;
	processed: boolean;
	[extra: string]: unknown;
}

export interface SandboxFault {
	status?: number;
	headers?: Record<string, string>;
	body?: string;
	reset?: boolean;
	afterProcessing?: boolean;
	delayMs?: number;
	rate?: number;
	times?: number;
	match?: ((req: SandboxRequest) => boolean) | { method?: string; path?: string };
	[extra: string]: unknown;
}

/** The parts of a sandbox (test/sandbox/framework.js `Sandbox`) the suites use. */
export interface Sandbox {
	url: string;
	state: any;
	requests: SandboxRequest[];
	credentials: ICredentialDataDecryptedObject;
	authenticateRequest: (req: SandboxRequest) => object | null;
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	reset(): void;
	inject(fault: SandboxFault): SandboxFault & { used: number };
	clearFaults(): void;
	processed(pathPart?: string): SandboxRequest[];
}

export interface SandboxOptions {
	seed?: number;
	balance?: number;
	latencyMs?: number;
	[extra: string]: unknown;
}

export interface LoadedProvider {
	Node: new () => INodeType;
	Trigger?: new () => INodeType;
	credentialType: ICredentialType;
	createSandbox(options: SandboxOptions): Sandbox;
}

/** One operation run through the node on a failure path. */
export interface OperationCase {
	label: string;
	params: Record<string, ParamValue>;
	items?: IDataObject[];
	/** True for operations that send SMS (their rows carry a per-recipient status). */
	sends: boolean;
}

export interface BulkSendSpec {
	/** The provider's largest batch: the fewest requests for N recipients are ceil(N / batchSize). */
	batchSize: number;
	/** sendBulk parameters other than `to`. */
	params: Record<string, ParamValue>;
	/** Sandbox options for a 10,000-recipient run (e.g. balance). */
	sandboxOptions: SandboxOptions;
	/** True for requests that send SMS. */
	isSend(req: SandboxRequest): boolean;
	/** The recipients a send request carries, as the gateway reads them. */
	recipientsOf(req: SandboxRequest): string[];
	/** Every recipient the sandbox's state holds a message for (once per message). */
	received(sandbox: Sandbox): string[];
	/** Optional: the provider id the sandbox gave the message to `to` (checked against the row's id). */
	receivedId?(sandbox: Sandbox, to: string): string | undefined;
	/** The row field holding that id. */
	idField?: string;
	/**
	 * Seed for the reproducible soak run, chosen so that the run meets every fault kind at least
	 * once (found with faultPlan.ts `planForBatch` over the in-order batches).
	 */
	fixedSeed: number;
	/**
	 * True when the fixed seed also has a batch refused with 429 four times in a row (which
	 * ended a send before 429s were retried for as long as the gateway asks; now it goes out).
	 */
	fixedSeedRefusesFourTimes?: boolean;
}

export interface ProviderEntry {
	/** The `provider` value of the contract. */
	name: string;
	displayName: string;
	/** Files (from the repository root) that must exist for the provider to be tested. */
	files: string[];
	/** Set while the entry itself still has to be written; the provider is skipped with this reason. */
	pending?: string;
	/** The i-th distinct valid recipient number (digits, as the node normalizes it). */
	phone(i: number): string;
	/** Credential fields whose values are secrets. */
	secretFields: string[];
	load(): LoadedProvider;
	/** Credential data pointing at `sandbox` with the secret fields set to `secret`. */
	credentials(sandbox: Sandbox, secret: string): ICredentialDataDecryptedObject;
	/** Makes the sandbox accept `secret` as the credential's secret. */
	acceptSecret(sandbox: Sandbox, secret: string): void;
	/** Present for providers whose sendBulk batches recipients (fault soak). */
	bulk?: BulkSendSpec;
	/** Operations driven through every failure path (secrets, hostile replies). */
	operations: OperationCase[];
	/** Invalid input cases: each must fail before any request, naming the item. */
	badInput: OperationCase[];
	/** Trigger parameters for a poll that calls the gateway (failure paths outside the item loop). */
	triggerParams?: Record<string, unknown>;
	/** Load-options methods that call the gateway. */
	loadOptions?: string[];
}

function load<T>(file: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(join(ROOT, file)) as T;
}

const phoneParam = (item: { json: IDataObject }) => item.json.to;

/** Replaces a bearer-token check of a sandbox so that it accepts `secret`. */
function acceptBearer(sandbox: Sandbox, secret: string, refusal: object): void {
	sandbox.authenticateRequest = (req) => (req.headers.authorization === `Bearer ${secret}` ? null : refusal);
}

const smsClub: ProviderEntry = {
	name: 'smsClub',
	displayName: 'SMSClub',
	phone: (i) => `38050${String(i).padStart(7, '0')}`,
	files: ['nodes/SmsClub/SmsClub.node.ts', 'nodes/SmsClub/SmsClubTrigger.node.ts', 'credentials/SmsClubApi.credentials.ts', 'test/sandbox/smsclub.js'],
	secretFields: ['accessToken'],
	load: () => ({
		Node: load<{ SmsClub: new () => INodeType }>('nodes/SmsClub/SmsClub.node.ts').SmsClub,
		Trigger: load<{ SmsClubTrigger: new () => INodeType }>('nodes/SmsClub/SmsClubTrigger.node.ts').SmsClubTrigger,
		credentialType: new (load<{ SmsClubApi: new () => ICredentialType }>('credentials/SmsClubApi.credentials.ts').SmsClubApi)(),
		createSandbox: load<{ createSmsClubSandbox: (o: SandboxOptions) => Sandbox }>('test/sandbox/smsclub.js').createSmsClubSandbox,
	}),
	credentials: (sandbox, secret) => ({ accessToken: secret, baseUrl: sandbox.url }),
	acceptSecret: (sandbox, secret) =>
		acceptBearer(sandbox, secret, { status: 401, body: { success_request: { add_info: { token: 'User authentication error' } } } }),
	bulk: {
		batchSize: 100,
		params: { resource: 'sms', operation: 'sendBulk', message: 'Spring sale: 20% off until Sunday', sender: 'Shop' },
		// 0.5 a message: enough for 9,000 of the 10,000, so the rest are refused inside accepted
		// requests (`add_info`: Insufficient funds) and the soak sees `rejected` rows too.
		sandboxOptions: { balance: 4500 },
		isSend: (req) => req.method === 'POST' && (req.path === '/sms/send' || req.path === '/v2/sms/send'),
		recipientsOf: (req) => {
			const body = req.json as { phone?: unknown[]; data_message?: Array<{ phone?: unknown }> } | undefined;
			if (Array.isArray(body?.phone)) return body.phone.map(String);
			if (Array.isArray(body?.data_message)) return body.data_message.map((d) => String(d?.phone));
			return [];
		},
		received: (sandbox) => [...(sandbox.state.messages as Map<string, { phone: string }>).values()].map((m) => m.phone),
		receivedId: (sandbox, to) => [...(sandbox.state.messages as Map<string, { id: string; phone: string }>).values()].find((m) => m.phone === to)?.id,
		idField: 'messageId',
		fixedSeed: 70,
		fixedSeedRefusesFourTimes: true,
	},
	operations: [
		{ label: 'sms.send', sends: true, params: { resource: 'sms', operation: 'send', to: '380501234567, 380671112233', message: 'Your order has shipped', sender: 'Shop' } },
		{
			label: 'sms.sendBulk',
			sends: true,
			params: { resource: 'sms', operation: 'sendBulk', to: phoneParam, message: 'Sale today', sender: 'Shop' },
			items: [{ to: '380501234567' }, { to: '380671112233, 380931234567' }],
		},
		{
			label: 'sms.sendPersonalized',
			sends: true,
			params: { resource: 'sms', operation: 'sendPersonalized', to: phoneParam, message: 'Hi {name}', sender: 'Shop' },
			items: [{ to: '380501234567', name: 'Olena' }, { to: '380671112233', name: 'Taras' }],
		},
		{ label: 'sms.getStatus', sends: false, params: { resource: 'sms', operation: 'getStatus', messageIds: '100, 101' } },
		{ label: 'account.getBalance', sends: false, params: { resource: 'account', operation: 'getBalance' } },
		{ label: 'sender.getAll', sends: false, params: { resource: 'sender', operation: 'getAll' } },
	],
	badInput: [
		{
			label: 'sms.sendBulk with a bad number in item 1',
			sends: true,
			params: { resource: 'sms', operation: 'sendBulk', to: phoneParam, message: 'Hi', sender: 'Shop' },
			items: [{ to: '380501234567' }, { to: '38050abc4567' }],
		},
		{
			label: 'sms.sendPersonalized with a missing placeholder field in item 1',
			sends: true,
			params: { resource: 'sms', operation: 'sendPersonalized', to: phoneParam, message: 'Hi {name}', sender: 'Shop' },
			items: [{ to: '380501234567', name: 'Olena' }, { to: '380671112233' }],
		},
		{ label: 'sms.send with an empty message', sends: true, params: { resource: 'sms', operation: 'send', to: '380501234567', message: '  ', sender: 'Shop' } },
		{ label: 'sms.getStatus with a non-numeric id', sends: false, params: { resource: 'sms', operation: 'getStatus', messageIds: '12a' } },
	],
	triggerParams: { event: 'lowBalance', threshold: 10 },
	loadOptions: ['getSenders'],
};

const smsgic: ProviderEntry = {
	name: 'smsgic',
	displayName: 'SMSgic',
	phone: (i) => `4477${String(i).padStart(8, '0')}`,
	files: ['nodes/Smsgic/Smsgic.node.ts', 'nodes/Smsgic/SmsgicTrigger.node.ts', 'credentials/SmsgicApi.credentials.ts', 'test/sandbox/smsgic.js'],
	secretFields: ['accessToken'],
	load: () => ({
		Node: load<{ Smsgic: new () => INodeType }>('nodes/Smsgic/Smsgic.node.ts').Smsgic,
		Trigger: load<{ SmsgicTrigger: new () => INodeType }>('nodes/Smsgic/SmsgicTrigger.node.ts').SmsgicTrigger,
		credentialType: new (load<{ SmsgicApi: new () => ICredentialType }>('credentials/SmsgicApi.credentials.ts').SmsgicApi)(),
		createSandbox: load<{ createSmsgicSandbox: (o: SandboxOptions) => Sandbox }>('test/sandbox/smsgic.js').createSmsgicSandbox,
	}),
	credentials: (sandbox, secret) => ({ accessToken: secret, baseUrl: sandbox.url }),
	acceptSecret: (sandbox, secret) => acceptBearer(sandbox, secret, { status: 401, body: { message: 'Unauthenticated.' } }),
	bulk: {
		// The node's default Batch Size (SMSgic publishes no limit).
		batchSize: 1000,
		params: { resource: 'sms', operation: 'sendBulk', message: 'Spring sale: 20% off until Sunday', sender: 'MegaShop' },
		sandboxOptions: { balance: 100000 },
		isSend: (req) => req.method === 'POST' && req.path === '/sendings',
		recipientsOf: (req) => {
			const body = req.json as { recipients?: unknown } | undefined;
			if (Array.isArray(body?.recipients)) return body.recipients.map(String);
			if (typeof body?.recipients === 'string') {
				try {
					const list = JSON.parse(body.recipients) as unknown;
					return Array.isArray(list) ? list.map(String) : [];
				} catch {
					return [];
				}
			}
			return [];
		},
		received: (sandbox) => [...(sandbox.state.sendings as Map<number, { recipients: string[] }>).values()].flatMap((s) => s.recipients.map(String)),
		receivedId: (sandbox, to) =>
			String([...(sandbox.state.sendings as Map<number, { id: number; recipients: string[] }>).values()].find((s) => s.recipients.includes(to))?.id),
		idField: 'sendingId',
		fixedSeed: 992,
	},
	operations: [
		{ label: 'sms.send', sends: true, params: { resource: 'sms', operation: 'send', to: '447700900123', message: 'Your order has shipped', sender: 'MegaShop' } },
		{
			label: 'sms.sendBulk',
			sends: true,
			params: { resource: 'sms', operation: 'sendBulk', to: phoneParam, message: 'Sale today', sender: 'MegaShop' },
			items: [{ to: '447700900123' }, { to: '447700900124' }],
		},
		{ label: 'sms.getStatus', sends: false, params: { resource: 'sms', operation: 'getStatus', sendingId: '301' } },
		{ label: 'account.getBalance', sends: false, params: { resource: 'account', operation: 'getBalance' } },
		{ label: 'sender.getAll', sends: false, params: { resource: 'sender', operation: 'getAll', returnAll: true } },
	],
	badInput: [
		{
			label: 'sms.sendBulk with a bad number in item 1',
			sends: true,
			params: { resource: 'sms', operation: 'sendBulk', to: phoneParam, message: 'Hi', sender: 'MegaShop' },
			items: [{ to: '447700900123' }, { to: '4477OO900124' }],
		},
		{ label: 'sms.send with an empty message', sends: true, params: { resource: 'sms', operation: 'send', to: '447700900123', message: '', sender: 'MegaShop' } },
	],
	triggerParams: { event: 'lowBalance', threshold: 10 },
	loadOptions: ['getSenders'],
};

/** Msegat reads the login from the body (form or JSON), like its sandbox's `paramsOf`. */
function msegatParams(req: SandboxRequest): Record<string, unknown> {
	return (req.form ?? (req.json && typeof req.json === 'object' ? req.json : {})) as Record<string, unknown>;
}

const msegat: ProviderEntry = {
	name: 'msegat',
	displayName: 'Msegat',
	phone: (i) => `96650${String(i).padStart(7, '0')}`,
	files: ['nodes/Msegat/Msegat.node.ts', 'nodes/Msegat/MsegatTrigger.node.ts', 'credentials/MsegatApi.credentials.ts', 'test/sandbox/msegat.js'],
	secretFields: ['apiKey'],
	load: () => ({
		Node: load<{ Msegat: new () => INodeType }>('nodes/Msegat/Msegat.node.ts').Msegat,
		Trigger: load<{ MsegatTrigger: new () => INodeType }>('nodes/Msegat/MsegatTrigger.node.ts').MsegatTrigger,
		credentialType: new (load<{ MsegatApi: new () => ICredentialType }>('credentials/MsegatApi.credentials.ts').MsegatApi)(),
		createSandbox: load<{ createMsegatSandbox: (o: SandboxOptions) => Sandbox }>('test/sandbox/msegat.js').createMsegatSandbox,
	}),
	credentials: (sandbox, secret) => ({ ...sandbox.credentials, apiKey: secret }),
	acceptSecret: (sandbox, secret) => {
		// The login travels in the body: swap the test secret for the sandbox's own key, then let
		// the sandbox check the login as usual.
		const realKey = String(sandbox.credentials.apiKey);
		const check = sandbox.authenticateRequest;
		sandbox.authenticateRequest = (req) => {
			const params = msegatParams(req);
			if (params.apiKey === secret) params.apiKey = realKey;
			else if (params.apiKey === realKey) params.apiKey = `${realKey}-not-the-test-secret`;
			return check(req);
		};
	},
	bulk: {
		// The node's default Batch Size (Msegat publishes no limit; the sandbox's is 1000).
		batchSize: 500,
		params: { resource: 'sms', operation: 'sendBulk', message: 'Spring sale: 20% off until Sunday', sender: 'MyShop' },
		// One point a message: enough for 9,000 of the 10,000, so later batches are refused
		// (1060, balance not enough) and the soak sees `rejected` rows too.
		sandboxOptions: { balance: 9000 },
		isSend: (req) => req.method === 'POST' && (req.path.endsWith('/sendsms.php') || req.path.endsWith('/sendVars.php')),
		recipientsOf: (req) => {
			const numbers = msegatParams(req).numbers;
			if (Array.isArray(numbers)) return numbers.map(String);
			return String(numbers ?? '')
				.split(',')
				.map((n) => n.trim())
				.filter(Boolean);
		},
		received: (sandbox) => [...(sandbox.state.bulks as Map<string, { rows: Array<{ number: string }> }>).values()].flatMap((b) => b.rows.map((r) => r.number)),
		receivedId: (sandbox, to) =>
			[...(sandbox.state.bulks as Map<string, { bulkId: string; rows: Array<{ number: string }> }>).values()].find((b) => b.rows.some((r) => r.number === to))?.bulkId,
		idField: 'bulkId',
		fixedSeed: 17,
	},
	operations: [
		{ label: 'sms.send', sends: true, params: { resource: 'sms', operation: 'send', to: '966501234567, 966551112233', message: 'Your order has shipped', sender: 'MyShop' } },
		{
			label: 'sms.sendBulk',
			sends: true,
			params: { resource: 'sms', operation: 'sendBulk', to: phoneParam, message: 'Sale today', sender: 'MyShop' },
			items: [{ to: '966501234567' }, { to: '966551112233' }],
		},
		{
			label: 'sms.sendPersonalized',
			sends: true,
			params: { resource: 'sms', operation: 'sendPersonalized', to: phoneParam, message: 'Hi {name}', sender: 'MyShop' },
			items: [{ to: '966501234567', name: 'Noura' }, { to: '966551112233', name: 'Fahad' }],
		},
		{ label: 'sms.getCost', sends: false, params: { resource: 'sms', operation: 'getCost', to: '966501234567', message: 'Hello' } },
		{ label: 'sms.getStatus', sends: false, params: { resource: 'sms', operation: 'getStatus', bulkId: '7000', returnAll: true } },
		{ label: 'account.getBalance', sends: false, params: { resource: 'account', operation: 'getBalance' } },
		{ label: 'sender.getAll', sends: false, params: { resource: 'sender', operation: 'getAll' } },
		{ label: 'otp.send', sends: true, params: { resource: 'otp', operation: 'send', to: '966501234567', sender: 'auth-mseg' } },
		{ label: 'template.getAll', sends: false, params: { resource: 'template', operation: 'getAll' } },
	],
	badInput: [
		{
			label: 'sms.sendBulk with a bad number in item 1',
			sends: true,
			params: { resource: 'sms', operation: 'sendBulk', to: phoneParam, message: 'Hi', sender: 'MyShop' },
			items: [{ to: '966501234567' }, { to: '0501234567' }],
		},
		{ label: 'sms.send with an empty message', sends: true, params: { resource: 'sms', operation: 'send', to: '966501234567', message: ' ', sender: 'MyShop' } },
	],
	triggerParams: { event: 'lowBalance', threshold: 10 },
	loadOptions: ['getSenders'],
};

const messangi: ProviderEntry = {
	name: 'messangi',
	displayName: 'Messangi',
	phone: (i) => `58414${String(i).padStart(7, '0')}`,
	files: ['nodes/Messangi/Messangi.node.ts', 'nodes/Messangi/MessangiTrigger.node.ts', 'credentials/MessangiApi.credentials.ts', 'test/sandbox/messangi.js'],
	secretFields: ['privateKey'],
	load: () => ({
		Node: load<{ Messangi: new () => INodeType }>('nodes/Messangi/Messangi.node.ts').Messangi,
		Trigger: load<{ MessangiTrigger: new () => INodeType }>('nodes/Messangi/MessangiTrigger.node.ts').MessangiTrigger,
		credentialType: new (load<{ MessangiApi: new () => ICredentialType }>('credentials/MessangiApi.credentials.ts').MessangiApi)(),
		createSandbox: load<{ createMessangiSandbox: (o: SandboxOptions) => Sandbox }>('test/sandbox/messangi.js').createMessangiSandbox,
	}),
	credentials: (sandbox, secret) => ({ ...sandbox.credentials, privateKey: secret }),
	// The private key never travels; the sandbox checks signatures with the key in its state.
	acceptSecret: (sandbox, secret) => {
		sandbox.state.privateKey = secret;
	},
	// sendBulk sends one request per recipient by the API's design: no batches to soak.
	operations: [
		{ label: 'sms.send', sends: true, params: { resource: 'sms', operation: 'send', to: '584141234567', message: 'Your order has shipped', sender: '19893653744', carrier: '' } },
		{
			label: 'sms.sendBulk',
			sends: true,
			params: { resource: 'sms', operation: 'sendBulk', to: phoneParam, message: 'Sale today', sender: '19893653744', carrier: '' },
			items: [{ to: '584141234567' }, { to: '584241234567' }],
		},
		{ label: 'sms.sendMt', sends: true, params: { resource: 'sms', operation: 'sendMt', to: '584141234567', message: 'Hello', sender: '19893653744', carrier: '' } },
		{ label: 'otp.send', sends: true, params: { resource: 'otp', operation: 'send', to: '584141234567', message: 'Your verification code', sender: '19893653744', carrier: '', length: 6 } },
		{ label: 'incomingMessage.getAll', sends: false, params: { resource: 'incomingMessage', operation: 'getAll', returnAll: false, limit: 5 } },
		{ label: 'incomingMessage.fire', sends: true, params: { resource: 'incomingMessage', operation: 'fire', to: '584141234567', message: 'STOP' } },
	],
	badInput: [
		{
			label: 'sms.sendBulk with a bad number in item 1',
			sends: true,
			params: { resource: 'sms', operation: 'sendBulk', to: phoneParam, message: 'Hi', sender: '19893653744', carrier: '' },
			items: [{ to: '584141234567' }, { to: '58414x234567' }],
		},
		{ label: 'sms.send with an empty message', sends: true, params: { resource: 'sms', operation: 'send', to: '584141234567', message: '', sender: '19893653744', carrier: '' } },
	],
	triggerParams: { event: 'incomingMessage' },
};

export const PROVIDERS: ProviderEntry[] = [smsClub, smsgic, msegat, messangi];

export function missingFiles(entry: ProviderEntry): string[] {
	return entry.files.filter((file) => !existsSync(join(ROOT, file)));
}

/**
 * Why a provider cannot be tested now, or undefined when it can. Used in `describe.skip` titles,
 * so that a skipped provider is visible in every run, with the reason.
 */
export function skipReason(entry: ProviderEntry): string | undefined {
	const missing = missingFiles(entry);
	if (missing.length > 0) return `not built yet (missing ${missing.join(', ')})`;
	if (entry.pending) return `files exist, but ${entry.pending}`;
	return undefined;
}

/**
 * `describe` for each provider: the real one when it can be tested, `describe.skip` with the
 * reason in the title otherwise. `select` narrows the table (e.g. to batching providers).
 */
export function describeEachProvider(
	suite: string,
	body: (entry: ProviderEntry) => void,
	select: (entry: ProviderEntry) => string | undefined = () => undefined,
): void {
	for (const entry of PROVIDERS) {
		const reason = skipReason(entry) ?? select(entry);
		if (reason) {
			describe.skip(`${suite}: ${entry.displayName} skipped: ${reason}`, () => {
				it('is skipped', () => undefined);
			});
		} else {
			describe(`${suite}: ${entry.displayName}`, () => body(entry));
		}
	}
}
