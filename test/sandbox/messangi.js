'use strict';
/**
 * Messangi sandbox, following the provider API document and nodes/Messangi/PROVIDER.md: every call is a URL
 * `<base>/<method>/<instanceId>/<params…>/<publicKey>/<signature>` whose signature is
 * HMAC-SHA256 (private key, UTF-8) over the decoded path parameters from the instance id on,
 * joined with `/`, lowercase hex; replies are XML with `<status>` OK, BAD_SIGNATURE or ERROR.
 * Texts (and the number of tools/sendSMS) arrive in Base64. Incoming messages (MOs) live in an
 * inbox that tests fill through `addIncoming` (or the `addIncoming` control action) and that
 * fireMessage also feeds; getMOMessages pages through it with the inline search string.
 *
 * The signature check here is written independently of the node's signing code, so a test
 * against this sandbox checks the node against the algorithm, not against itself.
 * Details the document does not publish are marked "choice:".
 */
const crypto = require('node:crypto');
const { Sandbox } = require('./framework');

const BASE_PATH = '/messangi_mmc/rest/api';
const INSTANCE_ID = '43';
const PUBLIC_KEY = 'sandbox-public-key';
const PRIVATE_KEY = 'sandbox-private-key-5ecret';
/** choice: the short code MOs arrive on when a test does not say. */
const SHORT_CODE = '19893143924';
/** choice: the codes assigned to the sandbox account (others are BAD_FROM). */
const CODES = ['19893653744', SHORT_CODE, '12345'];

// Longest first, so tools/sendSMSPinMobileNumberConfirm is not read as tools/sendSMS.
const METHODS = ['tools/sendSMSPinMobileNumberConfirm', 'tools/getMOMessages', 'tools/sendSMS', 'fireMessage', 'sendMT'];

function sign(params, privateKey) {
	return crypto.createHmac('sha256', Buffer.from(privateKey, 'utf8')).update(params.join('/'), 'utf8').digest('hex');
}

function escapeXml(text) {
	return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function element(name, value) {
	return `<${name}>${escapeXml(value)}</${name}>`;
}

/** choice: a `<response>` root around the document's static and dynamic parts (the document shows them bare). */
function reply(sb, input, status, description, result = '') {
	const inner = `${element('input', input)}\n${element('status', status)}\n${element('description', description)}\n${result ? `<result>\n${result}\n</result>` : ''}`;
	const body = sb.state.rootless ? inner : `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n${inner}\n</response>`;
	// choice: XML errors are still HTTP 200; the status is in the body
	return { status: 200, headers: { 'content-type': 'application/xml; charset=utf-8' }, body };
}

function ok(sb, input, result) {
	return reply(sb, input, 'OK', 'Completed', result);
}

function error(sb, input, description) {
	return reply(sb, input, 'ERROR', description);
}

/** Strict Base64: what decodes must encode back to the same text, so a mangled segment is caught. */
function fromBase64(text) {
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
	const buffer = Buffer.from(text, 'base64');
	return buffer.toString('base64') === text ? buffer.toString('utf8') : undefined;
}

function pad(n, width = 2) {
	return String(n).padStart(width, '0');
}

/** choice: sendDate as in the document's sample, `yyyy-MM-dd HH:mm:ss.SSS`, in UTC. */
function formatSendDate(ms) {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

function nextSendDate(sb) {
	// Strictly increasing, so a test's order of arrival is the inbox's order.
	sb.state.lastDateMs = Math.max(Date.now(), sb.state.lastDateMs + 1);
	return formatSendDate(sb.state.lastDateMs);
}

/** Adds an incoming message to the inbox and returns it. */
function addIncoming(sb, message = {}) {
	const mo = {
		text: message.text ?? 'Hello',
		from: String(message.from ?? '58123456789'),
		to: String(message.to ?? SHORT_CODE),
		encoding: message.encoding ?? 'UTF-8',
		keyword: message.keyword ?? '',
		carrier: message.carrier ?? 'Movistar',
		sendDate: message.sendDate ?? nextSendDate(sb),
	};
	sb.state.inbox.push(mo);
	return mo;
}

/** The MO inline search string (nodes/Messangi/PROVIDER.md): `name=v1,v2&…`, values URL-encoded; `null` for none. */
function parseSearch(text) {
	const filters = {};
	if (!text || text === 'null') return filters;
	for (const pair of text.split('&')) {
		const at = pair.indexOf('=');
		if (at < 0) continue;
		const name = pair.slice(0, at);
		const raw = pair.slice(at + 1);
		filters[name] = name === 'keyword' || name === 'order' ? decodeURIComponent(raw) : raw.split(',').map(decodeURIComponent);
	}
	return filters;
}

function moXml(mo) {
	return `\t\t\t<MOMessage>\n${['text', 'from', 'to', 'encoding', 'keyword', 'carrier', 'sendDate'].map((k) => `\t\t\t\t${element(k, mo[k])}`).join('\n')}\n\t\t\t</MOMessage>`;
}

function createMessangiSandbox(opts = {}) {
	const sandbox = new Sandbox({
		name: 'messangi',
		latencyMs: opts.latencyMs,
		rateLimit: opts.rateLimit,
		seed: opts.seed,
		initialState: () => ({
			instanceId: INSTANCE_ID,
			publicKey: PUBLIC_KEY,
			privateKey: PRIVATE_KEY,
			codes: [...CODES],
			nextId: 1000,
			sent: [],
			inbox: [],
			fired: [],
			lastDateMs: 0,
			// choice: funds counted in messages; Infinity unless a test sets it
			funds: opts.funds ?? Infinity,
			rootless: opts.rootless ?? false,
			malformedMoList: opts.malformedMoList ?? false,
			// test hook: called with (sandbox, {page, size}) before a page of MOs is computed
			beforeList: null,
		}),
		credentials: (sb) => ({ baseUrl: `${sb.url}${BASE_PATH}`, instanceId: INSTANCE_ID, publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY }),
		authenticate: (req) => {
			if (!req.path.startsWith(`${BASE_PATH}/`)) return null;
			const rest = req.path.slice(BASE_PATH.length + 1);
			const method = METHODS.find((m) => rest.startsWith(`${m}/`));
			if (!method) return null;
			const segments = rest.slice(method.length + 1).split('/');
			if (segments.length < 3) return null;
			let decoded;
			try {
				decoded = segments.map(decodeURIComponent);
			} catch {
				return reply(sandbox, method.split('/').pop(), 'ERROR', 'Malformed URL');
			}
			const signature = decoded.pop();
			const publicKey = decoded.pop();
			const params = decoded;
			const input = method.split('/').pop();
			const expected = sign(params, sandbox.state.privateKey);
			if (publicKey !== sandbox.state.publicKey || signature !== expected) {
				return reply(sandbox, input, 'BAD_SIGNATURE', 'Invalid signature, access denied');
			}
			// choice: a valid signature for another instance is refused as an error
			if (params[0] !== sandbox.state.instanceId) return reply(sandbox, input, 'ERROR', 'Invalid instance');
			req.messangi = { method, params: params.slice(1), stringToSign: params.join('/') };
			return null;
		},
		control: {
			addIncoming: (sb, body) => {
				const list = Array.isArray(body) ? body : Array.isArray(body.messages) ? body.messages : [body];
				return { added: list.map((m) => addIncoming(sb, m)) };
			},
			sent: (sb) => sb.state.sent,
			inbox: (sb) => sb.state.inbox,
			setFunds: (sb, body) => {
				sb.state.funds = Number(body.funds);
			},
		},
		routes: [
			{ method: 'GET', path: new RegExp(`^${BASE_PATH}/tools/sendSMS/`), handler: (req, sb) => sendSms(sb, req.messangi) },
			{ method: 'GET', path: new RegExp(`^${BASE_PATH}/sendMT/`), handler: (req, sb) => sendMt(sb, req.messangi) },
			{ method: 'GET', path: new RegExp(`^${BASE_PATH}/tools/sendSMSPinMobileNumberConfirm/`), handler: (req, sb) => sendPin(sb, req.messangi) },
			{ method: 'GET', path: new RegExp(`^${BASE_PATH}/fireMessage/`), handler: (req, sb) => fireGet(sb, req.messangi) },
			{ method: 'POST', path: new RegExp(`^${BASE_PATH}/fireMessage/`), handler: (req, sb) => firePost(sb, req.messangi, req.json) },
			{ method: 'GET', path: new RegExp(`^${BASE_PATH}/tools/getMOMessages/`), handler: (req, sb) => listMo(sb, req.messangi) },
		],
	});
	sandbox.addIncoming = (message) => addIncoming(sandbox, message);
	return sandbox;
}

/** What happens to one outgoing SMS: its message status (choice: the checks and their order). */
function outcome(sb, from, to) {
	if (!sb.state.codes.includes(from)) return 'BAD_FROM';
	if (!/^\d{7,15}$/.test(to)) return 'BAD_TO';
	if (sb.state.funds <= 0) return 'NOT_ENOUGH_FUNDS';
	return 'SENT_TO_CARRIER';
}

const DESCRIPTIONS = {
	SENT_TO_CARRIER: 'Sent to Carrier',
	BAD_FROM: 'Invalid from',
	BAD_TO: 'Invalid destination',
	NOT_ENOUGH_FUNDS: 'Not enough funds',
};

function record(sb, entry) {
	sb.state.funds -= 1;
	sb.state.sent.push(entry);
}

function sendSms(sb, call) {
	const [carrier, from, mobileB64, textB64, ...extra] = call.params;
	if (textB64 === undefined || extra.length) return error(sb, 'sendSMS', 'Wrong number of parameters');
	const to = fromBase64(mobileB64);
	const text = fromBase64(textB64);
	if (to === undefined || text === undefined) return error(sb, 'sendSMS', 'mobileNumber and text must be Base64 encoded');
	const status = outcome(sb, from, to);
	const id = `-81747206767102${sb.state.nextId++}`;
	if (status === 'SENT_TO_CARRIER') record(sb, { method: 'sendSMS', id, carrier, from, to, text });
	const message = [
		element('id', id),
		element('carrier', carrier === 'null' ? 'carrierName' : carrier),
		element('from', from),
		element('to', to),
		element('text', text),
		element('status', status),
		element('statusDescription', DESCRIPTIONS[status]),
		element('encoding', 'UTF-8'),
		element('date', '2013-09-17T10:13:59.176-04:30'),
		element('timezone', 'America/Caracas'),
		element('clientId', 'As223sdadq8d8287v5v'),
	].join('');
	return ok(sb, 'sendSMS', `<messages><message>${message}</message></messages>`);
}

function sendMt(sb, call) {
	const [from, carrier, to, textB64, flags, ...extra] = call.params;
	if (textB64 === undefined || extra.length) return error(sb, 'sendMT', 'Wrong number of parameters');
	const text = fromBase64(textB64);
	if (text === undefined) return error(sb, 'sendMT', 'text must be Base64 encoded');
	// sendMT answers only a status: the refusal becomes the call's ERROR (choice)
	const status = outcome(sb, from, to);
	if (status !== 'SENT_TO_CARRIER') return error(sb, 'sendMT', DESCRIPTIONS[status]);
	record(sb, { method: 'sendMT', carrier, from, to, text, flags });
	return ok(sb, 'sendMT');
}

function sendPin(sb, call) {
	const [carrier, from, to, textB64, length, ...extra] = call.params;
	if (length === undefined || extra.length) return error(sb, 'sendSMSPinMobileNumberConfirm', 'Wrong number of parameters');
	const text = fromBase64(textB64);
	if (text === undefined) return error(sb, 'sendSMSPinMobileNumberConfirm', 'text must be Base64 encoded');
	const size = Number(length);
	if (!Number.isInteger(size) || size < 4 || size > 10) return error(sb, 'sendSMSPinMobileNumberConfirm', 'Invalid PIN length');
	const status = outcome(sb, from, to);
	if (status !== 'SENT_TO_CARRIER') return error(sb, 'sendSMSPinMobileNumberConfirm', DESCRIPTIONS[status]);
	const pin = Array.from({ length: size }, () => Math.floor(sb.random() * 10)).join('');
	// choice: the platform appends the PIN to the text
	record(sb, { method: 'pin', carrier, from, to, text: `${text} ${pin}`, pin });
	return ok(sb, 'sendSMSPinMobileNumberConfirm', `<PinSMSConfirmation>${element('pin', pin)}</PinSMSConfirmation>`);
}

function fireGet(sb, call) {
	const [mobile, textB64, ...extra] = call.params;
	if (textB64 === undefined || extra.length) return error(sb, 'activateCampaign', 'Wrong number of parameters');
	const text = fromBase64(textB64);
	if (text === undefined) return error(sb, 'activateCampaign', 'text must be Base64 encoded');
	sb.state.fired.push({ method: 'GET', mobile, text });
	addIncoming(sb, { from: mobile, text });
	// the document's sample answers this method with input activateCampaign
	return ok(sb, 'activateCampaign');
}

function firePost(sb, call, json) {
	if (call.params.length !== 0) return error(sb, 'fireMessage', 'Wrong number of parameters');
	const fields = json && json.event && json.event['fld-val-list'];
	if (!fields || !fields.recipient_address || fields.keyword_value === undefined) {
		return error(sb, 'fireMessage', 'Invalid fire message descriptor');
	}
	const mobile = String(fields.recipient_address);
	const text = String(fields.keyword_value);
	sb.state.fired.push({ method: 'POST', mobile, text, descriptor: json });
	addIncoming(sb, { from: mobile, text, to: fields.sender_id_id ?? SHORT_CODE });
	return ok(sb, 'fireMessage', `<mo>${element('instanceId', sb.state.instanceId)}${element('mobileNumber', mobile)}${element('text', text)}</mo>`);
}

function listMo(sb, call) {
	const [pageText, sizeText, search, ...extra] = call.params;
	if (search === undefined || extra.length) return error(sb, 'getMOMessages', 'Wrong number of parameters');
	const page = Number(pageText);
	const size = Number(sizeText);
	// choice: pages count from 1
	if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1) {
		return error(sb, 'getMOMessages', 'Invalid page or resultsPerPage');
	}
	if (sb.state.beforeList) sb.state.beforeList(sb, { page, size });
	const filters = parseSearch(search);
	let keyword;
	if (filters.keyword) {
		try {
			keyword = new RegExp(filters.keyword);
		} catch {
			return error(sb, 'getMOMessages', 'Invalid keyword expression');
		}
	}
	const matches = sb.state.inbox.filter(
		(mo) =>
			(!filters.from || filters.from.includes(mo.from)) &&
			(!filters.to || filters.to.includes(mo.to)) &&
			(!filters.carrier || filters.carrier.some((c) => c.toLowerCase() === mo.carrier.toLowerCase())) &&
			// choice: the keyword expression is matched against the message text
			(!keyword || keyword.test(mo.text)),
	);
	// choice: without an order, oldest first (the order of arrival)
	const ordered = filters.order === 'desc' ? [...matches].reverse() : matches;
	const slice = ordered.slice((page - 1) * size, page * size);
	const close = sb.state.malformedMoList ? '\t<MOMessageList>' : '\t</MOMessageList>';
	const list = `\t<MOMessageList>\n\t\t${element('records', matches.length)}\n\t\t<MessageList>\n${slice.map(moXml).join('\n')}\n\t\t</MessageList>\n${close}`;
	return ok(sb, 'getMOMessages', list);
}

module.exports = {
	createMessangiSandbox,
	messangiSign: sign,
	MESSANGI_BASE_PATH: BASE_PATH,
	MESSANGI_INSTANCE_ID: INSTANCE_ID,
	MESSANGI_PUBLIC_KEY: PUBLIC_KEY,
	MESSANGI_PRIVATE_KEY: PRIVATE_KEY,
	MESSANGI_SHORT_CODE: SHORT_CODE,
};
