'use strict';
/**
 * The editor in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): for
 * each provider, its nodes are found in the node panel by "SMS" and by the provider's name, with
 * their own icon; its trigger and one action open with the fields their description declares;
 * options loaded from the gateway show the sandbox's live data; the browser console shows no
 * error caused by our package. Screenshots go to test-results/screenshots/, so that a test run
 * leaves the working tree clean; N8N_E2E_SCREENSHOTS=docs writes them to docs/screenshots/ (the
 * README's images) instead, when they are to be updated.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const { ROOT, runtime, log } = require('../stack');
const { nodeType, operationsOf, eventsOf, visibleParameters } = require('../description');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = process.env.N8N_E2E_SCREENSHOTS === 'docs' ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, 'test-results', 'screenshots');
const PACKAGE = runtime.PACKAGE_NAME;
const UI_TIMEOUT = 15_000;

/**
 * Browser console errors that are n8n's, not ours, each with the reason. Anything else fails.
 * `url` is where the failing request went (Chromium's console text does not say).
 */
const KNOWN_NOISE = [
	{ why: "n8n's editor asks the npm registry about every installed community package; there is no network here", test: (e) => /^https:\/\/registry\.npmjs\.org\//.test(e.url) },
	{ why: "n8n's editor looks for output schemas, which only n8n's own nodes ship", test: (e) => /\/schemas\/n8n-nodes-sms-gateways\.\w+\/[\d.]+\.json$/.test(e.url) && /404/.test(e.text) },
	{ why: 'the signed-out page asks who is logged in', test: (e) => /\/rest\/login$/.test(e.url) && /401/.test(e.text) },
	{
		// n8n adds a node with the only credential of its type selected, but asks for the node's
		// options before that selection reaches the node; re-opening the node loads them (checked below).
		why: "n8n's editor requests a new node's options before it has assigned the auto-selected credential",
		test: (e) => /\/rest\/dynamic-node-parameters\/options$/.test(e.url) && /does not have any credentials set/.test(e.body || ''),
	},
];

function loadPlaywright() {
	try {
		return require('playwright-core');
	} catch {
		return undefined;
	}
}

/** Collects what the browser reports as errors, with the URL of failed requests. */
function watchConsole(page) {
	const errors = [];
	const failedBodies = new Map();
	page.on('response', async (response) => {
		if (response.status() < 400) return;
		let body = '';
		try {
			body = await response.text();
		} catch {
			// the body is gone (navigation): the status is enough
		}
		failedBodies.set(response.url(), body);
	});
	page.on('requestfailed', (request) => failedBodies.set(request.url(), request.failure()?.errorText || ''));
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		errors.push({ text: message.text(), url: message.location()?.url || '' });
	});
	page.on('pageerror', (error) => errors.push({ text: `uncaught: ${error.message}\n${error.stack || ''}`, url: '' }));
	return {
		errors,
		/** Errors not explained by KNOWN_NOISE, and the explained ones (for the log). */
		classify() {
			const unexplained = [];
			const explained = [];
			for (const e of errors) {
				const full = { ...e, body: failedBodies.get(e.url) };
				const known = KNOWN_NOISE.find((k) => k.test(full));
				if (known) explained.push(`${e.url}: ${known.why}`);
				else unexplained.push(full);
			}
			return { unexplained, explained };
		},
	};
}

function ourItem(scope, nodeName) {
	return scope.locator(`[data-test-id="item-iterator-item"][data-keyboard-nav-id^="${PACKAGE}.${nodeName}-"]`).first();
}

/** The icon an element shows: our SVG, loaded (a broken or missing icon makes n8n show initials). */
async function iconOf(locator) {
	const img = locator.locator('img').first();
	await img.waitFor({ state: 'attached', timeout: UI_TIMEOUT });
	await locator.page().waitForFunction((el) => el.complete, await img.elementHandle(), { timeout: UI_TIMEOUT });
	return img.evaluate((el) => ({ src: el.getAttribute('src') || '', width: el.naturalWidth }));
}

async function assertOurIcon(locator, what) {
	const icon = await iconOf(locator);
	assert.match(icon.src, new RegExp(`^/icons/${PACKAGE}/dist/icons/[\\w.-]+\\.svg$`), `${what}: icon served from our package (${icon.src})`);
	assert.ok(icon.width > 0, `${what}: icon ${icon.src} loaded`);
}

async function search(page, term) {
	const input = page.locator('input[data-test-id="node-creator-search-bar"]');
	await input.waitFor({ timeout: UI_TIMEOUT });
	await input.fill(term);
}

/** Asserts that the open node details view shows each parameter n8n should display. */
async function assertFields(ndv, properties, what) {
	const params = ndv.locator('[data-test-id="node-parameters"]');
	await params.waitFor({ timeout: UI_TIMEOUT });
	const missing = [];
	for (const p of properties) {
		const input = params.locator(`[data-test-id="parameter-input-${p.name}"], [data-test-id="fixed-collection-${p.name}"]`);
		if ((await input.count()) > 0) continue;
		// collections show their label and an "Add" button
		if ((await params.getByText(p.displayName, { exact: true }).count()) > 0) continue;
		missing.push(`${p.name} (${p.displayName})`);
	}
	assert.deepEqual(missing, [], `${what}: fields missing from the panel`);
}

async function assertCredential(ndv, label) {
	const select = ndv.locator('[data-test-id="node-credentials-select"] input').first();
	await select.waitFor({ timeout: UI_TIMEOUT });
	assert.equal(await select.inputValue(), `${label} sandbox`, 'the node uses the sandbox credential');
}

/** Screenshots wait for the editor's slide and fade animations to end. */
async function shot(page, file) {
	await page.waitForTimeout(700);
	await page.screenshot({ path: path.join(SCREENSHOTS, file) });
}

async function closeNdv(page) {
	await page.locator('[data-test-id="ndv-close-button"]').first().click();
	await page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

module.exports = (ctx) => {
	const playwright = loadPlaywright();
	const unavailable = !playwright
		? 'playwright-core is not installed'
		: !fs.existsSync(CHROMIUM)
			? `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`
			: false;

	describe('editor in Chromium', { skip: unavailable }, () => {
		let browser;
		let context;
		const base = () => ctx.stack.n8n.publicUrl;

		before(async () => {
			fs.mkdirSync(SCREENSHOTS, { recursive: true });
			playwright.selectors.setTestIdAttribute('data-test-id');
			browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
			context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
			context.setDefaultTimeout(UI_TIMEOUT);
			const page = await context.newPage();
			const console = watchConsole(page);
			await page.goto(`${base()}/signin`);
			await page.locator('[data-test-id="emailOrLdapLoginId"] input').fill(ctx.stack.owner.email);
			await page.locator('[data-test-id="password"] input').fill(ctx.stack.owner.password);
			await page.locator('[data-test-id="form-submit-button"]').click();
			await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: UI_TIMEOUT });
			const { unexplained } = console.classify();
			assert.deepEqual(unexplained, [], 'console errors while logging in');
			await page.close();
		});

		after(async () => {
			if (browser) await browser.close();
		});

		it('searching "SMS" lists every provider with its own icon', async () => {
			const page = await context.newPage();
			try {
				await page.goto(`${base()}/workflow/new`);
				await page.locator('[data-test-id="canvas-plus-button"]').click();
				await search(page, 'SMS');
				for (const table of ctx.selection.active) {
					const item = ourItem(page, table.node);
					await item.waitFor({ timeout: UI_TIMEOUT });
					await assertOurIcon(item, `${table.label} in the node panel`);
				}
				await shot(page, 'node-panel-search-sms.png');
			} finally {
				await page.close({ runBeforeUnload: false });
			}
		});

		for (const table of ctx.selection.active) {
			it(`${table.label}: found by name, trigger and action open with their fields, live options, no console errors`, { timeout: 180_000 }, async () => {
				const { stack } = ctx;
				const action = nodeType(stack.loaded, table.node);
				const trigger = table.trigger && nodeType(stack.loaded, table.trigger);
				const page = await context.newPage();
				const console = watchConsole(page);
				const slug = table.provider.toLowerCase();
				try {
					await page.goto(`${base()}/workflow/new`);

					// Trigger first: an empty workflow's node panel starts with triggers.
					await page.locator('[data-test-id="canvas-plus-button"]').click();
					await search(page, table.label);
					const entry = ourItem(page, table.node);
					await entry.waitFor({ timeout: UI_TIMEOUT });
					await assertOurIcon(entry, `${table.label} found by name`);
					await entry.click();
					const creator = page.locator('[data-test-id="node-creator"]');
					await creator.getByText(`Actions (${operationsOf(action).length})`).waitFor({ timeout: UI_TIMEOUT });
					if (trigger) {
						const events = eventsOf(trigger);
						await creator.getByText(`Triggers (${events.length})`).waitFor({ timeout: UI_TIMEOUT });
						const eventName = trigger.properties.find((p) => p.name === 'event').options.find((o) => o.value === table.editor.triggerEvent).name;
						const triggerItem = creator
							.locator(`[data-test-id="item-iterator-item"][data-keyboard-nav-id^="${PACKAGE}.${table.trigger}-"]`)
							.filter({ hasText: new RegExp(eventName, 'i') })
							.first();
						await triggerItem.click();
						const ndv = page.locator('[data-test-id="ndv"]').first();
						await ndv.waitFor({ timeout: UI_TIMEOUT });
						await assertCredential(ndv, table.label);
						await assertFields(
							ndv,
							[{ name: 'pollTimes', displayName: 'Poll Times' }, ...visibleParameters(trigger, { event: table.editor.triggerEvent })],
							`${table.trigger} ${table.editor.triggerEvent}`,
						);
						await shot(page, `${slug}-trigger.png`);
						await closeNdv(page);
						await assertOurIcon(page.locator('[data-test-id="canvas-node"]').first(), `${table.trigger} on the canvas`);
					}

					// Then the action node, from the panel n8n opens after a trigger.
					const { resource, operation } = table.editor.action;
					const chosen = operationsOf(action).find((o) => o.resource === resource && o.operation === operation);
					await page.locator('[data-test-id="node-creator-plus-button"]').click();
					await search(page, table.label);
					await ourItem(page, table.node).click();
					for (const op of operationsOf(action)) {
						await creator.getByText(op.action, { exact: true }).first().waitFor({ timeout: UI_TIMEOUT });
					}
					await shot(page, `${slug}-actions.png`);
					await creator.locator('[data-test-id="item-iterator-item"]').filter({ hasText: new RegExp(`^\\s*${chosen.action}\\s*$`) }).first().click();
					const ndv = page.locator('[data-test-id="ndv"]').first();
					await ndv.waitFor({ timeout: UI_TIMEOUT });
					await assertCredential(ndv, table.label);
					await assertFields(ndv, visibleParameters(action, { resource, operation }), `${table.node} ${resource}.${operation}`);
					// With options to load, the picture is taken on re-opening (see KNOWN_NOISE).
					const live = table.editor.liveOptions;
					if (!live) await shot(page, `${slug}-node.png`);
					// The pipeline's own option (nodes/shared/send.ts) is in the send's Options list. n8n
					// shows "Add Option" as a list to choose from (several options) or as a button that
					// adds the only one (Messangi's Send): either way Smart Encoding must show.
					await ndv.getByText('Add Option', { exact: true }).or(ndv.getByPlaceholder('Add Option')).first().click();
					await page
						.locator('.el-select-dropdown__item:visible')
						.filter({ hasText: /^\s*Smart Encoding\s*$/ })
						.or(ndv.getByText('Smart Encoding', { exact: true }))
						.first()
						.waitFor({ timeout: UI_TIMEOUT });
					// A list left open is closed; with none, Escape would close the whole panel.
					if ((await page.locator('.el-select-dropdown__item:visible').count()) > 0) await page.keyboard.press('Escape');
					await closeNdv(page);

					// Options the node loads from the gateway: the sandbox's data, changed just now.
					if (live) {
						await stack.sandboxes[table.provider].reset();
						if (live.arrange) await live.arrange(stack.sandboxes[table.provider]);
						const loaded = page.waitForResponse(
							(r) => r.url().endsWith('/rest/dynamic-node-parameters/options') && (r.request().postData() || '').includes(`"parameters.${live.parameter}"`),
							{ timeout: UI_TIMEOUT },
						);
						await page.locator('[data-test-id="canvas-node"]').filter({ hasText: chosen.action }).first().dblclick();
						await ndv.waitFor({ timeout: UI_TIMEOUT });
						const response = await loaded;
						assert.equal(response.status(), 200, `loading the ${live.parameter} options: ${await response.text()}`);
						const options = page.locator('.el-select-dropdown__item:visible');
						// A click while the panel still settles can be lost: try a few times.
						for (let attempt = 1; ; attempt++) {
							await ndv.locator(`[data-test-id="parameter-input-${live.parameter}"]`).click();
							try {
								await options.first().waitFor({ timeout: 3_000 });
								break;
							} catch (error) {
								if (attempt === 3) throw error;
							}
						}
						const shown = (await options.allInnerTexts()).map((t) => t.trim());
						assert.deepEqual(shown, live.expect, `the ${live.parameter} list shows the gateway's data`);
						await shot(page, `${slug}-${live.parameter}-options.png`);
						await page.keyboard.press('Escape');
						await options.first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
						assert.equal(await ndv.getByText(/Error fetching options/).count(), 0, 'the re-opened node shows no loading error');
						await shot(page, `${slug}-node.png`);
					}

					const { unexplained, explained } = console.classify();
					if (explained.length) log(`${table.label} editor: ignored n8n console errors: ${[...new Set(explained)].join('; ')}`);
					assert.deepEqual(
						unexplained.map((e) => `${e.text} ${e.url} ${e.body || ''}`.trim()),
						[],
						'browser console errors',
					);
				} catch (error) {
					await page.screenshot({ path: path.join(ROOT, 'test-results', `editor-${slug}-failure.png`) }).catch(() => {});
					throw error;
				} finally {
					await page.close({ runBeforeUnload: false });
				}
			});
		}
	});
};
