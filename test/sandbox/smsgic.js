'use strict';
/**
 * SMSgic sandbox, following the provider API document and nodes/Smsgic/PROVIDER.md: JSON both ways with a
 * bearer token, 401 `{"message":"Unauthenticated."}`, 422 `{message, errors}` for missing or bad
 * fields, 404 for an unknown sending, a balance that goes down as sendings are created, and
 * sendings whose status advances over time (Pending → Processing → Completed).
 * Details the document does not publish are marked "choice:".
 */
const { Sandbox } = require('./framework');

const TOKEN = 'sandbox-smsgic-token';
const RECIPIENT = /^\d{8,20}$/;
const SCHEDULE_FORMAT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

// choice: the document publishes no tariff; per-destination prices by number prefix (longest wins)
const DESTINATIONS = [
	{ prefix: '45', destination: 'Denmark Telenor', rate: 0.45 },
	{ prefix: '65', destination: 'Singapore ', rate: 0.45 },
	{ prefix: '7', destination: 'Russia ', rate: 0.45 },
	{ prefix: '371', destination: 'Latvia LMT', rate: 0.4397 },
	{ prefix: '44', destination: 'United Kingdom Vodafone', rate: 0.035 },
	{ prefix: '966', destination: 'Saudi Arabia STC', rate: 0.05 },
];
const OTHER_DESTINATION = { destination: 'Other', rate: 0.5 };

// The document's rates sample, plus a few more countries (choice) so filters have something to do.
const RATES = [
	{ mcc: '218', mnc: '90', country: 'Latvia', country_id: 1, rate: 0.4397 },
	{ mcc: '218', mnc: null, country: 'Latvia', country_id: 1, rate: 0.4397 },
	{ mcc: '218', mnc: '05', country: 'Latvia', country_id: 1, rate: 0.4397 },
	{ mcc: '218', mnc: '03', country: 'Latvia', country_id: 1, rate: 0.4397 },
	{ mcc: '238', mnc: '02', country: 'Denmark', country_id: 2, rate: 0.45 },
	{ mcc: '525', mnc: '01', country: 'Singapore', country_id: 3, rate: 0.45 },
	{ mcc: '234', mnc: '15', country: 'United Kingdom', country_id: 4, rate: 0.035 },
];

function parts(text) {
	// the sandbox bills like a gateway: GSM-7 160/153, otherwise 70/67 UTF-16 units
	const gsm = /^[\x20-\x7e\n\r£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]*$/.test(text);
	const [single, multi] = gsm ? [160, 153] : [70, 67];
	return text.length <= single ? 1 : Math.ceil(text.length / multi);
}

function destinationOf(phone) {
	const found = DESTINATIONS.filter((d) => phone.startsWith(d.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
	return found ?? OTHER_DESTINATION;
}

const round = (n) => Math.round(n * 10000) / 10000;

function pad(n) {
	return String(n).padStart(2, '0');
}

/** `Y-m-d H:i:s` in UTC (choice: the gateway's zone is not published; the node sends UTC). */
function ymdHis(ms) {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function parseYmdHis(text) {
	return Date.parse(`${text.replace(' ', 'T')}Z`);
}

/** Laravel's JSON timestamp form, as the document shows it: 2023-04-11T15:46:26.000000Z. */
function laravelTimestamp(ms) {
	return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function unprocessable(errors, summary) {
	const texts = Object.values(errors).flat();
	return { status: 422, body: { message: summary ?? (texts.length === 1 ? texts[0] : 'The given data was invalid.'), errors } };
}

/** A sending's status now: an override set through the control API, else by age (choice). */
function statusOf(sb, sending, now = Date.now()) {
	if (sending.statusOverride) return sending.statusOverride;
	const startedAt = Math.max(sending.createdMs, sending.scheduledMs);
	const age = now - startedAt;
	const step = sb.state.advanceAfterMs;
	if (age < step) return 'Pending';
	if (age < 2 * step) return 'Processing';
	return 'Completed';
}

function listRow(sb, s) {
	return {
		id: s.id,
		text: s.text,
		created_at: laravelTimestamp(s.createdMs),
		scheduled_at: ymdHis(s.scheduledMs),
		status: statusOf(sb, s),
		total_sms: s.totalSms,
	};
}

/** Recipients as a list: the attribute is string[], the document's curl sends a JSON-encoded string. */
function readRecipients(value) {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string' && value.trim().startsWith('[')) {
		try {
			const parsed = JSON.parse(value);
			if (Array.isArray(parsed)) return parsed.map(String);
		} catch {
			return null;
		}
	}
	return null;
}

function createSmsgicSandbox(opts = {}) {
	return new Sandbox({
		name: 'smsgic',
		latencyMs: opts.latencyMs,
		rateLimit: opts.rateLimit,
		seed: opts.seed,
		initialState: () => ({
			balance: opts.balance ?? 450,
			sign: '£',
			code: 'GBP',
			senders: [
				{ id: 45, sender: 'MegaShop' },
				{ id: 46, sender: 'DSTLCKDM' },
				{ id: 136, sender: 'MEGA' },
			],
			nextId: opts.firstId ?? 301,
			sendings: new Map(),
			advanceAfterMs: opts.advanceAfterMs ?? 1000,
			// choice: 0 answers GET /sendings with the document's plain `{sendings: [...]}`; a page size
			// answers with Laravel's paginated envelope `{data, links, meta}` and honours `?page=`
			pageSize: opts.pageSize ?? 0,
			serviceStatus: ['OK'],
			// the document: calculate "supports 3000 requests per minute"; tests shrink the window
			calculateLimit: opts.calculateLimit ?? { perWindow: 3000, windowMs: 60_000 },
			calculateTimes: [],
		}),
		credentials: (sb) => ({ accessToken: TOKEN, baseUrl: sb.url }),
		authenticate: (req) => {
			if (req.path === '/status') return null; // the document's /status example sends no token
			return req.headers.authorization === `Bearer ${TOKEN}` ? null : { status: 401, body: { message: 'Unauthenticated.' } };
		},
		control: {
			setBalance: (sb, body) => {
				sb.state.balance = Number(body.balance);
			},
			setStatus: (sb, body) => {
				const sending = sb.state.sendings.get(Number(body.id));
				if (!sending) return { ok: false, error: `no sending ${body.id}` };
				sending.statusOverride = String(body.status);
				return { ok: true };
			},
			setPageSize: (sb, body) => {
				sb.state.pageSize = Number(body.pageSize) || 0;
			},
			setServiceStatus: (sb, body) => {
				sb.state.serviceStatus = body.status;
			},
			addSending: (sb, body) => addSending(sb, body),
			sendings: (sb) => [...sb.state.sendings.values()].map((s) => ({ ...listRow(sb, s), recipients: s.recipients, sender: s.sender })),
		},
		routes: [
			{
				method: 'GET',
				path: '/balance',
				handler: (req, sb) => ({ body: { balance: sb.state.balance.toFixed(3), sign: sb.state.sign, code: sb.state.code } }),
			},
			{ method: 'GET', path: '/senders', handler: (req, sb) => ({ body: { senders: sb.state.senders } }) },
			{ method: 'GET', path: '/rates', handler: (req) => rates(req) },
			{ method: 'GET', path: '/status', handler: (req, sb) => ({ body: sb.state.serviceStatus }) },
			{ method: 'POST', path: '/sendings/calculate', handler: (req, sb) => calculate(req, sb) },
			{ method: 'GET', path: '/sendings', handler: (req, sb) => listSendings(req, sb) },
			{ method: 'POST', path: '/sendings', handler: (req, sb) => createSending(req, sb) },
			{
				method: 'GET',
				path: /^\/sendings\/([^/]+)$/,
				handler: (req, sb) => {
					const sending = sb.state.sendings.get(Number(req.params[0]));
					if (!sending) return { status: 404, body: { message: `No query results for model ${req.params[0]}` } };
					return {
						body: {
							sending: {
								id: sending.id,
								status: statusOf(sb, sending),
								updated_at: laravelTimestamp(Math.max(sending.createdMs, Math.min(Date.now(), sending.scheduledMs))),
								scheduled_at: ymdHis(sending.scheduledMs),
							},
						},
					};
				},
			},
		],
	});
}

function addSending(sb, { text = 'Test Message', recipients = ['37120000000'], sender = 'MegaShop', status, scheduledMs } = {}) {
	const now = Date.now();
	const id = sb.state.nextId++;
	const sending = {
		id,
		text,
		recipients,
		sender,
		createdMs: now,
		scheduledMs: scheduledMs ?? now,
		totalSms: recipients.length * parts(text),
		statusOverride: status,
	};
	sb.state.sendings.set(id, sending);
	return { ok: true, id };
}

function rates(req) {
	// choice: filters are read from the query string, or from a JSON body as the document's curl shows
	const filters = { ...(req.json && typeof req.json === 'object' ? req.json : {}), ...req.query };
	const errors = {};
	const mcc = filters.mcc === undefined || filters.mcc === '' ? undefined : String(filters.mcc);
	const mnc = filters.mnc === undefined || filters.mnc === '' ? undefined : String(filters.mnc);
	if (mnc !== undefined && mcc === undefined) errors.mcc = ['The mcc field is required when mnc is present.'];
	else if (mcc !== undefined && !/^\d{3}$/.test(mcc)) errors.mcc = ['The mcc format is invalid.'];
	if (mnc !== undefined && !/^(\d{0,3}|null)$/.test(mnc)) errors.mnc = ['The mnc format is invalid.'];
	if (filters.country_id !== undefined && !/^\d+$/.test(String(filters.country_id))) errors.country_id = ['The selected country id is invalid.'];
	if (Object.keys(errors).length) return unprocessable(errors);
	const list = RATES.filter(
		(r) =>
			(mcc === undefined || r.mcc === mcc) &&
			(mnc === undefined || (mnc === 'null' ? r.mnc === null : r.mnc === mnc)) &&
			(!filters.country || r.country.toLowerCase().includes(String(filters.country).toLowerCase())) &&
			(filters.country_id === undefined || r.country_id === Number(filters.country_id)),
	).map(({ mcc, mnc, country, rate }) => ({ mcc, mnc, country, rate }));
	return { body: { rates: list } };
}

function overCalculateLimit(sb, now) {
	const { perWindow, windowMs } = sb.state.calculateLimit;
	sb.state.calculateTimes = sb.state.calculateTimes.filter((t) => now - t < windowMs);
	if (sb.state.calculateTimes.length >= perWindow) return true;
	sb.state.calculateTimes.push(now);
	return false;
}

function calculate(req, sb) {
	// choice: past the documented 3000 a minute the gateway answers Laravel's throttle reply
	if (overCalculateLimit(sb, Date.now())) {
		return { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Attempts.' } };
	}
	const body = req.json ?? {};
	const errors = {};
	if (typeof body.message !== 'string' || body.message.length === 0) {
		errors.message = ['Please send `message` post parameter with text for SMS'];
	}
	const recipients = readRecipients(body.recipients);
	if (!recipients || recipients.length === 0) {
		errors.recipients = ['Please send `recipients` post parameter with recipient`s number'];
	} else {
		recipients.forEach((r, i) => {
			if (!RECIPIENT.test(r)) errors[`recipients.${i}`] = [`The recipients.${i} format is invalid.`];
		});
	}
	if (Object.keys(errors).length) return unprocessable(errors);
	const sms = parts(body.message);
	const groups = new Map();
	for (const phone of recipients) {
		const { destination, rate } = destinationOf(phone);
		const group = groups.get(destination) ?? { numbers: [], destination, sms_count: 0, price: rate, total: 0 };
		// as in the document, phone_number is a JSON number (kept as text when too long to be exact)
		group.numbers.push({ phone_number: phone.length <= 15 ? Number(phone) : phone, destination, sms, rate, total: round(sms * rate) });
		group.sms_count += sms;
		group.total = round(group.total + sms * rate);
		groups.set(destination, group);
	}
	const destinations = [...groups.values()];
	const total = round(destinations.reduce((sum, d) => sum + d.total, 0));
	return {
		body: {
			calculate: {
				info: { sms_count: destinations.reduce((sum, d) => sum + d.sms_count, 0), subtotal: total, total, tax: 0 },
				destinations,
			},
		},
	};
}

function listSendings(req, sb) {
	const all = [...sb.state.sendings.values()].sort((a, b) => a.id - b.id).map((s) => listRow(sb, s));
	const size = sb.state.pageSize;
	if (!size) return { body: { sendings: all } };
	const lastPage = Math.max(1, Math.ceil(all.length / size));
	const page = Math.min(Math.max(1, Number(req.query.page) || 1), lastPage);
	const link = (p) => `${sb.url}/sendings?page=${p}`;
	return {
		body: {
			data: all.slice((page - 1) * size, page * size),
			links: { first: link(1), last: link(lastPage), prev: page > 1 ? link(page - 1) : null, next: page < lastPage ? link(page + 1) : null },
			meta: { current_page: page, last_page: lastPage, per_page: size, total: all.length, path: `${sb.url}/sendings` },
		},
	};
}

function createSending(req, sb) {
	const body = req.json ?? {};
	// The document's 422 samples for this endpoint put every complaint under `errors.message`.
	const complaints = [];
	if (typeof body.message !== 'string' || body.message.length === 0) complaints.push('Please send `message` post parameter with text for SMS');
	const recipients = readRecipients(body.recipients);
	if (!recipients || recipients.length === 0) complaints.push('Please send `recipients` post parameter with recipient`s number');
	if (typeof body.sender !== 'string' || body.sender.length === 0) complaints.push('Please send `sender` post parameter with name of SMS sender');
	if (complaints.length) return unprocessable({ message: complaints });

	// choice: the remaining checks answer with Laravel's usual per-field errors
	const errors = {};
	recipients.forEach((r, i) => {
		if (!RECIPIENT.test(r)) errors[`recipients.${i}`] = [`The recipients.${i} format is invalid.`];
	});
	if (!sb.state.senders.some((s) => s.sender === body.sender)) errors.sender = ['The selected sender is invalid.'];
	let scheduledMs = Date.now();
	if (body.scheduled_at !== undefined && body.scheduled_at !== null) {
		if (typeof body.scheduled_at !== 'string' || !SCHEDULE_FORMAT.test(body.scheduled_at) || Number.isNaN(parseYmdHis(body.scheduled_at))) {
			errors.scheduled_at = ['The scheduled at does not match the format Y-m-d H:i:s.'];
		} else {
			scheduledMs = parseYmdHis(body.scheduled_at);
		}
	}
	if (Object.keys(errors).length) return unprocessable(errors);

	const sms = parts(body.message);
	const cost = round(recipients.reduce((sum, phone) => sum + sms * destinationOf(phone).rate, 0));
	// choice: the document says only "Your account must have balance enough"; refused as a 422
	if (sb.state.balance < cost) return unprocessable({ balance: ['Your account does not have enough balance for this sending.'] });
	sb.state.balance = round(sb.state.balance - cost);
	const { id } = addSending(sb, { text: body.message, recipients, sender: body.sender, scheduledMs });
	return { body: { message: 'SMS champing created', sending_id: id } };
}

module.exports = { createSmsgicSandbox, SMSGIC_TOKEN: TOKEN };
