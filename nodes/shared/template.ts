import type { IDataObject } from 'n8n-workflow';

import { InputError, toText } from './errors';

const PLACEHOLDER = /\{([A-Za-z_][\w-]*)\}/g;

/** The placeholder names used in a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
	return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]))];
}

/**
 * Fills `{name}` placeholders from an input item's top-level fields. A placeholder with no such
 * field (or an empty one) fails the item, naming every missing placeholder.
 */
export function fillTemplate(template: string, fields: IDataObject, field = 'message'): string {
	// Own fields only: `{constructor}` must not reach Object.prototype.
	const valueOf = (name: string) => (Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined);
	const missing = placeholdersOf(template).filter((name) => {
		const value = valueOf(name);
		return value === undefined || value === null || toText(value).trim() === '';
	});
	if (missing.length > 0) {
		const list = missing.map((name) => `{${name}}`).join(', ');
		throw new InputError(
			`The ${field} uses ${list} but the input item has no field ${missing.length > 1 ? 'with those names (or they are empty)' : 'with that name (or it is empty)'}. Add the field to the item (e.g. with an Edit Fields node) or remove the placeholder.`,
			field,
		);
	}
	return template.replace(PLACEHOLDER, (_, name: string) => {
		const value = valueOf(name);
		return typeof value === 'object' ? toText(JSON.stringify(value)) : toText(value);
	});
}

/** Rejects an empty message before any request is sent. */
export function requireMessage(message: unknown, field = 'message'): string {
	const text = typeof message === 'string' ? message : message === undefined || message === null ? '' : toText(message);
	if (text.trim().length === 0) {
		throw new InputError(`The ${field} is empty. Enter the text to send.`, field);
	}
	return text;
}
