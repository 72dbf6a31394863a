'use strict';
/**
 * Preloaded into the n8n of `npm run bench` (NODE_OPTIONS `--expose-gc --require`), never into a
 * user's n8n: on SIGUSR2 it runs a full garbage collection, then writes the time to the file named
 * by BENCH_GC_MARKER. The bench asks for one before each measured run, so that no run pays for
 * the garbage the one before left behind (reading back an execution of 10,000 rows leaves
 * hundreds of megabytes), and what is measured is the run's own work.
 */
const fs = require('node:fs');

const marker = process.env.BENCH_GC_MARKER;
if (marker && typeof globalThis.gc === 'function') {
	process.on('SIGUSR2', () => {
		globalThis.gc();
		fs.writeFileSync(marker, String(Date.now()));
	});
}
