'use strict';
/**
 * The Preview Message row every provider table has (nodes/shared/preview.ts): the same operation
 * on all four nodes, so one row, given where the provider's cost call goes when it has one.
 */
const assert = require('node:assert/strict');

/**
 * @param {object} o
 * @param {string} o.provider the rows' `provider`
 * @param {string} [o.to] a number the gateway prices (with `costPath`)
 * @param {string} [o.costPath] the path of the gateway's cost call: Include Cost is then asked for
 */
function previewRow({ provider, to, costPath }) {
	return {
		resource: 'sms',
		operation: 'preview',
		title: 'each item\'s text filled and smart-encoded as a send would; nothing is sent',
		input: [{ name: 'Ana' }, { name: 'Zoë' }],
		parameters: {
			message: 'Hi {name} — your table’s ready…',
			...(costPath ? { to } : {}),
			options: { personalized: true, smartEncoding: true, ...(costPath ? { includeCost: true } : {}) },
		},
		check({ output, requests }) {
			assert.deepEqual(
				requests.map((r) => r.path),
				costPath ? [costPath, costPath] : [],
				costPath ? 'one cost call per item, no send' : 'a preview calls nobody',
			);
			assert.deepEqual(
				output.map(({ cost: _cost, ...row }) => row),
				[
					{ provider, text: "Hi Ana - your table's ready...", characters: 30, segments: 1, encoding: 'GSM-7', charactersLeft: 130, ucs2Characters: [], smartEncoding: { replaced: 3, from: 'UCS-2', to: 'GSM-7' } },
					// ë is not GSM-7: this one stays as written, in UCS-2
					{ provider, text: 'Hi Zoë — your table’s ready…', characters: 28, segments: 1, encoding: 'UCS-2', charactersLeft: 42, ucs2Characters: [{ char: 'ë', index: 5 }, { char: '—', index: 7 }, { char: '’', index: 19 }, { char: '…', index: 27 }] },
				],
			);
			if (costPath) for (const row of output) assert.equal(typeof row.cost, 'object', 'Include Cost adds the estimate');
		},
	};
}

module.exports = { previewRow };
