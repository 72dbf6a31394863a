import type { INodeProperties } from 'n8n-workflow';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

/** The `to` parameter, with the same words on every provider. */
export function toProperty(show: Show, description?: string): INodeProperties {
	return {
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+966 50 123 4567, 380501234567',
		description:
			description ??
			'Recipient phone number(s) in international format. Several numbers: separate them with commas, semicolons or new lines, or pass an array from an expression. Spaces, dashes, dots and parentheses are ignored, as are a leading + or 00.',
		displayOptions: { show },
	};
}

/** What a bulk send's To field holds: the numbers of each item, all items sent together. */
export const BULK_TO_DESCRIPTION =
	'Recipient number(s) of each input item, usually an expression such as {{ $json.phone }}. Several per item: separate them with commas, semicolons or new lines.';

/** A notice above an operation's fields (what it does, in one or two sentences). */
export function noticeProperty(name: string, show: Show, text: string): INodeProperties {
	return { displayName: text, name, type: 'notice', default: '', displayOptions: { show } };
}

/** The Filters collection of a list operation (`filters.*` parameters). */
export function filtersProperty(show: Show, options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, displayOptions: { show }, options };
}

/** The Options collection of an operation (`options.*` parameters). */
export function optionsProperty(show: Show, options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: { show }, options };
}

/**
 * The Batch Size option of a send that groups recipients into requests (`options.batchSize`, read
 * with `wholeNumberParameter`); `description` says what the provider publishes about its limit.
 */
export function batchSizeOption(fallback: number, description: string): INodeProperties {
	return { displayName: 'Batch Size', name: 'batchSize', type: 'number', default: fallback, typeOptions: { minValue: 1 }, description };
}

/**
 * Requests one send runs at the same time (`options.concurrency`, read by `parallelRequests`).
 * No gateway publishes a limit on it; a 429 pauses and slows every request of the process
 * (shared/pace.ts) and is retried, since it proves nothing was sent.
 */
export const DEFAULT_PARALLEL_REQUESTS = 5;
export const MAX_PARALLEL_REQUESTS = 20;

export function parallelRequestsOption(description: string): INodeProperties {
	return { displayName: 'Parallel Requests', name: 'concurrency', type: 'number', default: DEFAULT_PARALLEL_REQUESTS, typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS }, description };
}

export function messageProperty(show: Show, description?: string): INodeProperties {
	return {
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		description: description ?? 'Text to send. Up to 160 GSM-7 characters (70 in other alphabets or with emoji) fit in one SMS; longer texts are split into parts and billed per part.',
		displayOptions: { show },
	};
}

/**
 * The Sender field of a gateway whose senders can be listed (its node's `getSenders` load-options
 * method): `what` says which names are valid on that gateway.
 */
export function senderListProperty(show: Show, what: string): INodeProperties {
	return {
		displayName: 'Sender Name or ID',
		name: 'sender',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSenders' },
		default: '',
		required: true,
		description: `${what}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		displayOptions: { show },
	};
}

export const personalizedMessageDescription =
	'Text for each recipient. {field} is replaced by the input item\'s top-level field of that name, e.g. "Hi {name}, your code is {code}". An item without a field used by the text fails with a message naming it.';

export function returnAllProperties(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/**
 * The credential's "Requests per Second": the account's rate limit, which every n8n process
 * using the credential keeps to on its own (shared/pace.ts). `documented`: the provider's
 * published limit (0 where it publishes none).
 */
export function requestsPerSecondProperty(provider: string, documented = 0): INodeProperties {
	const limit = documented
		? `${provider} documents ${documented} requests per second per account.`
		: `${provider} publishes no limit: 0 (or empty) means no pacing: the node sends as fast as its settings allow and slows down only when ${provider} answers 429 (too many requests).`;
	return {
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		// 0 (no limit) where the provider publishes none: the contract says "empty", but n8n's lint
		// requires a number default for a number field, and 0 and empty mean the same here.
		default: documented,
		description: `The most requests per second n8n makes with this account. ${limit} In queue mode each worker keeps to this rate by itself and slows down when ${provider} answers 429: to avoid 429s altogether, set the account's limit divided by the number of workers.`,
	};
}
