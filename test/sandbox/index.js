'use strict';
/**
 * All gateway sandboxes. `startAll()` starts each on its own port (consecutive from `port`, or
 * free ports when `port` is 0) and returns them keyed by provider name, each with `url`,
 * `credentials` (the n8n credential data that points at it) and `close()`.
 */
const factories = {
	smsClub: () => require('./smsclub').createSmsClubSandbox,
	msegat: () => require('./msegat').createMsegatSandbox,
	messangi: () => require('./messangi').createMessangiSandbox,
	smsgic: () => require('./smsgic').createSmsgicSandbox,
};

async function startAll({ host = '127.0.0.1', port = 0, latencyMs = 0, only } = {}) {
	const started = {};
	let offset = 0;
	for (const [name, factory] of Object.entries(factories)) {
		if (only && !only.includes(name)) continue;
		const sandbox = factory()({ latencyMs });
		await sandbox.listen(port ? port + offset++ : 0, host);
		started[name] = sandbox;
	}
	Object.defineProperty(started, 'closeAll', {
		enumerable: false,
		value: () => Promise.all(Object.values(started).map((s) => s.close())),
	});
	return started;
}

module.exports = { startAll, factories };
