import fc from 'fast-check';
import type { IDataObject, INode } from 'n8n-workflow';

import { checkedParameter, itemParameter, plainField, wholeNumberParameter } from '../../nodes/shared/parameters';

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
		const { ctx, calls } = context({ expr: '={{ $json.phone.trim() }}', options: { exprInside: '={{ $json.size }}' } });
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

describe('checkedParameter', () => {
	it('checks a parameter without an expression once per execution, and one with an expression per item', () => {
		const { ctx } = context({ sender: 'MyShop', expr: '={{ $json.sender }}' });
		const checked: unknown[] = [];
		const check = (raw: unknown) => {
			checked.push(raw);
			return `checked ${String(raw)}`;
		};
		expect([0, 1, 2].map((i) => checkedParameter(ctx, 'sender', i, undefined, check))).toEqual(['checked constant', 'checked constant', 'checked constant']);
		expect(checked).toEqual(['constant']);
		expect([0, 1].map((i) => checkedParameter(ctx, 'expr', i, undefined, check))).toEqual(['checked value 0', 'checked value 1']);
		expect(checked).toEqual(['constant', 'value 0', 'value 1']);
	});

	it('does not remember a failed check: every item meets the error', () => {
		const { ctx } = context({ sender: 'bad sender!' });
		let calls = 0;
		const check = () => {
			calls++;
			throw new Error('not a sender');
		};
		expect(() => checkedParameter(ctx, 'sender', 0, '', check)).toThrow('not a sender');
		expect(() => checkedParameter(ctx, 'sender', 1, '', check)).toThrow('not a sender');
		expect(calls).toBe(2);
	});

	it('keeps apart two checks of one parameter, and wholeNumberParameter its labels', () => {
		const { ctx } = context({ size: 7 });
		expect(checkedParameter(ctx, 'size', 0, undefined, (raw) => `a ${String(raw)}`, 'a')).toBe('a constant');
		expect(checkedParameter(ctx, 'size', 0, undefined, (raw) => `b ${String(raw)}`, 'b')).toBe('b constant');
		const numbers = context({ options: { batchSize: 5 } });
		numbers.ctx.getNodeParameter = (() => 5) as never;
		expect(wholeNumberParameter(numbers.ctx, 'options.batchSize', 0, { label: 'Batch Size', fallback: 1, min: 1 })).toBe(5);
		expect(() => wholeNumberParameter(numbers.ctx, 'options.batchSize', 1, { label: 'Small', fallback: 1, min: 1, max: 3 })).toThrow(
			'"Small" must be a whole number from 1 to 3, not 5 (parameter options.batchSize).',
		);
	});
});

describe('itemParameter reading a plain input field, against n8n-core\'s own ExecuteContext', () => {
	// n8n-core's real context: getNodeParameter runs n8n's expression machinery on the stored value.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { ExecuteContext } = require('n8n-core/dist/execution-engine/node-execution-context/execute-context');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Workflow } = require('n8n-workflow');
	// A context's helpers start n8n's SSH tunnel manager, whose cleanup timer would keep jest alive.
	afterAll(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Container } = require('@n8n/di');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
		Container.get(SSHClientsManager).onShutdown();
	});

	function n8nContext(stored: unknown, jsons: IDataObject[]) {
		const nodeType = { description: { properties: [{ displayName: 'To', name: 'to', type: 'string', default: '' }] } };
		const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
		const node = { id: 'n1', name: 'SMS', type: 'test.sms', typeVersion: 1, position: [0, 0], parameters: { to: stored } };
		const workflow = new Workflow({ id: 'w', name: 'w', nodes: [node], connections: {}, active: false, nodeTypes });
		const items = jsons.map((json) => ({ json }));
		const ctx = new ExecuteContext(workflow, node, { executionId: '1', variables: {} }, 'manual', { resultData: { runData: {} } }, 0, items, { main: [items] }, { node, data: { main: [items] }, source: null }, []);
		const asked: number[] = [];
		const getNodeParameter = ctx.getNodeParameter;
		ctx.getNodeParameter = (name: string, itemIndex: number, fallback?: unknown) => {
			asked.push(itemIndex);
			return getNodeParameter(name, itemIndex, fallback);
		};
		return { ctx, asked, n8n: (itemIndex: number) => getNodeParameter('to', itemIndex) };
	}

	it('recognises only a lone $json field', () => {
		expect(['={{ $json.phone }}', '={{$json.phone}}', "={{ $json['phone number'] }}", '={{ $json["to"] }}'].map(plainField)).toEqual(['phone', 'phone', 'phone number', 'to']);
		for (const other of ['={{ $json.__proto__ }}', '={{ $json["constructor"] }}', '={{ $json.a.b }}', '={{ $json.phone.trim() }}', '={{ $json.a }} {{ $json.b }}', '=+{{ $json.phone }}', '{{ $json.phone }}', '={{ $json }}', '={{ $("Node").item.json.phone }}', 42]) {
			expect(plainField(other)).toBeNull();
		}
	});

	// Values an input field may hold: scalars and arrays are read from the item, the rest is n8n's.
	const scalar = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constantFrom('+966 50 123 4567', '0501234567', '', ' '));
	const fieldValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.constant(null), fc.constant(undefined), fc.object(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
	const fieldName = fc.oneof(fc.constantFrom('phone', 'to', '$x', '_1', 'phone number', 'toString', '__proto__', 'constructor'), fc.stringMatching(/^[A-Za-z_$][\w$]{0,8}$/));

	it('gives what n8n gives, for every item, and asks n8n only for what it does not read itself', () => {
		fc.assert(
			fc.property(fieldName, fc.array(fieldValue, { minLength: 1, maxLength: 6 }), fc.boolean(), (name, values, bracket) => {
				const stored = bracket || !/^[A-Za-z_$][\w$]*$/.test(name) ? `={{ $json[${JSON.stringify(name)}] }}` : `={{ $json.${name} }}`;
				const jsons = values.map((value) => (value === undefined ? {} : JSON.parse(JSON.stringify({ [name]: value }))) as IDataObject);
				const { ctx, asked, n8n } = n8nContext(stored, jsons);
				const outcome = (read: () => unknown) => {
					try {
						return { value: read() };
					} catch (error) {
						return { error: (error as Error).message };
					}
				};
				const ours = jsons.map((_, i) => outcome(() => itemParameter(ctx, 'to', i)));
				const theirs = jsons.map((_, i) => outcome(() => n8n(i)));
				expect(ours).toEqual(theirs);
				const readHere = jsons.map((json, i) => [i, plainField(stored) !== null && Object.prototype.hasOwnProperty.call(json, name) && (['string', 'number', 'boolean'].includes(typeof json[name]) || (Array.isArray(json[name]) && (json[name] as unknown[]).every((v) => ['string', 'number', 'boolean'].includes(typeof v))))] as const);
				expect(asked).toEqual(readHere.filter(([, here]) => !here).map(([i]) => i));
			}),
			{ numRuns: 300 },
		);
	});

	it('hands out a copy of an array, never the item\'s own', () => {
		const jsons = [{ phones: ['966500000001', '966500000002'] }];
		const { ctx } = n8nContext('={{ $json.phones }}', jsons);
		const read = itemParameter(ctx, 'to', 0) as string[];
		expect(read).toEqual(jsons[0].phones);
		read.push('x');
		expect(jsons[0].phones).toHaveLength(2);
	});
});
