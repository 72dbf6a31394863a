import type { IExecuteFunctions } from 'n8n-workflow';

import { InputError } from './errors';

type Context = Pick<IExecuteFunctions, 'getNode' | 'getNodeParameter'>;

interface Memo {
	varies: Map<string, boolean>;
	values: Map<string, unknown>;
}

const memos = new WeakMap<object, Memo>();

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
 * `getNodeParameter` for one item, evaluated once per execution when the stored value holds no
 * expression (it is then the same for every item). n8n resolves every call through its expression
 * machinery: a bulk send reading half a dozen parameters for each of 10,000 items spent ~0.45 ms
 * an item there (test/bench/n8n.js), more than all its requests. Only primitive values are shared,
 * so no caller can change another item's value.
 */
export function itemParameter(ctx: Context, name: string, itemIndex: number, fallback?: unknown): unknown {
	let memo = memos.get(ctx);
	if (!memo) memos.set(ctx, (memo = { varies: new Map(), values: new Map() }));
	let varies = memo.varies.get(name);
	if (varies === undefined) {
		varies = mayVary(ctx.getNode().parameters, name);
		memo.varies.set(name, varies);
	}
	if (varies) return ctx.getNodeParameter(name, itemIndex, fallback);
	const key = `${name}\u0000${typeof fallback}\u0000${String(fallback)}`;
	if (memo.values.has(key)) return memo.values.get(key);
	const value = ctx.getNodeParameter(name, itemIndex, fallback);
	if (value === null || typeof value !== 'object') memo.values.set(key, value);
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
	const raw = itemParameter(ctx, name, itemIndex, fallback);
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
		const range = max === undefined ? `of ${min} or more` : `from ${min} to ${max}`;
		throw new InputError(`"${label}" must be a whole number ${range}, not ${String(raw)} (parameter ${name}).`, name);
	}
	return value;
}
