'use strict';
/** SMSgic in real n8n (see README.md in this folder for the shape of a provider table). */
const assert = require('node:assert/strict');

const { previewRow } = require('../previewRow');

const paths = (requests) => requests.map((r) => `${r.method} ${r.path}`);

module.exports = {
	provider: 'smsgic',
	label: 'SMSgic',
	node: 'smsgic',
	trigger: 'smsgicTrigger',
	credentialType: 'smsgicApi',
	secrets: (credentials) => [credentials.accessToken],

	operations: [
		previewRow({ provider: 'smsgic', to: '37120000001', costPath: '/sendings/calculate' }),
		{
			resource: 'sms',
			operation: 'send',
			title: 'each item becomes one sending for its numbers',
			input: [{ phone: '+44 7700 900123' }, { phone: '447700900124; 447700900125' }],
			parameters: { to: '={{ $json.phone }}', message: 'E2E SMSgic send: your table is ready', sender: 'MegaShop' },
			async check({ output, items, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['POST /sendings', 'POST /sendings']);
				assert.deepEqual(requests.map((r) => r.json.recipients), [['447700900123'], ['447700900124', '447700900125']]);
				for (const r of requests) {
					assert.equal(r.json.sender, 'MegaShop');
					assert.equal(r.json.message, 'E2E SMSgic send: your table is ready');
					assert.equal(r.headers.authorization, `Bearer ${sandbox.credentials.accessToken}`);
				}
				assert.deepEqual(output.map((o) => [o.to, o.status, o.provider]), [
					['447700900123', 'accepted', 'smsgic'],
					['447700900124', 'accepted', 'smsgic'],
					['447700900125', 'accepted', 'smsgic'],
				]);
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1, 1]);
				const sendings = await sandbox.action('sendings');
				for (const row of output) {
					const sending = sendings.find((s) => String(s.id) === String(row.sendingId));
					assert.ok(sending, `sendingId ${row.sendingId} is one the gateway created`);
					assert.ok(sending.recipients.includes(row.to));
				}
			},
		},
		{
			resource: 'sms',
			operation: 'sendBulk',
			title: 'recipients of all items in sendings of the chosen size, a repeated number once',
			input: [{ phone: '447700900201' }, { phone: '447700900202, 447700900203' }, { phone: '447700900201' }],
			parameters: { to: '={{ $json.phone }}', message: 'E2E SMSgic bulk', sender: 'MEGA', options: { batchSize: 2 } },
			async check({ output, items, requests }) {
				assert.deepEqual(paths(requests), ['POST /sendings', 'POST /sendings']);
				assert.deepEqual(requests.map((r) => r.json.recipients), [['447700900201', '447700900202'], ['447700900203']]);
				assert.deepEqual(output.map((o) => [o.to, o.status]), [
					['447700900201', 'accepted'],
					['447700900202', 'accepted'],
					['447700900203', 'accepted'],
				]);
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1, 1]);
				assert.equal(new Set(output.map((o) => o.sendingId)).size, 2);
			},
		},
		{
			resource: 'sms',
			operation: 'getCost',
			title: "the gateway's price per destination beside the local segment count",
			parameters: { to: '447700900123, 4591234567', message: 'E2E price check' },
			async check({ output, requests }) {
				assert.deepEqual(paths(requests), ['POST /sendings/calculate']);
				assert.deepEqual(requests[0].json.recipients, ['447700900123', '4591234567']);
				assert.equal(output.length, 1);
				const cost = output[0];
				assert.equal(cost.total, 0.485, 'UK 0.035 + Denmark 0.45');
				assert.equal(cost.smsCount, 2);
				assert.equal(cost.destinations.length, 2);
				assert.equal(cost.segments, 1);
				assert.equal(cost.encoding, 'GSM-7');
			},
		},
		{
			resource: 'sms',
			operation: 'getStatus',
			title: 'the current status of a sending made earlier',
			arrange: async (sandbox) => (await sandbox.action('addSending', { text: 'E2E earlier', status: 'Completed' })).id,
			input: (id) => [{ id }],
			parameters: { sendingId: '={{ $json.id }}' },
			async check({ output, requests, arranged }) {
				assert.deepEqual(paths(requests), [`GET /sendings/${arranged}`]);
				assert.equal(output.length, 1);
				assert.equal(String(output[0].sendingId), String(arranged));
				assert.equal(output[0].status, 'Completed');
			},
		},
		{
			resource: 'sms',
			operation: 'getAll',
			title: 'every sending, each with its id and status',
			async arrange(sandbox) {
				const ids = [];
				for (const status of ['Pending', 'Processing', 'Completed']) ids.push((await sandbox.action('addSending', { text: `E2E ${status}`, status })).id);
				return ids;
			},
			parameters: { returnAll: true },
			async check({ output, requests, arranged, sandbox }) {
				assert.ok(requests.length >= 1 && requests.every((r) => r.method === 'GET' && r.path === '/sendings'));
				// earlier tests made sendings too: the list is all of them, as the gateway has them. Their
				// statuses advance with age (Pending → Processing → Completed), so the one the node read
				// may be a step behind the one the sandbox reports a moment later, never ahead of it.
				const all = await sandbox.action('sendings');
				assert.deepEqual(output.map((o) => String(o.sendingId)).sort(), all.map((s) => String(s.id)).sort());
				const order = ['Pending', 'Processing', 'Completed'];
				const later = new Map(all.map((s) => [String(s.id), s.status]));
				for (const o of output) {
					const now = later.get(String(o.sendingId));
					const behind = order.includes(o.status) && order.includes(now) ? order.indexOf(o.status) <= order.indexOf(now) : o.status === now;
					assert.ok(behind, `sending ${o.sendingId}: the node read ${o.status}, the gateway has ${now}`);
				}
				const byId = new Map(output.map((o) => [String(o.sendingId), o.status]));
				assert.deepEqual(
					arranged.map((id) => byId.get(String(id))),
					['Pending', 'Processing', 'Completed'],
				);
			},
		},
		{
			resource: 'account',
			operation: 'getBalance',
			title: 'balance and currency',
			arrange: (sandbox) => sandbox.action('setBalance', { balance: 77.125 }),
			parameters: {},
			async check({ output, requests }) {
				assert.deepEqual(paths(requests), ['GET /balance']);
				assert.equal(output.length, 1);
				assert.equal(output[0].balance, 77.125);
				assert.equal(output[0].currency, 'GBP');
			},
		},
		{
			resource: 'account',
			operation: 'getRates',
			title: 'rates filtered by country',
			parameters: { filters: { country: 'Latvia' } },
			async check({ output, requests }) {
				assert.deepEqual(paths(requests), ['GET /rates']);
				assert.equal(requests[0].query.country, 'Latvia');
				assert.equal(output.length, 4);
				assert.ok(output.every((r) => r.country === 'Latvia' && r.mcc === '218' && r.rate === 0.4397));
			},
		},
		{
			resource: 'account',
			operation: 'getServiceStatus',
			title: 'ok when the service reports OK',
			parameters: {},
			async check({ output, requests }) {
				assert.deepEqual(paths(requests), ['GET /status']);
				assert.equal(output.length, 1);
				assert.equal(output[0].ok, true);
			},
		},
		{
			resource: 'sender',
			operation: 'getAll',
			title: 'every sender with its id',
			parameters: {},
			async check({ output, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['GET /senders']);
				const { senders } = await sandbox.state();
				assert.deepEqual(
					output.map((o) => [String(o.id), o.sender]),
					senders.map((s) => [String(s.id), s.sender]),
				);
			},
		},
	],

	triggers: [
		{
			event: 'lowBalance',
			parameters: { threshold: 100 },
			pollPath: '/balance',
			setBalance: (sandbox, balance) => sandbox.action('setBalance', { balance }),
			quiet(sandbox) {
				return this.setBalance(sandbox, 450);
			},
			async produce(sandbox, round, { waitForPolls }) {
				if (round === 1) {
					await this.setBalance(sandbox, 99.5);
					return { balance: 99.5 };
				}
				await this.setBalance(sandbox, 150);
				await waitForPolls(1);
				await this.setBalance(sandbox, 3);
				return { balance: 3 };
			},
			check(items, expected) {
				assert.equal(items.length, 1);
				assert.equal(items[0].provider, 'smsgic');
				assert.equal(items[0].balance, expected.balance);
				assert.equal(items[0].threshold, 100);
			},
		},
		{
			event: 'sendingStatusChanged',
			parameters: {},
			pollPath: '/sendings',
			// Sendings that exist before activation are the starting point, not news.
			async quiet(sandbox) {
				this.ids = [];
				for (const status of ['Pending', 'Completed']) this.ids.push((await sandbox.action('addSending', { text: `E2E trigger ${status}`, status })).id);
			},
			async produce(sandbox, round) {
				const [id] = this.ids;
				const [previousStatus, status] = round === 1 ? ['Pending', 'Processing'] : ['Processing', 'Completed'];
				await sandbox.action('setStatus', { id, status });
				return { sendingId: id, status, previousStatus };
			},
			check(items, expected) {
				assert.equal(items.length, 1, `one change, got ${JSON.stringify(items)}`);
				assert.equal(String(items[0].sendingId), String(expected.sendingId));
				assert.equal(items[0].status, expected.status);
				assert.equal(items[0].previousStatus, expected.previousStatus);
			},
		},
	],

	outages: [
		{
			title: 'a balance read during an outage is retried, then fails with a readable error',
			resource: 'account',
			operation: 'getBalance',
			parameters: {},
			fault: { status: 503, times: 4, match: { path: '/balance' }, body: 'Service Unavailable' },
			error: /SMSgic is having trouble \(HTTP 503\)/,
			check(requests) {
				assert.equal(requests.filter((r) => r.path === '/balance').length, 4, 'a read is tried 4 times');
			},
		},
		{
			title: 'a send that meets a server error is not re-sent and says the outcome is unknown',
			resource: 'sms',
			operation: 'send',
			parameters: { to: '447700900123', message: 'E2E outage send', sender: 'MegaShop' },
			fault: { status: 503, times: 1, match: { path: '/sendings', method: 'POST' } },
			error: /SMSgic answered HTTP 503.*not known whether the SMS went out/s,
			check(requests) {
				assert.equal(requests.filter((r) => r.method === 'POST' && r.path === '/sendings').length, 1, 'a send is never repeated after the gateway may have acted');
			},
		},
	],

	editor: {
		search: ['SMS', 'SMSgic'],
		action: { resource: 'sms', operation: 'send' },
		triggerEvent: 'sendingStatusChanged',
		liveOptions: { parameter: 'sender', expect: ['MegaShop', 'DSTLCKDM', 'MEGA'] },
	},
};
