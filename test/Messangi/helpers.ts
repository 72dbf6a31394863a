/** Shared setup of the Messangi tests: the sandbox, credentials and request decoding. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { MessangiApi } from '../../credentials/MessangiApi.credentials';
import type { HarnessOptions } from '../helpers/harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sandboxModule = require('../sandbox/messangi');

export const {
	createMessangiSandbox,
	messangiSign,
	MESSANGI_BASE_PATH,
	MESSANGI_INSTANCE_ID,
	MESSANGI_PUBLIC_KEY,
	MESSANGI_PRIVATE_KEY,
	MESSANGI_SHORT_CODE,
} = sandboxModule as {
	createMessangiSandbox: (opts?: Record<string, unknown>) => MessangiSandbox;
	messangiSign: (params: string[], privateKey: string) => string;
	MESSANGI_BASE_PATH: string;
	MESSANGI_INSTANCE_ID: string;
	MESSANGI_PUBLIC_KEY: string;
	MESSANGI_PRIVATE_KEY: string;
	MESSANGI_SHORT_CODE: string;
};

export interface SandboxRequest {
	method: string;
	path: string;
	rawPath: string;
	headers: Record<string, string>;
	body: string;
	json?: unknown;
	time: number;
	processed: boolean;
}

export interface Mo {
	text: string;
	from: string;
	to: string;
	encoding: string;
	keyword: string;
	carrier: string;
	sendDate: string;
}

export interface MessangiSandbox {
	url: string;
	requests: SandboxRequest[];
	state: {
		sent: Array<{ method: string; id?: string; carrier: string; from: string; to: string; text: string; flags?: string; pin?: string }>;
		inbox: Mo[];
		fired: Array<{ method: string; mobile: string; text: string; descriptor?: unknown }>;
		funds: number;
		rootless: boolean;
		malformedMoList: boolean;
		beforeList: null | ((sb: MessangiSandbox, page: { page: number; size: number }) => void);
	};
	server: import('http').Server;
	latencyMs: number;
	listen(): Promise<string>;
	close(): Promise<void>;
	reset(): void;
	inject(fault: Record<string, unknown>): { used: number };
	clearFaults(): void;
	processed(path?: string): SandboxRequest[];
	addIncoming(message?: Partial<Mo>): Mo;
	credentials: ICredentialDataDecryptedObject;
}

export const credentialType = new MessangiApi();

export function credentialsFor(sandbox: MessangiSandbox, overrides: Partial<Record<string, string>> = {}): ICredentialDataDecryptedObject {
	return {
		baseUrl: `${sandbox.url}${MESSANGI_BASE_PATH}`,
		instanceId: MESSANGI_INSTANCE_ID,
		publicKey: MESSANGI_PUBLIC_KEY,
		privateKey: MESSANGI_PRIVATE_KEY,
		...overrides,
	};
}

export function optionsFor(
	sandbox: MessangiSandbox,
	params: HarnessOptions['params'],
	extra: Partial<HarnessOptions> = {},
): HarnessOptions {
	return { credentialType, credentials: credentialsFor(sandbox), params, ...extra };
}

/** A request's path after the base, split into method, decoded parameters, public key and signature. */
export function decodeCall(request: SandboxRequest, methodSegments: number) {
	const rest = request.path.slice(MESSANGI_BASE_PATH.length + 1).split('/');
	const method = rest.slice(0, methodSegments).join('/');
	const tail = rest.slice(methodSegments);
	const signature = tail.pop() as string;
	const publicKey = decodeURIComponent(tail.pop() as string);
	return { method, encoded: tail, params: tail.map(decodeURIComponent), publicKey, signature };
}

export function fromBase64(text: string): string {
	return Buffer.from(text, 'base64').toString('utf8');
}

/** Texts that break naive URL building or XML handling. */
export const HOSTILE_TEXTS = [
	'مرحبا! رمزك هو 1234',
	'Emoji 😀👍🏽🇻🇪 and ZWJ 👨‍👩‍👧',
	'/?#%+ &= ; , .. %2F %25 \\ "quotes"',
	'~~~???>>>', // Base64 with both + and /
	'<b>XML</b> &amp; <![CDATA[x]]>',
	'line one\nline two\ttab',
	'  leading and trailing spaces  ',
];
