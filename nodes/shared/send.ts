import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsProperty } from './descriptions';
import { GatewayError, settle } from './errors';
import { itemParameter } from './parameters';
import type { PairedRow, PreparedItem, SendGroup, SendOperation } from './router';
import { countSegments, type SegmentInfo } from './segments';
import { replaceLookAlikes, smartEncode, type SmartEncodingReport } from './smartEncoding';

export type SendStatus = 'accepted' | 'rejected' | 'unknown';

/** One recipient of a send, remembering the input item it came from. */
export interface Recipient {
	itemIndex: number;
	to: string;
}

/** A recipient with the text it gets (for personalized sends, its own). */
export interface Outgoing extends Recipient {
	message: string;
}

/** The output row every send operation emits per recipient (docs/contract.md). */
export function sendRow(
	provider: string,
	recipient: Recipient,
	status: SendStatus,
	segments: SegmentInfo,
	extra: IDataObject = {},
): PairedRow {
	return {
		itemIndex: recipient.itemIndex,
		json: {
			provider,
			to: recipient.to,
			status,
			...extra,
			segments: segments.segments,
			encoding: segments.encoding,
		},
	};
}

/** Rows for recipients of a request that failed as a whole, each with the parts of its own text. */
export function failedRows(provider: string, recipients: readonly Outgoing[], error: GatewayError, extra: IDataObject = {}): PairedRow[] {
	const status: SendStatus = error.kind === 'unknown' ? 'unknown' : 'rejected';
	const counted = new Map<string, SegmentInfo>();
	return recipients.map((recipient) => {
		let segments = counted.get(recipient.message);
		if (!segments) counted.set(recipient.message, (segments = countSegments(recipient.message)));
		return sendRow(provider, recipient, status, segments, { ...extra, error: error.message });
	});
}

/**
 * The outcome of one send request. A GatewayError (the gateway refused it, or it may never have
 * arrived) is an outcome: the caller turns it into one failed row per recipient. Anything else
 * thrown is a bug, and propagates.
 */
export async function settleSend<T>(request: Promise<T>): Promise<{ reply: T } | { error: GatewayError }> {
	const outcome = await settle(request);
	if ('value' in outcome) return { reply: outcome.value };
	if (outcome.error instanceof GatewayError) return { error: outcome.error };
	throw outcome.error;
}

/** What a send operation reads from each input item: its recipients and the text they get. */
export interface ItemSend {
	to: string[];
	message: string;
}

/**
 * What a provider adds to the shared send pipeline: how to read an item (every check, throwing
 * InputError, before anything is sent), what recipients must share to go out together, whether
 * a number listed twice among them is sent once, and the delivery of one group (in as many
 * requests as its batch size and rate need) returning one row per recipient.
 */
export interface SendAdapter<V extends ItemSend> {
	read(ctx: IExecuteFunctions, itemIndex: number): V;
	/** What recipients sent together share. Default: everything the item read but `to` (and `message` for personalized sends, where each has its own). */
	sharedBy?(value: V): unknown;
	/** Whether a number that comes twice into one group is sent once. Default: yes. */
	dedupe?(value: V): boolean;
	deliver(ctx: IExecuteFunctions, value: V, recipients: Array<Addressed<V>>): Promise<PairedRow[]>;
	/**
	 * With smart encoding chosen and applied to `message`: the same replacements in whatever else
	 * of the reading goes to the gateway as text (Msegat's personalized template and its values).
	 */
	smartEncoded?(value: V, replace: (text: string) => string): V;
}

/** A recipient in a group, with the reading of the item it came from (its own template values, say). */
export interface Addressed<V> extends Outgoing {
	value: V;
}

function withoutRecipients(value: ItemSend, personalized: boolean): unknown {
	const { to: _to, message, ...rest } = value as ItemSend & Record<string, unknown>;
	return personalized ? rest : { message, ...rest };
}

/** Show conditions of an operation's fields (those of its first field that has them). */
function showOf(description: INodeProperties[]) {
	return description.find((property) => property.displayOptions?.show)?.displayOptions?.show ?? {};
}

const SMART_ENCODING_OPTION: INodeProperties = {
	displayName: 'Smart Encoding',
	name: 'smartEncoding',
	type: 'boolean',
	default: false,
	description:
		'Whether to replace characters that only look like GSM-7 ones (curly quotes and apostrophes, long dashes, …, non-breaking spaces, bullets) by their plain twins when that makes the whole text GSM-7: up to 160 characters a part instead of 70. A text that needs Unicode anyway (Arabic, emoji) is sent as written. The output says what was replaced.',
};

/**
 * The description with the Smart Encoding option in its Options collection (one is added where
 * the operation has none), for every operation whose text the user writes (a `message` field).
 */
function withSmartEncoding(description: INodeProperties[]): INodeProperties[] {
	if (!description.some((property) => property.name === 'message')) return description;
	const index = description.findIndex((property) => property.name === 'options' && property.type === 'collection');
	if (index < 0) return [...description, optionsProperty(showOf(description), [SMART_ENCODING_OPTION])];
	const options = description[index];
	const listed = [...((options.options as INodeProperties[]) ?? []), SMART_ENCODING_OPTION].sort((a, b) => a.displayName.localeCompare(b.displayName));
	return description.map((property, i) => (i === index ? { ...options, options: listed } : property));
}

/**
 * A send operation from its adapter, in one of three shapes:
 * - `single` (send, OTP sends): each item is its own group, delivered in item order;
 * - `bulk` (sendBulk): the recipients of all items that share text and settings go out together,
 *   each number once (unless the adapter says otherwise);
 * - `personalized` (sendPersonalized): as bulk, but each item keeps its own text, and no number
 *   is dropped (two items for one number are two messages).
 *
 * Smart encoding (`options.smartEncoding`) is applied here, to each item's text after it is read
 * and before anything is grouped or sent; each row of that item then says what was replaced.
 */
export function sendOperation<V extends ItemSend>(
	description: INodeProperties[],
	shape: 'single' | 'bulk' | 'personalized',
	adapter: SendAdapter<V>,
): SendOperation<V> {
	const dedupe = (value: V) => (shape === 'bulk' ? (adapter.dedupe?.(value) ?? true) : false);
	const fields = withSmartEncoding(description);
	const offersSmartEncoding = fields !== description;
	// Per reading (one object per item and execution), so nothing outlives an execution.
	const reports = new WeakMap<object, SmartEncodingReport>();
	return {
		description: fields,
		perItem: shape === 'single',
		prepare(this: IExecuteFunctions, itemIndex: number) {
			const value = adapter.read(this, itemIndex);
			if (!offersSmartEncoding || itemParameter(this, 'options.smartEncoding', itemIndex, false) !== true) return value;
			const { text, report } = smartEncode(value.message);
			if (!report) return value;
			const encoded = { ...value, message: text };
			const result = adapter.smartEncoded ? adapter.smartEncoded(encoded, (t) => replaceLookAlikes(t).text) : encoded;
			reports.set(result, report);
			return result;
		},
		groups(prepared: Array<PreparedItem<V>>): Array<SendGroup<V>> {
			if (shape === 'single') return prepared.map((item) => ({ value: item.value, items: [item] }));
			const groups = new Map<string, SendGroup<V>>();
			for (const item of prepared) {
				const key = JSON.stringify(adapter.sharedBy ? adapter.sharedBy(item.value) : withoutRecipients(item.value, shape === 'personalized'));
				const group = groups.get(key);
				if (group) group.items.push(item);
				else groups.set(key, { value: item.value, items: [item] });
			}
			return [...groups.values()];
		},
		async deliver(this: IExecuteFunctions, group: SendGroup<V>) {
			const recipients: Array<Addressed<V>> = [];
			const seen = dedupe(group.value) ? new Set<string>() : undefined;
			for (const { itemIndex, value } of group.items) {
				for (const to of value.to) {
					if (seen) {
						if (seen.has(to)) continue;
						seen.add(to);
					}
					recipients.push({ itemIndex, to, message: value.message, value });
				}
			}
			const rows = await adapter.deliver(this, group.value, recipients);
			const byItem = new Map(group.items.map(({ itemIndex, value }) => [itemIndex, reports.get(value)]));
			for (const row of rows) {
				const report = byItem.get(row.itemIndex);
				if (report) row.json.smartEncoding = { ...report };
			}
			return rows;
		},
	};
}
