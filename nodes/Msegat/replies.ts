/**
 * Reading Msegat's replies, which come in several shapes (PROVIDER.md): JSON with a `code` that is a
 * string or a number, plain-text numbers, plain-text `contacts,points`, and bare error codes.
 * Pure functions, so every shape is unit-tested without a server.
 */
import { tryParseJson } from '../shared/http';
import { isKnownCode, isSuccessCode, normalizeCode } from './errorCodes';

export interface ReadReply {
	/** The JSON value, when the body is JSON. */
	json?: unknown;
	/** Msegat's code from a JSON `code` field or a bare code in the body. */
	code?: string;
	/** Msegat's own words (`message`), when it sent any. */
	message?: string;
}

const BARE_M_CODE = /^M\d{4}$/i;

function asObject(value: unknown): Record<string, unknown> | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Finds the code in a reply. A bare number counts as a code only when it is success (`1`) or a
 * documented code: any other bare number is data (a balance, a count), not an error.
 */
export function readReply(body: string): ReadReply {
	const text = body.trim();
	const parsed = tryParseJson(text);
	const json = parsed.ok ? parsed.value : undefined;
	const object = asObject(json);
	if (object) {
		return {
			json,
			code: normalizeCode(object.code),
			message: typeof object.message === 'string' ? object.message : undefined,
		};
	}
	const bare = typeof json === 'string' || typeof json === 'number' ? String(json).trim() : parsed.ok ? '' : text;
	const code = normalizeCode(bare);
	if (code && (BARE_M_CODE.test(code) || isKnownCode(code) || isSuccessCode(code))) return { json, code };
	return { json };
}

/** The bulk id of a successful send: `code: "1-<bulkId>"` or an `id` (or `bulkId`) field. */
export function bulkIdOf(reply: ReadReply): string | undefined {
	const fromCode = reply.code?.match(/^1-(\S+)$/)?.[1];
	if (fromCode) return fromCode;
	const object = asObject(reply.json);
	for (const key of ['id', 'bulkId', 'bulk_id', 'BulkId']) {
		const value = object?.[key];
		if ((typeof value === 'string' && value.trim()) || (typeof value === 'number' && Number.isFinite(value))) return String(value).trim();
	}
	return undefined;
}

export type BalanceRead =
	| { kind: 'balance'; balance: number }
	/** Credits.php answered a bare 1010 or 1020: an error code, or a balance of exactly that many points. */
	| { kind: 'ambiguous'; balance: number; code: string }
	| { kind: 'code'; code: string; message?: string }
	| { kind: 'unreadable' };

/** The error codes Credits.php can answer that look like a balance. */
const BALANCE_LOOKALIKE_CODES = new Set(['1010', '1020']);
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Credits.php: a plain-text number (`272.6`), a bare error code, or (per the document) `{userBalance}`. */
export function readBalance(body: string): BalanceRead {
	const text = body.trim().replace(/^"(.*)"$/, '$1').trim();
	const parsed = tryParseJson(text);
	const object = asObject(parsed.ok ? parsed.value : undefined);
	if (object) {
		const balance = Number(object.userBalance ?? object.balance);
		if ((typeof object.userBalance === 'number' || typeof object.userBalance === 'string') && Number.isFinite(balance)) {
			return { kind: 'balance', balance };
		}
		const code = normalizeCode(object.code);
		if (code && !isSuccessCode(code)) return { kind: 'code', code, message: typeof object.message === 'string' ? object.message : undefined };
		return { kind: 'unreadable' };
	}
	if (NUMBER.test(text)) {
		const balance = Number(text);
		return BALANCE_LOOKALIKE_CODES.has(text) ? { kind: 'ambiguous', balance, code: text } : { kind: 'balance', balance };
	}
	const code = normalizeCode(text);
	if (code && BARE_M_CODE.test(code)) return { kind: 'code', code };
	return { kind: 'unreadable' };
}

export type CostRead = { kind: 'cost'; contacts: number; points: number } | { kind: 'code'; code: string; message?: string } | { kind: 'unreadable' };

/** calculateCost.php: plain text `<contacts>,<points>`, e.g. `3,9`, or an error code. */
export function readCost(body: string): CostRead {
	const text = body.trim().replace(/^"(.*)"$/, '$1').trim();
	const match = /^(\d+)\s*,\s*(\d+(?:\.\d+)?)$/.exec(text);
	if (match) return { kind: 'cost', contacts: Number(match[1]), points: Number(match[2]) };
	const reply = readReply(body);
	if (reply.code && !isSuccessCode(reply.code)) return { kind: 'code', code: reply.code, message: reply.message };
	return { kind: 'unreadable' };
}

/** Finds the list in a reply that is a bare list or wraps it in `data`, `result` or `senders`. */
export function listOf(json: unknown): unknown[] | undefined {
	if (Array.isArray(json)) return json;
	const object = asObject(json);
	if (!object) return undefined;
	for (const key of ['data', 'result', 'results', 'senders', 'messages', 'list']) {
		if (Array.isArray(object[key])) return object[key] as unknown[];
	}
	return undefined;
}
