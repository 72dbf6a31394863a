import type { IExecuteFunctions } from 'n8n-workflow';
import { isSafeObjectProperty } from 'n8n-workflow';

import { DEFAULT_PARALLEL_REQUESTS, MAX_PARALLEL_REQUESTS } from './descriptions';
import { InputError } from './errors';

type Context = Pick<IExecuteFunctions, 'getNode' | 'getNodeParameter'> & Partial<Pick<IExecuteFunctions, 'getInputData'>>;

/** What one execution knows of one parameter: one lookup per call, whatever the item. */
interface ParameterMemo {
	memo: Memo;
	varies: boolean;
	/** The input field its expression only reads (`={{ $json.phone }}`), or null. */
	field: string | null;
	/** Without an expression: the value per fallback (as passed; every object fallback as one). */
	values?: Map<unknown, unknown>;
	/** Without an expression: what `checkedParameter`'s check made of it, per check (or key). */
	checked?: Map<unknown, unknown>;
}

interface Memo {
	parameters: Map<string, ParameterMemo>;
	items?: ReturnType<IExecuteFunctions['getInputData']>;
}

const memos = new WeakMap<object, Memo>();
const OBJECT_FALLBACK = Symbol('object fallback');

function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}

/** Whether the node's stored value for `path` (e.g. `options.batchSize`) involves an expression. */
function mayVary(parameters: unknown, path: string): boolean {
	let value = parameters;
	for (const part of path.split('.')) {
		if (typeof value === 'string') return value.startsWith('=');
		if (!value || typeof value !== 'object') return false;
		value = (value as Record<string, unknown>)[part];
	}
	return containsExpression(value);
}

/**
 * The input field a stored value only reads, when it is exactly `={{ $json.<name> }}` or
 * `={{ $json["<name>"] }}` (spaces allowed inside the braces), the way n8n writes a field dragged
 * from the input panel; anything else (two fields, a method, text around it) is left to n8n.
 */
const PLAIN_FIELD = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\])\s*\}\}$/;

export function plainField(stored: unknown): string | null {
	if (typeof stored !== 'string') return null;
	const match = PLAIN_FIELD.exec(stored);
	const field = match ? (match[1] ?? match[2] ?? match[3]) : null;
	// n8n's expression sandbox refuses some names (`__proto__`, `constructor`…): n8n answers those.
	// An n8n too old to export its check gets no shortcut at all.
	return field !== null && typeof isSafeObjectProperty === 'function' && isSafeObjectProperty(field) ? field : null;
}

const isScalar = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * The value n8n gives `={{ $json.<field> }}` for item `itemIndex`, read from the input item
 * without n8n's expression machinery, when it is one n8n returns unchanged: a string, number or
 * boolean, or an array of those (copied, so no caller can change the item). Undefined otherwise
 * (a missing field, null, an object, a date): then n8n evaluates it. n8n's `$json` is the item of
 * the node's first input at that index (n8n-core WorkflowExecute.prepareConnectionInputData,
 * WorkflowDataProxy `$json`), which is what getInputData() returns; test/shared/parameters.test.ts
 * compares both on generated values through n8n-core's own ExecuteContext, and the e2e suite in
 * real n8n.
 */
function readField(ctx: Context, memo: Memo, field: string, itemIndex: number): unknown {
	memo.items ??= ctx.getInputData!();
	const json = memo.items[itemIndex]?.json;
	if (!json || !Object.prototype.hasOwnProperty.call(json, field)) return undefined;
	const value = json[field];
	if (isScalar(value)) return value;
	if (Array.isArray(value) && value.every(isScalar)) return [...value];
	return undefined;
}

/**
 * `getNodeParameter` for one item, evaluated once per execution when the stored value holds no
 * expression (it is then the same for every item). n8n resolves every call through its expression
 * machinery: a bulk send reading half a dozen parameters for each of 10,000 items spent ~0.45 ms
 * an item there (test/bench/n8n.js), more than all its requests. Only primitive values are shared,
 * so no caller can change another item's value. A value that only reads one input field
 * (`={{ $json.phone }}`, the usual *To* of a bulk send) is read from the item (readField).
 */
export function itemParameter(ctx: Context, name: string, itemIndex: number, fallback?: unknown): unknown {
	const parameter = parameterMemo(ctx, name);
	if (parameter.varies) {
		if (parameter.field !== null) {
			const value = readField(ctx, parameter.memo, parameter.field, itemIndex);
			if (value !== undefined) return value;
		}
		return ctx.getNodeParameter(name, itemIndex, fallback);
	}
	const values = (parameter.values ??= new Map());
	// Object fallbacks are told apart by nothing (a fresh `{}` each call must not grow the map).
	const key = fallback !== null && typeof fallback === 'object' ? OBJECT_FALLBACK : fallback;
	if (values.has(key)) return values.get(key);
	const value = ctx.getNodeParameter(name, itemIndex, fallback);
	if (value === null || typeof value !== 'object') values.set(key, value);
	return value;
}

function parameterMemo(ctx: Context, name: string): ParameterMemo {
	let memo = memos.get(ctx);
	if (!memo) memos.set(ctx, (memo = { parameters: new Map() }));
	let parameter = memo.parameters.get(name);
	if (!parameter) {
		const stored = ctx.getNode().parameters;
		const varies = mayVary(stored, name);
		const field = varies && ctx.getInputData && !name.includes('.') ? plainField((stored as Record<string, unknown>)[name]) : null;
		memo.parameters.set(name, (parameter = { memo, varies, field }));
	}
	return parameter;
}

/**
 * `check(itemParameter(…))`, where the check (a validation, a conversion) runs once per execution
 * for a parameter without an expression: the same value passes or fails the same way for every
 * item. A check that throws is not remembered, so each item meets the error (Continue On Fail).
 * `check` must be pure and its result not changed by callers. What is remembered is found by
 * `key`, by default the check itself: a closure made per call needs a key that stays the same.
 */
export function checkedParameter<T>(ctx: Context, name: string, itemIndex: number, fallback: unknown, check: (raw: unknown) => T, key: unknown = check): T {
	const parameter = parameterMemo(ctx, name);
	if (parameter.varies) return check(itemParameter(ctx, name, itemIndex, fallback));
	const checked = (parameter.checked ??= new Map());
	if (checked.has(key)) return checked.get(key) as T;
	const value = check(itemParameter(ctx, name, itemIndex, fallback));
	checked.set(key, value);
	return value;
}

/**
 * A whole-number parameter of one item, checked before any request: the error names the field as
 * the user sees it (`label`), its parameter path (for expressions) and what it holds. `max` is left
 * out where there is no upper bound.
 */
export function wholeNumberParameter(
	ctx: Context,
	name: string,
	itemIndex: number,
	{ label, fallback, min, max }: { label: string; fallback: number; min: number; max?: number },
): number {
	// One label, one call site: its limits are the same at every call.
	return checkedParameter(ctx, name, itemIndex, fallback, (raw) => {
		const value = Number(raw);
		if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
			const range = max === undefined ? `of ${min} or more` : `from ${min} to ${max}`;
			throw new InputError(`"${label}" must be a whole number ${range}, not ${String(raw)} (parameter ${name}).`, name);
		}
		return value;
	}, label);
}

/** The Parallel Requests option (`parallelRequestsOption`) of one item. */
export function parallelRequests(ctx: Context, itemIndex: number): number {
	return wholeNumberParameter(ctx, 'options.concurrency', itemIndex, { label: 'Parallel Requests', fallback: DEFAULT_PARALLEL_REQUESTS, min: 1, max: MAX_PARALLEL_REQUESTS });
}
