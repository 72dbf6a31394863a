'use strict';
// `npm run sandbox [-- --port 8600]`: starts every gateway sandbox for manual use and the demo.
const { startAll } = require('./index');

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8600;

startAll({ port }).then((sandboxes) => {
	for (const [name, sandbox] of Object.entries(sandboxes)) {
		console.log(`${name.padEnd(10)} ${sandbox.url}  credentials: ${JSON.stringify(sandbox.credentials)}`);
	}
	console.log('Control API on each: GET /__sandbox/requests, GET /__sandbox/state, POST /__sandbox/faults, POST /__sandbox/reset');
	const stop = () => sandboxes.closeAll().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
});
