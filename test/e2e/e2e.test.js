'use strict';
/**
 * `npm run test:e2e`: the product in a real n8n. One n8n and one set of gateway sandboxes serve
 * every suite below (an n8n start costs ~10 s; the first run also installs n8n, ~3.5 min).
 *
 * Which providers are tested is decided by package.json at run time: a provider whose action node
 * is declared there is tested with its table in ./providers; the others are reported as skipped.
 *
 * Environment: N8N_E2E_ONLY=operations,triggers,... runs some suites only (while working on one;
 * single-packages starts a fresh n8n per single-service package, in the default mode only);
 * N8N_E2E_KEEP=1 keeps n8n's user folder; n8n's log is copied to test-results/e2e-n8n.log;
 * N8N_E2E_POLLER=durable runs n8n with its durable poll scheduler (poll state committed with the
 * execution; default: n8n's in-memory cron), its log then copied to test-results/e2e-n8n-durable.log.
 * N8N_E2E_QUEUE=1 runs n8n in queue mode (Redis, Postgres, a main and two workers; see stack.js)
 * and adds the queue suite; the logs go to test-results/e2e-n8n-queue*.log.
 */
const { before, after } = require('node:test');

const { startStack, declaredNodeNames, log } = require('./stack');
const { selectProviders } = require('./providers');

const selection = selectProviders(declaredNodeNames());
const ctx = { stack: null, selection };
log(
	`providers under test: ${selection.active.map((t) => t.label).join(', ') || 'none'}` +
		(selection.pending.length ? `; not in package.json yet: ${selection.pending.map((t) => t.label).join(', ')}` : ''),
);

const started = Date.now();
before(
	async () => {
		ctx.stack = await startStack();
	},
	{ timeout: 15 * 60_000 },
);
after(async () => {
	if (ctx.stack) await ctx.stack.stop();
	log(`suite finished in ${Math.round((Date.now() - started) / 1000)} s`);
});

// 'queue' runs only in queue mode (N8N_E2E_QUEUE=1), and last: it restarts the workers.
const suites = ['package', 'operations', 'outages', 'triggers', 'restarts', 'examples', 'editor', 'single-packages', 'queue'];
const only = (process.env.N8N_E2E_ONLY || '').split(',').filter(Boolean);
for (const name of suites) {
	if (only.length && !only.includes(name)) continue;
	require(`./suites/${name}`)(ctx);
}
