import fc from 'fast-check';

import { sameJson } from '../../nodes/shared/send';

/** Values the way an adapter's reading can look, and what JSON does differently with some of them. */
const value = fc.letrec((tie) => ({
	any: fc.oneof(
		{ depthSize: 'small' },
		fc.string({ maxLength: 4 }),
		fc.integer({ min: -3, max: 3 }),
		fc.constantFrom(0, -0, NaN, Infinity, 1.5),
		fc.boolean(),
		fc.constant(null),
		fc.constant(undefined),
		fc.date({ min: new Date(0), max: new Date(1e12), noInvalidDate: true }),
		fc.array(tie('any'), { maxLength: 3 }),
		fc.dictionary(fc.constantFrom('a', 'b', 'c', 'to', 'message'), tie('any'), { maxKeys: 3 }),
	),
})).any;

const hasDate = (v: unknown): boolean => v instanceof Date || (typeof v === 'object' && v !== null && Object.values(v).some(hasDate));

describe('sameJson', () => {
	it('answers true only for values whose JSON is the same (so grouping by it equals grouping by JSON)', () => {
		fc.assert(
			fc.property(value, value, (a, b) => {
				if (sameJson(a, b)) expect(JSON.stringify(a)).toBe(JSON.stringify(b));
			}),
			{ numRuns: 2000 },
		);
	});

	it('recognises a copy of a plain reading, as every item of a bulk send makes its own', () => {
		fc.assert(
			fc.property(value, (a) => {
				const json = JSON.stringify(a);
				// NaN, Infinity and undefined in arrays become null, dates strings: those are left to JSON.
				if (json === undefined || /null/.test(json) || hasDate(a)) return;
				expect(sameJson(a, JSON.parse(json))).toBe(true);
			}),
		);
		const settings = () => ({ message: 'Hi', settings: { sender: 'MyShop', encoding: 'UTF8', batchSize: 500, concurrency: 5, filterDuplicates: undefined } });
		expect(sameJson(settings(), settings())).toBe(true);
	});

	it('tells apart what JSON tells apart', () => {
		expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false); // other key order, other JSON
		expect(sameJson({ a: 1 }, { a: '1' })).toBe(false);
		expect(sameJson([1, 2], [2, 1])).toBe(false);
		expect(sameJson({ a: [1] }, { a: { 0: 1 } })).toBe(false);
		expect(sameJson({ a: undefined }, {})).toBe(true); // JSON leaves both out
	});
});
