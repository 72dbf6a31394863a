import { excerpt, GatewayError, type GatewayErrorKind } from '../shared/errors';

/**
 * Every code in Msegat's document, in one table: what happened and what to do, in words a
 * no-code user can act on. `kind` says what it means for a send: `auth` and `notSent` recipients
 * are `rejected` (Msegat refused the request, nothing went out).
 */
interface CodeMeaning {
	kind: GatewayErrorKind;
	what: string;
	todo: string;
}

const MISSING_VALUES: CodeMeaning = {
	kind: 'notSent',
	what: 'Msegat says a required value is missing',
	todo: 'Check that the credential has a user name and API key, and that numbers, sender and message are filled in.',
};

const WRONG_LOGIN: CodeMeaning = {
	kind: 'auth',
	what: 'Msegat says the user name or API key is wrong',
	todo: 'Copy both again from your Msegat account (msegat.com → Settings → API) into the Msegat credential.',
};

const SENDER_RULES =
	'A sender name has only English letters and digits, at most 11 characters (advertising names end in AD).';

export const MSEGAT_CODES: Readonly<Record<string, CodeMeaning>> = {
	M0001: MISSING_VALUES,
	'1010': MISSING_VALUES,
	M0002: WRONG_LOGIN,
	'1020': WRONG_LOGIN,
	M0022: {
		kind: 'notSent',
		what: 'Your Msegat account already has the most sender names it may have',
		todo: 'Remove a sender name you no longer use in your Msegat account, or ask Msegat to raise the limit.',
	},
	M0023: {
		kind: 'notSent',
		what: 'This sender name is already active, being activated, or was refused',
		todo: 'Check its state in Sender → Get Many, or choose another name.',
	},
	M0024: { kind: 'notSent', what: 'The sender name must be in English letters or digits', todo: SENDER_RULES },
	M0025: { kind: 'notSent', what: 'The sender name has an invalid length', todo: SENDER_RULES },
	M0026: {
		kind: 'notSent',
		what: 'The sender name is already activated or does not exist',
		todo: 'Pick a sender name from the list in the Sender field (Sender → Get Many shows them all).',
	},
	M0027: { kind: 'notSent', what: 'The activation code is not correct', todo: 'Check the code and try again.' },
	'1050': { kind: 'notSent', what: 'The message is empty', todo: 'Enter the text to send.' },
	'1060': {
		kind: 'notSent',
		what: 'Your Msegat balance is too low to send this message',
		todo: 'Top up your balance at msegat.com, then run the workflow again. Nothing was sent.',
	},
	'1061': {
		kind: 'notSent',
		what: 'Msegat refused a duplicate: this message was already sent to this number',
		todo: 'Change the text, or wait before sending the same text to the same number again.',
	},
	'1064': {
		kind: 'notSent',
		what: 'The free test sender "auth-mseg" only sends one-time codes',
		todo: 'Use a text like "Pin Code is: 1234", "Verification Code: 1234" or "رمز التحقق: 1234", or upgrade your Msegat account and activate your own sender name to send any text.',
	},
	'1110': {
		kind: 'notSent',
		what: 'The sender name is missing or not correct',
		todo: 'Use a sender name that is activated on your Msegat account (see the list in the Sender field), or "auth-mseg" for free OTP tests.',
	},
	'1120': {
		kind: 'notSent',
		what: 'A mobile number is not correct, or international sending is not enabled on your account',
		todo: 'Check the numbers (international format with country code and no leading zeros, e.g. 966501234567), or ask Msegat to enable international messaging.',
	},
	'1140': { kind: 'notSent', what: 'The message is too long for Msegat', todo: 'Shorten the text, or split it into several messages.' },
	'400': { kind: 'notSent', what: 'The verification code has expired', todo: 'Send a new code with OTP → Send.' },
	'404': {
		kind: 'notSent',
		what: 'The verification code was not found: it is wrong, or the OTP ID is unknown',
		todo: 'Check the code the person typed and the OTP ID returned by OTP → Send.',
	},
	M0029: {
		kind: 'notSent',
		what: 'Invalid sender name: it may contain only letters and digits, at most 11 characters',
		todo: 'Shorten or correct the sender name.',
	},
	M0030: {
		kind: 'notSent',
		what: 'An advertising sender name must end with AD',
		todo: 'Add AD at the end of the sender name, or register it as a normal sender.',
	},
	M0031: { kind: 'notSent', what: 'The uploaded file is larger than 5 MB', todo: 'Upload a smaller file.' },
	M0032: { kind: 'notSent', what: 'Only pdf, png, jpg and jpeg files are allowed', todo: 'Upload the file in one of those formats.' },
	M0033: { kind: 'notSent', what: 'The sender type must be normal or whitelist', todo: 'Choose one of those sender types.' },
	M0034: {
		kind: 'notSent',
		what: 'Msegat expects a POST request',
		todo: 'This is a fault in the node or a proxy in between: check the Base URL in the credential, and report it if it persists.',
	},
	M0036: {
		kind: 'notSent',
		what: 'Your Msegat account has no sender name',
		todo: 'Request a sender name in your Msegat account, or use "auth-mseg" for free OTP tests.',
	},
	M0008: {
		kind: 'notSent',
		what: 'A mobile number has an incorrect prefix',
		todo: 'Write numbers in international format with the country code, e.g. 966501234567.',
	},
	M0037: {
		kind: 'notSent',
		what: 'Your Msegat account only accepts requests from its registered static IP address',
		todo: "Add your n8n server's public IP address in your Msegat account's API settings, or turn that restriction off.",
	},
	M0090: {
		kind: 'notSent',
		what: 'The message does not match any of your approved templates',
		todo: 'Use the exact text of an approved template (Template → Get Many lists them), or ask Msegat to approve this text.',
	},
	M0092: {
		kind: 'notSent',
		what: 'There are no templates for this account and sender',
		todo: 'Create a template in your Msegat account first.',
	},
	M0040: {
		kind: 'notSent',
		what: 'The request has more numbers than Msegat allows at once',
		todo: 'Lower "Batch Size" in the options. Nothing was sent in this request.',
	},
	M0041: { kind: 'notSent', what: 'No ready templates are available', todo: 'Create a template in your Msegat account first.' },
};

const SUCCESS_CODES = new Set(['1', 'M0000']);

const CODE_LIKE = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

/**
 * Msegat's `code` as a trimmed string, whether it came as a string or a number. Text that does
 * not look like a code (a sentence, an echoed request) is no code: the reply is then unreadable,
 * and is never reshaped (e.g. upper-cased) into something redaction would not recognise.
 */
export function normalizeCode(raw: unknown): string | undefined {
	if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
	if (typeof raw !== 'string') return undefined;
	const code = raw.trim();
	if (!CODE_LIKE.test(code)) return undefined;
	return /^m\d{4}$/i.test(code) ? code.toUpperCase() : code;
}

/** `1`, `M0000`, and `1-<bulkId>` (a successful send that carries its bulk id in the code). */
export function isSuccessCode(code: string | undefined): boolean {
	if (code === undefined) return false;
	return SUCCESS_CODES.has(code) || /^1-\S+$/.test(code);
}

export function isKnownCode(code: string | undefined): boolean {
	return code !== undefined && code in MSEGAT_CODES;
}

/** The error a user sees for a Msegat error code, with Msegat's own words as the description. */
export function msegatError(code: string, gatewayMessage?: string, httpCode?: number): GatewayError {
	const meaning = MSEGAT_CODES[code];
	const said = gatewayMessage && gatewayMessage.trim() ? `Msegat said: "${excerpt(gatewayMessage, 200)}" (code ${code}).` : `Msegat answered code ${code}.`;
	if (!meaning) {
		return new GatewayError({
			kind: 'unknown',
			httpCode,
			providerCode: code,
			message: `Msegat answered with code ${code}${gatewayMessage ? ` ("${excerpt(gatewayMessage, 120)}")` : ''}, which is neither success nor a code in Msegat's documentation, so the outcome is not known. Nothing was sent again; check your Msegat account before retrying.`,
			description: said,
		});
	}
	return new GatewayError({
		kind: meaning.kind,
		httpCode,
		providerCode: code,
		message: `${meaning.what} (Msegat code ${code}). ${meaning.todo}`,
		description: said,
	});
}

/** Codes that mean the login itself is missing or wrong: every other call would fail the same way. */
export function isLoginProblem(code: string | undefined): boolean {
	return code === 'M0001' || code === '1010' || code === 'M0002' || code === '1020';
}
