import type { INode } from 'n8n-workflow';

import { itemParameter } from '../../nodes/shared/parameters';

/** A context whose getNodeParameter counts its calls and returns `value(item)` for every name. */
function context(parameters: INode['parameters']) {
	const calls: string[] = [];
	const ctx = {
		getNode: () => ({ id: 'n', name: 'SMS', type: 't', typeVersion: 1, position: [0, 0], parameters }) as INode,
		getNodeParameter: ((name: string, itemIndex: number, fallback?: unknown) => {
			calls.push(`${name}#${itemIndex}`);
			if (name === 'options') return { batchSize: itemIndex };
			return name.startsWith('expr') ? `value ${itemIndex}` : (fallback ?? 'constant');
		}) as never,
	};
	return { ctx, calls };
}

describe('itemParameter', () => {
	it('asks n8n once per execution for a parameter without an expression', () => {
		const { ctx, calls } = context({ message: 'Hello', options: { batchSize: 100 } });
		const read = [0, 1, 2].map((i) => itemParameter(ctx, 'message', i));
		expect(read).toEqual(['constant', 'constant', 'constant']);
		expect([0, 1].map((i) => itemParameter(ctx, 'options.batchSize', i, 500))).toEqual([500, 500]);
		expect(calls).toEqual(['message#0', 'options.batchSize#0']);
	});

	it('asks n8n for every item when the stored value is, or contains, an expression', () => {
		const { ctx, calls } = context({ expr: '={{ $json.phone }}', options: { exprInside: '={{ $json.size }}' } });
		expect([0, 1].map((i) => itemParameter(ctx, 'expr', i))).toEqual(['value 0', 'value 1']);
		// an expression on the collection itself, or inside it, makes every field of it vary
		const whole = context({ options: '={{ $json.options }}' });
		[0, 1].forEach((i) => itemParameter(whole.ctx, 'options.batchSize', i));
		expect(whole.calls).toEqual(['options.batchSize#0', 'options.batchSize#1']);
		[0, 1].forEach((i) => itemParameter(ctx, 'options.exprInside', i));
		expect(calls).toEqual(['expr#0', 'expr#1', 'options.exprInside#0', 'options.exprInside#1']);
	});

	it('never shares an object between items, and keeps fallbacks apart', () => {
		const { ctx, calls } = context({ options: {} });
		const first = itemParameter(ctx, 'options', 0);
		const second = itemParameter(ctx, 'options', 1);
		expect(first).not.toBe(second);
		expect(itemParameter(ctx, 'sender', 0, 'A')).toBe('A');
		expect(itemParameter(ctx, 'sender', 1, 'B')).toBe('B');
		expect(calls).toEqual(['options#0', 'options#1', 'sender#0', 'sender#1']);
	});

	it('starts afresh for each execution (a new context)', () => {
		const a = context({ message: 'Hi' });
		const b = context({ message: 'Hi' });
		itemParameter(a.ctx, 'message', 0);
		itemParameter(b.ctx, 'message', 0);
		expect([a.calls, b.calls]).toEqual([['message#0'], ['message#0']]);
	});
});
