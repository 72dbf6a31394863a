import { InputError, toText } from './errors';

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function offsetMs(instant: number, zone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: zone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * Reads a date-time parameter. A value with an explicit offset (or Z) is taken as is; a value
 * without one is wall-clock time in `zone` (the workflow's time zone), as n8n's date picker means it.
 */
export function parseDateTime(value: unknown, zone: string, field = 'options.scheduleAt'): Date {
	const text =
		value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function'
			? toText((value as { toISO: () => string }).toISO())
			: toText(value ?? '').trim();
	const m = ISO_LOCAL.exec(text);
	if (!m) {
		throw new InputError(`"${text}" in "${field}" is not a date and time. Use the date picker or an ISO value such as 2026-12-31T18:30:00.`, field);
	}
	const [, y, mo, d, h = '00', mi = '00', s = '00', offset] = m;
	// Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
	const check = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
	check.setUTCFullYear(Number(y));
	const wall = check.getTime();
	// Date.UTC rolls 30 February over into March: refuse dates that do not exist.
	if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || Number(mi) > 59 || Number(s) > 59) {
		throw new InputError(`"${text}" in "${field}" is not a real date and time. Check the day, month and hour.`, field);
	}
	if (offset) {
		const sign = offset.toUpperCase() === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
		const digits = offset.replace(/[^\d]/g, '');
		const [offsetHours, offsetMinutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4) || '0')];
		if (offsetHours > 14 || offsetMinutes > 59) {
			throw new InputError(`"${text}" in "${field}" has a time zone offset that does not exist (${offset}); offsets run from -12:00 to +14:00.`, field);
		}
		const minutes = sign * (offsetHours * 60 + offsetMinutes);
		return new Date(wall - minutes * 60_000);
	}
	// Two passes settle the offset across DST changes.
	let guess = wall - offsetMs(wall, zone);
	guess = wall - offsetMs(guess, zone);
	return new Date(guess);
}

/** Formats an instant as `yyyy-MM-dd HH:mm:ss` wall-clock time in `zone`. */
export function formatInZone(date: Date, zone: string): string {
	const wall = new Date(date.getTime() + offsetMs(date.getTime(), zone));
	return wall.toISOString().slice(0, 19).replace('T', ' ');
}
