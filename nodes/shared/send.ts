import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsProperty } from './descriptions';
import { GatewayError, InputError, settle } from './errors';
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
	// countSegments remembers the last text: recipients sharing one are counted once.
	return recipients.map((recipient) => sendRow(provider, recipient, status, countSegments(recipient.message), { ...extra, error: error.message }));
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
	/** A gateway that publishes a cost and a balance call: the budget guard's two questions. */
	budget?: BudgetGuard<NoInfer<V>>;
}

/**
 * The budget guard (`options.maxCost`, `options.requireBalance`) of a gateway with a cost call and
 * a balance call (Msegat, SMSgic): the campaign's estimate and the balance, in one unit.
 */
export interface BudgetGuard<V> {
	/** The rows' `provider`, and the gateway's name in the sentence a refused campaign fails with. */
	provider: string;
	name: string;
	/** What Max Cost is counted in, for its description: 'points', "the account's currency". */
	billedIn: string;
	/** The gateway's estimate for one group of the campaign (the guard adds the groups up). */
	estimate(ctx: IExecuteFunctions, value: V, recipients: Array<Addressed<V>>): Promise<number>;
	balance(ctx: IExecuteFunctions): Promise<{ balance: number; unit: string }>;
}

/** A recipient in a group, with the reading of the item it came from (its own template values, say). */
export interface Addressed<V> extends Outgoing {
	value: V;
}

function withoutRecipients(value: ItemSend, personalized: boolean): unknown {
	const { to: _to, message, ...rest } = value as ItemSend & Record<string, unknown>;
	return personalized ? rest : { message, ...rest };
}

function isPlainObject(value: object): boolean {
	const prototype = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

/**
 * Whether two values certainly have the same JSON: strings, finite numbers, booleans and null,
 * arrays of them and plain objects with the same keys in the same order (keys holding undefined
 * left out, as JSON leaves them), or one and the same value. Anything else (a date, NaN) answers
 * false, and the caller compares the JSON itself.
 */
export function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true; // one value has one JSON
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
		return true;
	}
	if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
	const x = a as Record<string, unknown>;
	const y = b as Record<string, unknown>;
	const keysX = Object.keys(x);
	const keysY = Object.keys(y);
	// The keys in order, each side skipping those that hold undefined.
	for (let i = 0, j = 0; ; i++, j++) {
		while (i < keysX.length && x[keysX[i]] === undefined) i++;
		while (j < keysY.length && y[keysY[j]] === undefined) j++;
		if (i === keysX.length || j === keysY.length) return i === keysX.length && j === keysY.length;
		if (keysX[i] !== keysY[j] || !sameJson(x[keysX[i]], y[keysY[j]])) return false;
	}
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
	return withOptions(description, [SMART_ENCODING_OPTION]);
}

const budgetOptions = (billedIn: string): INodeProperties[] => [
	{
		displayName: 'Max Cost',
		name: 'maxCost',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		description:
			`The most the whole campaign may cost, in ${billedIn}. The node first asks the gateway's estimate, and sends nothing at all when it is higher. 0 means no limit.`,
	},
	{
		displayName: 'Require Balance',
		name: 'requireBalance',
		type: 'boolean',
		default: false,
		description: "Whether to send nothing at all unless the balance covers the gateway's estimate of the whole campaign (so a campaign never stops halfway for lack of credit)",
	},
];

const byName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** `added` options in the operation's Options collection (one is made where it has none). */
function withOptions(description: INodeProperties[], added: INodeProperties[]): INodeProperties[] {
	const index = description.findIndex((property) => property.name === 'options' && property.type === 'collection');
	if (index < 0) return [...description, optionsProperty(showOf(description), [...added].sort(byName))];
	const options = description[index];
	const listed = [...((options.options as INodeProperties[]) ?? []), ...added].sort(byName);
	return description.map((property, i) => (i === index ? { ...options, options: listed } : property));
}

const amount = (n: number) => String(Math.round(n * 100) / 100);

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
 * With a budget guard, `guard` asks the estimate (and the balance) of the whole campaign before
 * the first group is delivered, and refuses it whole (docs/contract.md).
 */
export function sendOperation<V extends ItemSend>(
	description: INodeProperties[],
	shape: 'single' | 'bulk' | 'personalized',
	adapter: SendAdapter<V>,
): SendOperation<V> {
	const dedupe = (value: V) => (shape === 'bulk' ? (adapter.dedupe?.(value) ?? true) : false);
	const smart = withSmartEncoding(description);
	const offersSmartEncoding = smart !== description;
	const fields = adapter.budget ? withOptions(smart, budgetOptions(adapter.budget.billedIn)) : smart;
	const recipientsOf = (group: SendGroup<V>): Array<Addressed<V>> => {
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
		return recipients;
	};
	const budget = adapter.budget;
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
			// Items read alike one after another (the usual bulk send) join the previous item's group
			// without writing out their key: the same JSON, so the same group.
			let previous: { shared: unknown; group: SendGroup<V> } | undefined;
			for (const item of prepared) {
				const shared = adapter.sharedBy ? adapter.sharedBy(item.value) : withoutRecipients(item.value, shape === 'personalized');
				if (previous && sameJson(shared, previous.shared)) {
					previous.group.items.push(item);
					continue;
				}
				const key = JSON.stringify(shared);
				let group = groups.get(key);
				if (group) group.items.push(item);
				else groups.set(key, (group = { value: item.value, items: [item] }));
				previous = { shared, group };
			}
			return [...groups.values()];
		},
		...(budget
			? {
					/**
					 * The guard's options are the campaign's: read from its first item. It asks the
					 * estimate of every group, then the balance, before anything is sent; a failure of
					 * either call refuses the campaign too (its cost could not be checked).
					 */
					async guard(this: IExecuteFunctions, groups: Array<SendGroup<V>>) {
						const first = groups[0]?.items[0];
						if (!first) return;
						const maxCost = Number(itemParameter(this, 'options.maxCost', first.itemIndex, 0));
						if (!Number.isFinite(maxCost) || maxCost < 0) {
							throw new InputError(`"Max Cost" must be a number of 0 or more (0: no limit), not ${String(maxCost)}.`, 'options.maxCost');
						}
						const requireBalance = itemParameter(this, 'options.requireBalance', first.itemIndex, false) === true;
						if (maxCost === 0 && !requireBalance) return;
						let estimate = 0;
						for (const group of groups) estimate += await budget.estimate(this, group.value, recipientsOf(group));
						const { balance, unit } = await budget.balance(this);
						const over = [
							...(maxCost > 0 && estimate > maxCost ? [`the Max Cost of ${amount(maxCost)} ${unit}`] : []),
							...(requireBalance && estimate > balance ? [`the balance of ${amount(balance)} ${unit}`] : []),
						];
						if (over.length === 0) return;
						// The parenthesis gives whichever of the balance and the limit the reason left out.
						const untold = over.length === 2 ? '' : maxCost > 0 && estimate > maxCost ? ` (balance ${amount(balance)} ${unit})` : maxCost > 0 ? ` (Max Cost ${amount(maxCost)} ${unit})` : ' (no Max Cost set)';
						throw new GatewayError({
							kind: 'notSent',
							message: `Nothing was sent: ${budget.name} estimates the campaign at ${amount(estimate)} ${unit}, more than ${over.join(' and ')}${untold}.`,
							description: 'Send to fewer recipients, shorten the text (fewer parts), raise Max Cost or top up the balance, then run the node again.',
						});
					},
					refused(groups: Array<SendGroup<V>>, error: GatewayError) {
						return groups.flatMap((group) => failedRows(budget.provider, recipientsOf(group), error));
					},
				}
			: {}),
		async deliver(this: IExecuteFunctions, group: SendGroup<V>) {
			const recipients = recipientsOf(group);
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
