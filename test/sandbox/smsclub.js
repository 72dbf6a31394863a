'use strict';
/**
 * SMSClub sandbox, following the provider API document and nodes/SmsClub/PROVIDER.md: JSON over POST with
 * a bearer token, up to 100 numbers or ids a request, partial failures in `add_info`, 453 for the
 * same text to the same number within 2 minutes, a balance that goes down as messages are sent,
 * and statuses that advance from ENROUTE to DELIVRD (UNDELIV for numbers ending in 13).
 * Unpublished details (error bodies, 453 body, price) are choices made here and marked as such.
 */
const { Sandbox } = require('./framework');

const TOKEN = 'sandbox-smsclub-token';
const PRICE_PER_PART = 0.5; // choice: the document publishes no tariff
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

function parts(text) {
	// the sandbox bills like the gateway: GSM-7 160/153, otherwise 70/67 UTF-16 units
	const gsm = /^[\x20-\x7e\n\r£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]*$/.test(text);
	const [single, multi] = gsm ? [160, 153] : [70, 67];
	return text.length <= single ? 1 : Math.ceil(text.length / multi);
}

function fail(status, addInfo) {
	return { status, body: { success_request: { add_info: addInfo } } };
}

function createSmsClubSandbox(opts = {}) {
	return new Sandbox({
		name: 'smsClub',
		latencyMs: opts.latencyMs,
		rateLimit: opts.rateLimit,
		seed: opts.seed,
		initialState: () => ({
			money: opts.balance ?? 1000,
			currency: 'UAH',
			senders: ['VashZakaz', 'Shop'],
			nextId: 100,
			messages: new Map(),
			lastSent: new Map(),
			deliverAfterMs: opts.deliverAfterMs ?? 1000,
		}),
		credentials: (sb) => ({ accessToken: TOKEN, baseUrl: sb.url }),
		authenticate: (req) =>
			req.headers.authorization === `Bearer ${TOKEN}`
				? null
				: { status: 401, body: { success_request: { add_info: { token: 'User authentication error' } } } },
		control: {
			setBalance: (sb, body) => {
				sb.state.money = Number(body.money);
			},
			addSender: (sb, body) => {
				sb.state.senders.push(String(body.name));
			},
			messages: (sb) => [...sb.state.messages.values()],
		},
		routes: [
			{ method: 'POST', path: '/sms/send', handler: (req, sb) => send(sb, req.json, (phone) => req.json.message) },
			{
				method: 'POST',
				path: '/v2/sms/send',
				handler: (req, sb) => {
					const body = req.json;
					if (!body || !Array.isArray(body.data_message)) return fail(400, { data_message: 'data_message is required' });
					const texts = new Map(body.data_message.map((d) => [String(d.phone), d.message]));
					return send(sb, { src_addr: body.src_addr, phone: body.data_message.map((d) => d.phone) }, (phone) => texts.get(phone));
				},
			},
			{
				method: 'POST',
				path: '/sms/status',
				handler: (req, sb) => {
					const ids = req.json && req.json.id_sms;
					if (!Array.isArray(ids) || ids.length === 0) return fail(400, { id_sms: 'id_sms is required' });
					if (ids.length > 100) return fail(400, { id_sms: 'No more than 100 ids per request' });
					const info = {};
					const addInfo = {};
					for (const id of ids.map(String)) {
						const message = sb.state.messages.get(id);
						if (!message) {
							addInfo[id] = 'Message not found';
							continue;
						}
						const delivered = Date.now() - message.sentAt >= sb.state.deliverAfterMs;
						info[id] = delivered ? (message.phone.endsWith('13') ? 'UNDELIV' : 'DELIVRD') : 'ENROUTE';
					}
					const result = { info };
					if (Object.keys(addInfo).length) result.add_info = addInfo;
					return { body: { success_request: result } };
				},
			},
			{ method: 'POST', path: '/sms/originator', handler: (req, sb) => ({ body: { success_request: { info: sb.state.senders } } }) },
			{
				method: 'POST',
				path: '/sms/balance',
				handler: (req, sb) => ({
					body: { success_request: { info: { money: sb.state.money.toFixed(4), currency: sb.state.currency } } },
				}),
			},
		],
	});
}

function send(sb, body, textFor) {
	if (!body || !Array.isArray(body.phone) || body.phone.length === 0) return fail(400, { phone: 'phone is required' });
	if (body.phone.length > 100) return fail(400, { phone: 'No more than 100 numbers per request' });
	if (!body.src_addr || !sb.state.senders.includes(body.src_addr)) return fail(400, { src_addr: 'Alpha name is not active' });
	const info = {};
	const addInfo = {};
	let duplicates = 0;
	const now = Date.now();
	for (const raw of body.phone) {
		const phone = String(raw);
		const text = textFor(phone);
		if (!text) {
			addInfo[phone] = 'Empty message';
			continue;
		}
		if (!/^\d{10,15}$/.test(phone)) {
			addInfo[phone] = 'Incorrect phone number';
			continue;
		}
		const key = `${phone}\n${text}`;
		if (now - (sb.state.lastSent.get(key) ?? -Infinity) < DUPLICATE_WINDOW_MS) {
			addInfo[phone] = 'Duplicate message';
			duplicates++;
			continue;
		}
		const cost = parts(text) * PRICE_PER_PART;
		if (sb.state.money < cost) {
			addInfo[phone] = 'Insufficient funds';
			continue;
		}
		sb.state.money -= cost;
		sb.state.lastSent.set(key, now);
		const id = String(sb.state.nextId++);
		sb.state.messages.set(id, { id, phone, text, sender: body.src_addr, sentAt: now, integrationId: body.integration_id });
		info[id] = phone;
	}
	// choice: a request whose every number is a duplicate gets the documented 453 status
	if (duplicates > 0 && duplicates === body.phone.length) {
		return { status: 453, body: { success_request: { add_info: addInfo } } };
	}
	const result = { info };
	if (Object.keys(addInfo).length) result.add_info = addInfo;
	return { body: { success_request: result } };
}

module.exports = { createSmsClubSandbox, SMSCLUB_TOKEN: TOKEN };
