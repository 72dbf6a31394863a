/**
 * SMSgic's document shows every JSON sample with trailing commas (`{"id": 45,}`). Real replies
 * are expected to be strict JSON, but a reply written like the document must still be read
 * rather than reported as broken, so trailing commas outside strings are tolerated.
 */

/** Removes commas that directly precede `}` or `]` (ignoring whitespace), leaving strings untouched. */
export function withoutTrailingCommas(text: string): string {
	let out = '';
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (inString) {
			out += char;
			if (char === '\\') {
				out += text[i + 1] ?? '';
				i++;
			} else if (char === '"') {
				inString = false;
			}
			continue;
		}
		if (char === '"') {
			inString = true;
		} else if (char === ',') {
			let next = i + 1;
			while (next < text.length && /\s/.test(text[next])) next++;
			if (text[next] === '}' || text[next] === ']') continue;
		}
		out += char;
	}
	return out;
}

/** Strict JSON first; then the document's dialect (trailing commas). */
export function parseLenientJson(text: string): { ok: true; value: unknown } | { ok: false } {
	for (const candidate of [text, withoutTrailingCommas(text)]) {
		try {
			return { ok: true, value: JSON.parse(candidate) };
		} catch {
			// try the next reading
		}
	}
	return { ok: false };
}
