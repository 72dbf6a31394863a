'use strict';
/**
 * Provider tables: one file per provider in this folder (see README.md). A provider is tested when
 * its action node is declared in package.json; adding its table file is all it takes.
 */
const fs = require('node:fs');
const path = require('node:path');

function loadTables() {
	return fs
		.readdirSync(__dirname)
		.filter((file) => file.endsWith('.js') && file !== 'index.js')
		.sort()
		.map((file) => ({ file, ...require(path.join(__dirname, file)) }));
}

/**
 * Splits the tables by whether package.json declares the provider's action node now, and lists
 * declared nodes that no table covers (a provider that landed without its e2e table).
 */
function selectProviders(declaredNodes) {
	const declared = new Set(declaredNodes);
	const tables = loadTables();
	const active = tables.filter((t) => declared.has(t.node));
	const pending = tables.filter((t) => !declared.has(t.node));
	const covered = new Set(tables.flatMap((t) => [t.node, t.trigger].filter(Boolean)));
	const uncovered = declaredNodes.filter((name) => !covered.has(name));
	return { tables, active, pending, uncovered };
}

module.exports = { loadTables, selectProviders };
