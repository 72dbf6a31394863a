'use strict';
/**
 * SMSClub in real n8n: what each operation must output and what the SMSClub sandbox must have
 * received. See README.md in this folder for the shape of a provider table.
 */
const assert = require('node:assert/strict');

const { previewRow } = require('../previewRow');

const paths = (requests) => requests.map((r) => `${r.method} ${r.path}`);

/** Sends straight to the sandbox's API (as if from an earlier workflow) and returns id → phone. */
async function sendDirect(sandbox, phones, message) {
	const res = await sandbox.call('POST', '/sms/send', {
		headers: { authorization: `Bearer ${sandbox.credentials.accessToken}` },
		body: { phone: phones, message, src_addr: 'Shop' },
	});
	assert.equal(res.status, 200, `sandbox refused the preparatory send: ${res.text}`);
	return res.body.success_request.info;
}

const bulkPhones = Array.from({ length: 150 }, (_, i) => `38067${String(1000000 + i).padStart(7, '0')}`);

module.exports = {
	provider: 'smsClub',
	label: 'SMSClub',
	node: 'smsClub',
	trigger: 'smsClubTrigger',
	credentialType: 'smsClubApi',
	secrets: (credentials) => [credentials.accessToken],

	operations: [
		previewRow({ provider: 'smsClub' }),
		{
			resource: 'sms',
			operation: 'send',
			title: 'each item sends to its own numbers, formatting stripped',
			input: [{ phone: '+380 (50) 123-45-67' }, { phone: '380671112233; 380931234567' }],
			parameters: { to: '={{ $json.phone }}', message: 'E2E send: your parcel has arrived', sender: 'Shop' },
			async check({ output, items, requests, sandbox }) {
				assert.deepEqual(paths(requests), ['POST /sms/send', 'POST /sms/send'], 'one request per input item');
				assert.deepEqual(requests.map((r) => r.json.phone), [['380501234567'], ['380671112233', '380931234567']]);
				for (const r of requests) {
					assert.equal(r.json.message, 'E2E send: your parcel has arrived');
					assert.equal(r.json.src_addr, 'Shop');
					assert.equal(r.headers.authorization, `Bearer ${sandbox.credentials.accessToken}`);
				}
				assert.deepEqual(output.map((o) => o.to), ['380501234567', '380671112233', '380931234567']);
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1, 1], 'each recipient is paired to the item it came from');
				const stored = await sandbox.action('messages');
				for (const row of output) {
					assert.equal(row.provider, 'smsClub');
					assert.equal(row.status, 'accepted');
					assert.equal(row.segments, 1);
					assert.equal(row.encoding, 'GSM-7');
					const message = stored.find((m) => m.id === row.messageId);
					assert.ok(message, `messageId ${row.messageId} is one the gateway issued`);
					assert.equal(message.phone, row.to);
				}
			},
		},
		{
			resource: 'sms',
			operation: 'sendBulk',
			title: '150 recipients over 150 items (one listed twice) go out in 2 requests of at most 100',
			input: [...bulkPhones.map((phone) => ({ phone })), { phone: bulkPhones[0] }],
			parameters: { to: '={{ $json.phone }}', message: 'E2E bulk: spring sale starts today', sender: 'VashZakaz' },
			async check({ output, items, requests }) {
				assert.deepEqual(paths(requests), ['POST /sms/send', 'POST /sms/send']);
				const sent = requests.flatMap((r) => r.json.phone);
				assert.deepEqual(requests.map((r) => r.json.phone.length).sort((a, b) => b - a), [100, 50]);
				assert.deepEqual([...sent].sort(), [...bulkPhones].sort(), 'every number once, the duplicate not twice');
				assert.equal(output.length, 150, 'one output item per distinct recipient');
				assert.ok(output.every((o) => o.status === 'accepted' && /^\d+$/.test(o.messageId)));
				assert.equal(new Set(output.map((o) => o.messageId)).size, 150);
				assert.deepEqual(
					items.map((i) => i.pairedItem),
					bulkPhones.map((_, index) => index),
				);
			},
		},
		{
			resource: 'sms',
			operation: 'sendPersonalized',
			title: '{placeholders} filled from each item, one /v2 request',
			input: [
				{ phone: '380501234567', name: 'Olena', code: 'A-17' },
				{ phone: '380671112299', name: 'Тарас', code: 'B-42' },
			],
			parameters: { to: '={{ $json.phone }}', message: 'Hi {name}, order {code} is ready', sender: 'Shop' },
			async check({ output, items, requests }) {
				assert.deepEqual(paths(requests), ['POST /v2/sms/send']);
				assert.deepEqual(requests[0].json.data_message, [
					{ phone: '380501234567', message: 'Hi Olena, order A-17 is ready' },
					{ phone: '380671112299', message: 'Hi Тарас, order B-42 is ready' },
				]);
				assert.deepEqual(
					output.map((o) => [o.to, o.status, o.encoding]),
					[
						['380501234567', 'accepted', 'GSM-7'],
						['380671112299', 'accepted', 'UCS-2'],
					],
				);
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1]);
			},
		},
		{
			resource: 'sms',
			operation: 'getStatus',
			title: 'delivered, undelivered and unknown ids in one request',
			async arrange(sandbox) {
				const ids = Object.keys(await sendDirect(sandbox, ['380501230000', '380501230013'], 'E2E status probe'));
				// the sandbox reports a final status one second after sending
				await new Promise((resolve) => setTimeout(resolve, 1200));
				return ids;
			},
			input: (ids) => [{ id: ids[0] }, { id: `${ids[1]}, 999999` }],
			parameters: { messageIds: '={{ $json.id }}' },
			async check({ output, items, requests, arranged }) {
				assert.deepEqual(paths(requests), ['POST /sms/status']);
				assert.deepEqual(requests[0].json.id_sms, [arranged[0], arranged[1], '999999']);
				assert.deepEqual(
					output.map((o) => [o.messageId, o.status, o.delivered, o.final]),
					[
						[arranged[0], 'DELIVRD', true, true],
						[arranged[1], 'UNDELIV', false, true],
						['999999', 'NOT_FOUND', false, false],
					],
				);
				assert.match(output[2].error, /999999/);
				assert.deepEqual(items.map((i) => i.pairedItem), [0, 1, 1]);
			},
		},
		{
			resource: 'account',
			operation: 'getBalance',
			title: 'balance and currency as the gateway reports them',
			arrange: (sandbox) => sandbox.action('setBalance', { money: 123.45 }),
			parameters: {},
			async check({ output, requests }) {
				assert.deepEqual(paths(requests), ['POST /sms/balance']);
				assert.deepEqual(output, [{ provider: 'smsClub', balance: 123.45, currency: 'UAH' }]);
			},
		},
		{
			resource: 'sender',
			operation: 'getAll',
			title: 'every active alpha name, including one added just now',
			arrange: (sandbox) => sandbox.action('addSender', { name: 'E2eShop' }),
			parameters: {},
			async check({ output, requests }) {
				assert.deepEqual(paths(requests), ['POST /sms/originator']);
				assert.deepEqual(
					output.map((o) => o.sender),
					['VashZakaz', 'Shop', 'E2eShop'],
				);
				assert.ok(output.every((o) => o.provider === 'smsClub'));
			},
		},
	],

	triggers: [
		{
			event: 'lowBalance',
			parameters: { threshold: 100 },
			pollPath: '/sms/balance',
			setBalance: (sandbox, money) => sandbox.action('setBalance', { money }),
			quiet(sandbox) {
				return this.setBalance(sandbox, 500);
			},
			// Round 1: the balance falls below the threshold. Round 2: it rises back (re-arming the
			// trigger, which must not fire on the way up), then falls again.
			async produce(sandbox, round, { waitForPolls }) {
				if (round === 1) {
					await this.setBalance(sandbox, 55.5);
					return { balance: 55.5 };
				}
				await this.setBalance(sandbox, 300);
				await waitForPolls(1);
				await this.setBalance(sandbox, 42);
				return { balance: 42 };
			},
			check(items, expected) {
				assert.equal(items.length, 1);
				assert.deepEqual(
					{ ...items[0], checkedAt: undefined },
					{ provider: 'smsClub', balance: expected.balance, threshold: 100, currency: 'UAH', checkedAt: undefined },
				);
			},
		},
	],

	outages: [
		{
			title: 'a balance read during an outage is retried, then fails with a readable error',
			resource: 'account',
			operation: 'getBalance',
			parameters: {},
			fault: { status: 503, times: 4, match: { path: '/sms/balance' }, body: 'Service Unavailable' },
			error: /SMSClub is having trouble \(HTTP 503\)/,
			check(requests) {
				assert.equal(requests.filter((r) => r.path === '/sms/balance').length, 4, 'a read is tried 4 times');
			},
		},
		{
			title: 'a send that meets a server error is not re-sent and says the outcome is unknown',
			resource: 'sms',
			operation: 'send',
			parameters: { to: '380501234567', message: 'E2E outage send', sender: 'Shop' },
			fault: { status: 503, times: 1, match: { path: '/sms/send' } },
			error: /SMSClub answered HTTP 503.*not known whether the SMS went out/s,
			check(requests) {
				assert.equal(requests.filter((r) => r.path === '/sms/send').length, 1, 'a send is never repeated after the gateway may have acted');
			},
		},
	],

	editor: {
		search: ['SMS', 'SMSClub'],
		// The action opened in the editor, and the parameter its options are loaded for.
		action: { resource: 'sms', operation: 'send' },
		triggerEvent: 'lowBalance',
		liveOptions: {
			parameter: 'sender',
			arrange: (sandbox) => sandbox.action('addSender', { name: 'E2eEditor' }),
			expect: ['VashZakaz', 'Shop', 'E2eEditor'],
		},
	},
};
