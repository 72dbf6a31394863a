'use strict';
/**
 * Msegat sandbox, following the provider API document and nodes/Msegat/PROVIDER.md: everything is a POST
 * under /gw/ with userName and apiKey in the body (form or JSON alike), Credits.php and
 * calculateCost.php answer plain text, the rest JSON with a `code` (string, or number on demand),
 * bulk ids as `"1-<bulkId>"` or an `id` field (on demand), M0040 above a configurable number of
 * recipients, the free OTP sender `auth-mseg`, OTP codes that expire, templates and senders.
 * Details the document does not publish are marked "choice:".
 */
const { Sandbox } = require('./framework');

const USER = 'sandbox-user';
const API_KEY = 'sandbox-msegat-key-7f3a9c';
const FREE_OTP_SENDER = 'auth-mseg';
// The texts the document allows from the free test sender.
const FREE_OTP_TEXT = /^(Pin Code is|Verification Code|رمز التحقق)\s*:\s*\d{3,8}$/;
const NUMBER = /^[1-9]\d{7,14}$/;
const EXACT_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const MESSAGES = {
	1: 'Success',
	M0000: 'Success',
	M0001: 'Variables missing',
	M0002: 'Invalid login info',
	M0008: 'The mobile number has an incorrect prefix',
	M0036: 'There is no any sender',
	M0040: 'The numbers exceeded the allowed limit',
	M0041: 'No ready templates are currently available',
	1010: 'Variables missing',
	1020: 'Invalid login info',
	1050: 'MSG body is empty',
	1060: 'Balance is not enough',
	1064: 'Free OTP , Invalid MSG content you should use "Pin Code is: xxxx" or "Verification Code: xxxx" or "رمز التحقق: 1234" , or upgrade your account and activate your sender to send any content',
	1110: 'Sender name is missing or incorrect',
	1120: 'Mobile numbers is not correct or international messaging is not enabled',
	1140: 'MSG length is too long',
	400: 'Code expired',
	404: 'Code not found',
};

/** Msegat bills English-only text 160/153 characters a point, any other 70/67 (msegat.txt). */
function points(text) {
	const english = /^[\x20-\x7e\n\r]*$/.test(text);
	const [single, multi] = english ? [160, 153] : [70, 67];
	const length = Array.from(text).length;
	return length <= single ? 1 : Math.ceil(length / multi);
}

function paramsOf(req) {
	return req.form || req.json || {};
}

function createMsegatSandbox(opts = {}) {
	const sandbox = new Sandbox({
		name: 'msegat',
		latencyMs: opts.latencyMs,
		rateLimit: opts.rateLimit,
		seed: opts.seed,
		initialState: () => ({
			balance: opts.balance ?? 500,
			senders: (opts.senders ?? [
				{ SenderID: 'MyShop', Status: 'Activated' },
				{ SenderID: 'NewBrand', Status: 'Pending' },
				{ SenderID: 'OldName', Status: 'Refused' },
			]).map((s) => ({ ...s })),
			templates: (opts.templates ?? [
				{ id: 1234, title: 'Order shipped', msgBody: 'Your order {order} has shipped' },
				{ id: 1235, title: 'Welcome', msgBody: 'Welcome to MyShop' },
			]).map((t) => ({ ...t })),
			bulks: new Map(),
			otps: new Map(),
			nextBulkId: 7000,
			nextMsgId: 90000,
			nextOtpId: 11,
			// choice: the document publishes no per-request limit; tests lower it to provoke M0040
			maxNumbers: opts.maxNumbers ?? 1000,
			// nodes/Msegat/PROVIDER.md: the bulk id has been seen as a `"1-<bulkId>"` code and as an `id` field
			bulkIdStyle: opts.bulkIdStyle ?? 'code',
			codeAsNumber: opts.codeAsNumber ?? false,
			// choice: which of the two documented login codes Credits.php answers
			creditsLoginError: opts.creditsLoginError ?? 'M0002',
			otpTtlMs: opts.otpTtlMs ?? 5 * 60 * 1000,
			deliverAfterMs: opts.deliverAfterMs ?? 1000,
		}),
		credentials: (sb) => ({ userName: USER, apiKey: API_KEY, baseUrl: `${sb.url}/gw` }),
		authenticate: (req) => {
			const p = paramsOf(req);
			const missing = !p.userName || !p.apiKey;
			if (!missing && p.userName === USER && p.apiKey === API_KEY) return null;
			const path = req.path;
			// choice: plain-text endpoints answer a bare code; the send endpoints use the 10xx
			// family, the others the M00xx family (the document lists both for a bad login).
			if (path.endsWith('/Credits.php')) return { body: missing ? 'M0001' : sandbox.state.creditsLoginError };
			if (path.endsWith('/calculateCost.php')) return { body: missing ? '1010' : '1020' };
			if (path.endsWith('/sendsms.php') || path.endsWith('/sendVars.php')) return codeReply(missing ? '1010' : '1020');
			return codeReply(missing ? 'M0001' : 'M0002');
		},
		control: {
			setBalance: (sb, body) => {
				sb.state.balance = Number(body.balance);
			},
			setSenders: (sb, body) => {
				sb.state.senders = body.senders || [];
			},
			/** The code of an OTP, as the person's phone would show it. */
			otpCode: (sb, body) => ({ code: (sb.state.otps.get(Number(body.id)) || {}).code }),
			expireOtp: (sb, body) => {
				const otp = sb.state.otps.get(Number(body.id));
				if (otp) otp.expiresAt = 0;
			},
			bulks: (sb) => [...sb.state.bulks.values()],
		},
		routes: [
			{ method: 'POST', path: '/gw/Credits.php', handler: (req, sb) => ({ body: String(sb.state.balance) }) },
			{ method: 'POST', path: '/gw/sendsms.php', handler: (req, sb) => sendSms(sb, paramsOf(req)) },
			{ method: 'POST', path: '/gw/sendVars.php', handler: (req, sb) => sendVars(sb, paramsOf(req)) },
			{ method: 'POST', path: '/gw/calculateCost.php', handler: (req, sb) => calculateCost(sb, paramsOf(req)) },
			{ method: 'POST', path: '/gw/getMessages.php', handler: (req, sb) => getMessages(sb, paramsOf(req)) },
			{ method: 'POST', path: '/gw/senders.php', handler: (req, sb) => (sb.state.senders.length ? { body: sb.state.senders } : codeReply('M0036')) },
			{
				method: 'POST',
				path: '/gw/GetMessageTemplates.php',
				handler: (req, sb) =>
					sb.state.templates.length ? { body: { code: 'M0000', message: 'Success', result: sb.state.templates } } : codeReply('M0041'),
			},
			{ method: 'POST', path: '/gw/sendOTPCode.php', handler: (req, sb) => sendOtp(sb, req) },
			{ method: 'POST', path: '/gw/verifyOTPCode.php', handler: (req, sb) => verifyOtp(sb, req) },
		],
	});

	function codeReply(code, extra = {}) {
		const numeric = sandbox.state.codeAsNumber && /^\d+$/.test(code);
		return { body: { code: numeric ? Number(code) : code, message: MESSAGES[code] || 'Error', ...extra } };
	}

	function checkSender(sender, texts) {
		if (!sender) return '1110';
		if (sender === FREE_OTP_SENDER) return texts.every((t) => FREE_OTP_TEXT.test(t.trim())) ? null : '1064';
		const found = sandbox.state.senders.find((s) => s.SenderID === sender);
		return found && found.Status === 'Activated' ? null : '1110';
	}

	function checkNumbers(numbers) {
		if (numbers.length > sandbox.state.maxNumbers) return 'M0040';
		for (const number of numbers) {
			// choice: a Saudi number written with its trunk zero after the country code
			if (number.startsWith('9660')) return 'M0008';
			if (!NUMBER.test(number)) return '1120';
		}
		return null;
	}

	/** Creates a bulk after every check passed; returns the reply. */
	function accept(sb, p, recipients) {
		const cost = recipients.reduce((sum, r) => sum + points(r.text), 0);
		if (sb.state.balance < cost) return codeReply('1060');
		sb.state.balance -= cost;
		const bulkId = sb.state.nextBulkId++;
		const now = Date.now();
		const scheduled = p.timeToSend === 'later';
		sb.state.bulks.set(String(bulkId), {
			bulkId: String(bulkId),
			sender: p.userSender,
			encoding: p.msgEncoding,
			exactTime: scheduled ? p.exactTime : null,
			rows: recipients.map((r) => ({ msgId: String(sb.state.nextMsgId++), number: r.number, text: r.text, sentAt: now, scheduled })),
		});
		if (String(p.reqBulkId) !== 'true') return codeReply('1');
		if (sb.state.bulkIdStyle === 'id') return codeReply('1', { id: bulkId });
		return { body: { code: `1-${bulkId}`, message: 'Success' } };
	}

	function commonChecks(p, texts) {
		if (!p.msgEncoding || !p.userSender || p.numbers === undefined || p.msg === undefined) return '1010';
		if (p.msgEncoding !== 'UTF8' && p.msgEncoding !== 'windows-1256') return '1010';
		if (texts.some((t) => !String(t).trim())) return '1050';
		if (texts.some((t) => points(t) > 10)) return '1140'; // choice: longest text is 10 parts
		if (p.timeToSend === 'later' && !EXACT_TIME.test(String(p.exactTime || ''))) return '1010';
		return checkSender(p.userSender, texts);
	}

	function sendSms(sb, p) {
		let numbers = String(p.numbers ?? '')
			.split(',')
			.map((n) => n.trim())
			.filter(Boolean);
		const refused = commonChecks(p, [String(p.msg ?? '')]) || (numbers.length === 0 ? '1010' : null) || checkNumbers(numbers);
		if (refused) return codeReply(refused);
		// the document: reqFilter defaults to true (duplicated numbers are filtered)
		if (String(p.reqFilter ?? 'true') !== 'false') numbers = [...new Set(numbers)];
		return accept(sb, p, numbers.map((number) => ({ number, text: String(p.msg) })));
	}

	function jsonList(value) {
		if (Array.isArray(value)) return value;
		if (typeof value === 'string') {
			try {
				const parsed = JSON.parse(value);
				return Array.isArray(parsed) ? parsed : null;
			} catch {
				return null;
			}
		}
		return null;
	}

	function sendVars(sb, p) {
		const numbers = jsonList(p.numbers);
		const vars = jsonList(p.vars);
		if (!numbers || !vars || numbers.length === 0 || numbers.length !== vars.length) return codeReply('1010');
		const template = String(p.msg ?? '');
		const texts = vars.map((v) => template.replace(/\{([^{}]+)\}/g, (whole, name) => (v && v[name] !== undefined ? String(v[name]) : whole)));
		const refused = commonChecks(p, texts) || checkNumbers(numbers.map(String));
		if (refused) return codeReply(refused);
		return accept(
			sb,
			p,
			numbers.map((number, i) => ({ number: String(number), text: texts[i] })),
		);
	}

	function calculateCost(sb, p) {
		if (!p.contacts || p.msg === undefined || !p.contactType || !p.msgEncoding) return { body: '1010' };
		const contacts = String(p.contacts)
			.split(',')
			.map((n) => n.trim())
			.filter(Boolean);
		if (contacts.some((n) => !NUMBER.test(n))) return { body: '1120' };
		if (!String(p.msg).trim()) return { body: '1050' };
		return { body: `${contacts.length},${contacts.length * points(String(p.msg))}` };
	}

	function statusOf(sb, row) {
		if (row.scheduled) return 'Scheduled';
		if (Date.now() - row.sentAt < sb.state.deliverAfterMs) return 'Sent';
		return row.number.endsWith('13') ? 'Failed' : 'Delivered';
	}

	function getMessages(sb, p) {
		if (!p.reqBulkId) return codeReply('M0001');
		const bulk = sb.state.bulks.get(String(p.reqBulkId));
		// choice: an unknown bulk id is an empty list, not an error
		let rows = bulk ? bulk.rows : [];
		if (p.numbers) {
			const wanted = new Set(String(p.numbers).split(',').map((n) => n.trim()));
			rows = rows.filter((r) => wanted.has(r.number));
		}
		const page = Math.max(1, Number(p.pageNumber) || 1);
		const limit = Math.max(1, Number(p.limit) || 50); // choice: default page size
		const data = rows.slice((page - 1) * limit, page * limit).map((r) => ({
			msgId: r.msgId,
			number: r.number,
			status: statusOf(sb, r),
			sender: bulk.sender,
			sentAt: new Date(r.sentAt).toISOString(),
		}));
		return codeReply('1', { data });
	}

	function sendOtp(sb, req) {
		const p = paramsOf(req);
		if (!p.number || !p.userSender) return codeReply('M0001');
		const lang = req.headers.lang || p.lang;
		if (lang !== 'Ar' && lang !== 'En') return codeReply('M0001'); // choice
		if (!NUMBER.test(String(p.number))) return codeReply('1120');
		const refusedSender = checkSender(p.userSender, ['Pin Code is: 0000']);
		if (refusedSender) return codeReply(refusedSender);
		if (sb.state.balance < 1) return codeReply('1060');
		sb.state.balance -= 1;
		const id = sb.state.nextOtpId++;
		const code = String(1000 + Math.floor(sb.random() * 9000));
		sb.state.otps.set(id, { id, number: String(p.number), code, sender: p.userSender, lang, expiresAt: Date.now() + sb.state.otpTtlMs, used: false });
		return codeReply('1', { id });
	}

	function verifyOtp(sb, req) {
		const p = paramsOf(req);
		if (p.code === undefined || p.id === undefined || !p.userSender) return codeReply('M0001');
		const otp = sb.state.otps.get(Number(p.id));
		if (!otp || otp.used) return codeReply('404');
		if (Date.now() > otp.expiresAt) return codeReply('400');
		// choice: a wrong code answers like an unknown one (the document publishes no other code)
		if (String(p.code) !== otp.code) return codeReply('404');
		otp.used = true;
		return codeReply('1');
	}

	return sandbox;
}

module.exports = { createMsegatSandbox, MSEGAT_USER: USER, MSEGAT_API_KEY: API_KEY };
