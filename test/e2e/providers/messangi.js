'use strict';
/** Messangi in real n8n (see README.md in this folder for the shape of a provider table). */
const assert = require('node:assert/strict');

const { previewRow } = require('../previewRow');

/** Messangi methods are GETs of <base>/<method>/<instance>/<params…>/<publicKey>/<signature>. */
const methodsOf = (requests) =>
	requests.map((r) => {
		const rest = r.path.replace(/^\/messangi_mmc\/rest\/api\//, '');
		return `${r.method} ${['tools/sendSMSPinMobileNumberConfirm', 'tools/getMOMessages', 'tools/sendSMS', 'fireMessage', 'sendMT'].find((m) => rest.startsWith(`${m}/`)) || rest}`;
	});

module.exports = {
	provider: 'messangi',
	label: 'Messangi',
	node: 'messangi',
	trigger: 'messangiTrigger',
	credentialType: 'messangiApi',
	secrets: (credentials) => [credentials.privateKey],
	/** For the auto-reply example: an SMS arriving at the account's short code. */
	receive: (sandbox, message) => sandbox.action('addIncoming', message),

	operations: [
		previewRow({ provider: 'messangi' }),
		{
			resource: 'sms',
			operation: 'send',
			title: 'one signed request per recipient, the message id and status back',
			input: [{ phone: '+58 412 555 0001' }, { phone: '584125550002, 584125550003' }],
			parameters: { to: '={{ $json.phone }}', message: 'E2E Messangi send: ¡hola!', sender: '12345', carrier: '' },
			async check({ output, items, requests, sandbox }) {
				assert.deepEqual(methodsOf(requests), ['GET tools/sendSMS', 'GET tools/sendSMS', 'GET tools/sendSMS']);
				const sent = (await sandbox.action('sent')).filter((s) => s.method === 'sendSMS');
				assert.deepEqual(
					sent.map((s) => [s.to, s.from, s.text]).sort(),
					[
						['584125550001', '12345', 'E2E Messangi send: ¡hola!'],
						['584125550002', '12345', 'E2E Messangi send: ¡hola!'],
						['584125550003', '12345', 'E2E Messangi send: ¡hola!'],
					],
				);
				assert.deepEqual(output.map((o) => [o.to, o.status, o.providerStatus]), [
					['584125550001', 'accepted', 'SENT_TO_CARRIER'],
					['584125550002', 'accepted', 'SENT_TO_CARRIER'],
					['584125550003', 'accepted', 'SENT_TO_CARRIER'],
				]);
				for (const row of output) assert.equal(sent.find((s) => s.to === row.to).id, row.messageId);
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1, 1]);
			},
		},
		{
			resource: 'sms',
			operation: 'sendMt',
			title: 'through the campaign manager with the chosen carrier',
			parameters: { to: '584125550004', message: 'E2E Messangi MT', sender: '19893653744', carrier: 'Movistar' },
			async check({ output, requests, sandbox }) {
				assert.deepEqual(methodsOf(requests), ['GET sendMT']);
				const sent = (await sandbox.action('sent')).filter((s) => s.method === 'sendMT');
				assert.deepEqual(sent.map((s) => [s.to, s.from, s.carrier, s.text]), [['584125550004', '19893653744', 'Movistar', 'E2E Messangi MT']]);
				assert.deepEqual(output.map((o) => [o.to, o.status]), [['584125550004', 'accepted']]);
			},
		},
		{
			resource: 'sms',
			operation: 'sendBulk',
			title: 'one message to the recipients of all items, each once',
			input: Array.from({ length: 12 }, (_, i) => ({ phone: `5841255501${String(i).padStart(2, '0')}` })).concat([{ phone: '584125550100' }]),
			parameters: { to: '={{ $json.phone }}', message: 'E2E Messangi bulk', sender: '12345', carrier: '', options: { concurrency: 4 } },
			async check({ output, items, requests, sandbox }) {
				assert.equal(requests.length, 12, 'the repeated number is sent once');
				const sent = (await sandbox.action('sent')).filter((s) => s.text === 'E2E Messangi bulk');
				assert.equal(new Set(sent.map((s) => s.to)).size, 12);
				assert.equal(output.length, 12);
				assert.ok(output.every((o) => o.status === 'accepted'));
				assert.deepEqual(
					items.map((i) => i.pairedItem),
					Array.from({ length: 12 }, (_, i) => i),
				);
			},
		},
		{
			resource: 'otp',
			operation: 'send',
			title: 'the platform generates the PIN and the node returns it',
			parameters: { to: '584125550005', message: 'Your code is', sender: '12345', carrier: '', length: 6 },
			async check({ output, requests, sandbox }) {
				assert.deepEqual(methodsOf(requests), ['GET tools/sendSMSPinMobileNumberConfirm']);
				const [pinSent] = (await sandbox.action('sent')).filter((s) => s.method === 'pin');
				assert.equal(output.length, 1);
				assert.match(output[0].pin, /^\d{6}$/);
				assert.equal(output[0].pin, pinSent.pin, 'the PIN the person received');
				assert.equal(output[0].to, '584125550005');
			},
		},
		{
			resource: 'incomingMessage',
			operation: 'getAll',
			title: 'incoming messages filtered by sender number',
			async arrange(sandbox) {
				const { added } = await sandbox.action('addIncoming', [
					{ from: '584125550010', text: 'STOP' },
					{ from: '584125550099', text: 'other' },
					{ from: '584125550010', text: 'INFO please', keyword: 'INFO' },
				]);
				return added;
			},
			parameters: { returnAll: true, filters: { from: '584125550010' } },
			async check({ output, requests, arranged }) {
				assert.ok(methodsOf(requests).every((m) => m === 'GET tools/getMOMessages'));
				const expected = arranged.filter((m) => m.from === '584125550010');
				assert.deepEqual(
					output.map((o) => [o.from, o.to, o.text, o.keyword, o.carrier]).sort(),
					expected.map((m) => [m.from, m.to, m.text, m.keyword, m.carrier]).sort(),
				);
				assert.ok(output.every((o) => o.sendDate));
			},
		},
		{
			resource: 'incomingMessage',
			operation: 'fire',
			title: 'an incoming message fired for a number reaches the inbox',
			parameters: { to: '584125550011', message: 'JOIN' },
			async check({ output, requests, sandbox }) {
				assert.deepEqual(methodsOf(requests), ['GET fireMessage']);
				assert.deepEqual(output.map((o) => [o.to, o.message, o.status]), [['584125550011', 'JOIN', 'accepted']]);
				const inbox = await sandbox.action('inbox');
				assert.ok(inbox.some((m) => m.from === '584125550011' && m.text === 'JOIN'));
			},
		},
	],

	triggers: [
		{
			event: 'incomingMessage',
			parameters: {},
			pollPath: 'tools/getMOMessages',
			// A message already in the inbox at activation is history, not news.
			quiet: (sandbox) => sandbox.action('addIncoming', { from: '584125550020', text: 'old news' }),
			async produce(sandbox, round) {
				const { added } = await sandbox.action('addIncoming', { from: `58412555003${round}`, text: `E2E incoming ${round}` });
				return added[0];
			},
			check(items, expected) {
				assert.deepEqual(
					items.map((m) => [m.from, m.to, m.text]),
					[[expected.from, expected.to, expected.text]],
				);
			},
		},
		{
			// The filtered inbox is empty at activation, so the first poll has no message to start
			// from: the first matching message after it must still be emitted, once.
			title: 'with the From filter, activated on an empty inbox',
			event: 'incomingMessage',
			parameters: { filters: { from: '584125550077' } },
			pollPath: 'tools/getMOMessages',
			quiet: async () => {},
			async produce(sandbox, round) {
				// Round 2 also brings a message from another number, which the filter leaves out.
				if (round === 2) await sandbox.action('addIncoming', { from: '584125550099', text: 'E2E not for this filter' });
				const { added } = await sandbox.action('addIncoming', { from: '584125550077', text: `E2E filtered ${round}` });
				return added[0];
			},
			check(items, expected) {
				assert.deepEqual(
					items.map((m) => [m.from, m.to, m.text]),
					[[expected.from, expected.to, expected.text]],
				);
			},
		},
	],

	outages: [
		{
			title: 'reading incoming messages during an outage is retried, then fails with a readable error',
			resource: 'incomingMessage',
			operation: 'getAll',
			parameters: { returnAll: true },
			fault: { status: 503, times: 4, match: { path: 'tools/getMOMessages' }, body: 'Service Unavailable' },
			error: /Messangi is having trouble \(HTTP 503\)/,
			check(requests) {
				assert.equal(requests.filter((r) => r.path.includes('tools/getMOMessages')).length, 4, 'a read is tried 4 times');
			},
		},
		{
			title: 'a send that meets a server error is not re-sent and says the outcome is unknown',
			resource: 'sms',
			operation: 'send',
			parameters: { to: '584125550001', message: 'E2E outage send', sender: '12345', carrier: '' },
			fault: { status: 503, times: 1, match: { path: 'tools/sendSMS' } },
			error: /Messangi answered HTTP 503.*not known whether the SMS went out/s,
			check(requests) {
				assert.equal(requests.filter((r) => r.path.includes('tools/sendSMS')).length, 1, 'a send is never repeated after the gateway may have acted');
			},
		},
	],

	editor: {
		search: ['SMS', 'Messangi'],
		action: { resource: 'sms', operation: 'send' },
		triggerEvent: 'incomingMessage',
	},
};
