'use strict';
/**
 * Reads node descriptions as the running n8n serves them (/types/nodes.json), so that what the
 * suite expects (operations, events, fields) comes from the loaded package, not from a copy.
 */
const { runtime } = require('./stack');

function nodeType(loaded, name) {
	const type = `${runtime.PACKAGE_NAME}.${name}`;
	const versions = loaded.nodes.filter((n) => n.name === type);
	if (!versions.length) return undefined;
	const latest = (d) => (Array.isArray(d.version) ? Math.max(...d.version) : d.version);
	return versions.sort((a, b) => latest(b) - latest(a))[0];
}

function matchesCondition(allowed, value) {
	return (Array.isArray(allowed) ? allowed : [allowed]).some((a) => (a && typeof a === 'object' && '_cnd' in a ? false : a === value));
}

/** Whether n8n shows a property for these parameter values (show/hide on plain values). */
function isVisible(property, values) {
	const { show, hide } = property.displayOptions || {};
	for (const [key, allowed] of Object.entries(show || {})) {
		if (key.startsWith('@')) continue;
		if (!matchesCondition(allowed, values[key])) return false;
	}
	for (const [key, hidden] of Object.entries(hide || {})) {
		if (key.startsWith('@')) continue;
		if (matchesCondition(hidden, values[key])) return false;
	}
	return true;
}

/** Every resource/operation pair the node offers, with the action label the node panel shows. */
function operationsOf(description) {
	const props = description.properties || [];
	const resource = props.find((p) => p.name === 'resource');
	const resources = resource ? resource.options.map((o) => o.value) : [undefined];
	const result = [];
	for (const r of resources) {
		const values = r === undefined ? {} : { resource: r };
		for (const p of props.filter((x) => x.name === 'operation' && isVisible(x, values))) {
			// n8n adds a "Custom API Call" entry to nodes that declare a credential: not ours to test.
			for (const o of (p.options || []).filter((x) => x.value !== '__CUSTOM_API_CALL__')) result.push({ resource: r, operation: o.value, action: o.action || o.name });
		}
	}
	return result;
}

/** The `event` values of a trigger node. */
function eventsOf(description) {
	const event = (description.properties || []).find((p) => p.name === 'event');
	return event ? event.options.map((o) => o.value) : [];
}

/** Parameters n8n's panel shows for these values (defaults fill the rest), notices left out. */
function visibleParameters(description, chosen) {
	const props = description.properties || [];
	const values = {};
	for (const p of props) if (!(p.name in values)) values[p.name] = p.default;
	Object.assign(values, chosen);
	const seen = new Set();
	return props.filter((p) => {
		if (p.type === 'notice' || p.type === 'hidden' || seen.has(p.name) || !isVisible(p, values)) return false;
		seen.add(p.name);
		return true;
	});
}

module.exports = { nodeType, operationsOf, eventsOf, visibleParameters, isVisible };
