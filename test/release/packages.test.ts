/**
 * The five packages this repository publishes (scripts/packages.js) and the GitHub workflows that
 * publish them. The built files are read from packages/<name>/, written by `npm run build`
 * (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const packages = require('../../scripts/packages.js');
const yaml = require('js-yaml');

const { ROOT, MAIN } = packages;
const singles: Array<{ name: string; dir: string; provider: string; pkg: any }> = packages.singlePackages();
const GATEWAYS = ['msegat', 'smsgic', 'messangi', 'smsclub'];

function filesUnder(dir: string): string[] {
	return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
		.sort();
}

describe('single-service packages: manifests', () => {
	it('there is one per gateway, named n8n-nodes-<gateway>', () => {
		expect(singles.map((s) => s.name)).toEqual(GATEWAYS.map((g) => `n8n-nodes-${g}`).sort());
	});

	it.each(singles.map((s) => [s.name, s]))('%s has the starter shape, the main version and its gateway only', (_, single: any) => {
		const { pkg, provider } = single;
		expect(pkg.version).toBe(MAIN.version);
		expect(pkg.license).toBe('MIT');
		expect(pkg.author).toEqual(MAIN.author);
		expect(pkg.repository).toEqual({ ...MAIN.repository, directory: `packages/${single.name}` });
		expect(pkg.homepage).toBe(`${packages.REPOSITORY}/tree/main/packages/${single.name}#readme`);
		expect(pkg.keywords).toEqual(expect.arrayContaining(['n8n-community-node-package', provider]));
		expect(pkg.files).toEqual(['dist', 'CHANGELOG.md']);
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.scripts).toBeUndefined();
		// one node, its trigger, one credential, each also in the all-in-one
		expect(pkg.n8n.nodes).toHaveLength(2);
		expect(pkg.n8n.nodes[1]).toBe(pkg.n8n.nodes[0].replace(/\.node\.js$/, 'Trigger.node.js'));
		expect(pkg.n8n.credentials).toHaveLength(1);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect([...MAIN.n8n.nodes, ...MAIN.n8n.credentials]).toContain(file);
			expect(file.toLowerCase()).toContain(provider);
		}
	});

	it('together they are the all-in-one: every node and credential in exactly one of them', () => {
		const split = singles.flatMap((s) => [...s.pkg.n8n.nodes, ...s.pkg.n8n.credentials]).sort();
		expect(split).toEqual([...MAIN.n8n.nodes, ...MAIN.n8n.credentials].sort());
	});
});

describe('single-service packages: what the build wrote', () => {
	beforeAll(() => {
		const missing = singles.filter((s) => !fs.existsSync(path.join(s.dir, 'dist')));
		if (missing.length) throw new Error(`run \`npm run build\` first (no dist in ${missing.map((s) => s.name).join(', ')})`);
	});

	it.each(singles.map((s) => [s.name, s]))('%s: dist holds its node, trigger, credential, their source maps, codex files and icons, nothing else', (_, single: any) => {
		const { pkg, provider } = single;
		const files = filesUnder(path.join(single.dir, 'dist')).map((f) => `dist/${f}`);
		const bundles = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		const expected = [
			...bundles,
			...bundles.map((f: string) => `${f}.map`),
			...pkg.n8n.nodes.map((f: string) => f.replace(/\.js$/, '.json')),
			`dist/icons/${provider}.svg`,
			`dist/icons/${provider}.dark.svg`,
		].sort();
		expect(files).toEqual(expected);
		for (const node of pkg.n8n.nodes) {
			const codex = JSON.parse(fs.readFileSync(path.join(single.dir, node.replace(/\.js$/, '.json')), 'utf8'));
			const nodeName = path.basename(node, '.node.js').replace(/^./, (c: string) => c.toLowerCase());
			expect(codex.node).toBe(`${single.name}.${nodeName}`);
		}
	});

	it.each(singles.map((s) => [s.name, s]))('%s: its bundle names no other gateway', (_, single: any) => {
		const others = GATEWAYS.filter((g) => g !== single.provider);
		const found: string[] = [];
		for (const file of filesUnder(path.join(single.dir, 'dist'))) {
			const text = fs.readFileSync(path.join(single.dir, 'dist', file), 'utf8').toLowerCase();
			for (const other of others) if (text.includes(other)) found.push(`${file}: ${other}`);
		}
		expect(found).toEqual([]);
		// and the check sees a name when there is one: the all-in-one's Msegat bundle imports nothing of SMSClub,
		// but the all-in-one's package.json names every gateway
		expect(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8').toLowerCase()).toContain(others[0]);
	});

	it.each(singles.map((s) => [s.name, s]))('%s: README is its section of the main README, LICENSE the repository\'s', (_, single: any) => {
		const readme = fs.readFileSync(path.join(single.dir, 'README.md'), 'utf8');
		const section: string = packages.providerSection(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), single.provider);
		// every line of the section is there (headings one level up; lines with links or "see ... above"
		// rewritten for npm, where relative links and the main README's other sections do not exist)
		for (const line of section.split('\n').filter((l: string) => l.trim() && !l.includes('](') && !/\* above/.test(l))) {
			expect(readme).toContain(line.replace(/^###/, '##'));
		}
		expect(readme).toContain(`npm install ${single.name}`);
		expect(readme).not.toMatch(/\]\((?!https?:)/); // no link that would break on npm
		expect(fs.readFileSync(path.join(single.dir, 'LICENSE'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
		const changelog = fs.readFileSync(path.join(single.dir, 'CHANGELOG.md'), 'utf8');
		const label = packages.providerLabel(single);
		expect(changelog).toMatch(new RegExp(`^- ${label}: `, 'm'));
		for (const other of singles.filter((s) => s !== single)) {
			expect(changelog).not.toMatch(new RegExp(`^- ${packages.providerLabel(other)}: `, 'm'));
		}
	});

	it('the one-line migration in the README moves an example workflow to the single package', () => {
		const msegat = singles.find((s) => s.provider === 'msegat')!;
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
		try {
			const file = path.join(dir, 'workflow.json');
			fs.copyFileSync(path.join(ROOT, 'examples', 'otp-verification.json'), file);
			const command: string = packages.migrationCommand(MAIN.name, msegat.name);
			expect(fs.readFileSync(path.join(msegat.dir, 'README.md'), 'utf8')).toContain(command);
			execFileSync('sh', ['-c', command], { cwd: dir });
			const types = JSON.parse(fs.readFileSync(file, 'utf8')).nodes.map((n: any) => n.type);
			expect(types).toContain('n8n-nodes-msegat.msegat');
			expect(types.filter((t: string) => !t.startsWith('n8n-nodes-base.') && !t.startsWith('@n8n/'))).toEqual(
				types.filter((t: string) => t.startsWith('n8n-nodes-msegat.')),
			);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('tarball contents check (release:check)', () => {
	const msegat = () => singles.find((s) => s.provider === 'msegat')!;
	const own = [
		'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md',
		'dist/nodes/Msegat/Msegat.node.js', 'dist/nodes/Msegat/Msegat.node.json',
		'dist/nodes/Msegat/MsegatTrigger.node.js', 'dist/credentials/MsegatApi.credentials.js', 'dist/icons/msegat.svg',
	];
	const text = (files: Record<string, string>) => (file: string) => files[file] ?? 'module.exports = { name: "msegat" };';

	it('passes a tarball of its own files, source maps beside their bundles included', () => {
		expect(packages.contentProblems(msegat(), own, text({}))).toEqual([]);
		expect(packages.contentProblems(msegat(), [...own, 'dist/nodes/Msegat/Msegat.node.js.map'], text({}))).toEqual([]);
	});

	it.each([
		['another gateway\'s file', 'dist/nodes/SmsClub/SmsClub.node.js', /not a msegat file/],
		['a TypeScript source', 'dist/nodes/Msegat/transport.ts', /not a built node/],
		['a source map without its bundle', 'dist/nodes/Msegat/MsegatOld.node.js.map', /a source map without its bundle/],
		['a map of something else', 'dist/nodes/Msegat/Msegat.node.json.map', /not a built node/],
		['a test outside dist', 'test/Msegat/msegat.test.js', /only dist\//],
		['a test inside dist', 'dist/test/msegat.test.js', /a test/],
	])('refuses %s', (_, extra, problem) => {
		expect(packages.contentProblems(msegat(), [...own, extra], text({})).join('\n')).toMatch(problem);
	});

	it('refuses a bundle that names another gateway, and a declared file that is missing', () => {
		const problems = packages.contentProblems(msegat(), own.filter((f) => !f.includes('Trigger')), text({ 'dist/nodes/Msegat/Msegat.node.js': 'const url = "https://im.smsclub.mobi"' }));
		expect(problems).toEqual(expect.arrayContaining([
			'dist/nodes/Msegat/Msegat.node.js names another gateway (smsclub)',
			'declares dist/nodes/Msegat/MsegatTrigger.node.js but does not ship it',
		]));
	});
});

describe('GitHub workflows', () => {
	const workflow = (name: string) => yaml.load(fs.readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8'));
	const steps = (wf: any) => Object.values(wf.jobs).flatMap((job: any) => job.steps);
	const runLines = (wf: any): string[] =>
		steps(wf).flatMap((s: any) => (s.run ? String(s.run).split('\n') : [])).map((l: string) => l.trim()).filter(Boolean);

	it.each(['ci.yml', 'publish.yml'])('%s is valid YAML and every command it runs exists', (name) => {
		const wf = workflow(name);
		expect(wf.name).toEqual(expect.any(String));
		expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
		const scripts = Object.keys(MAIN.scripts);
		const lines = runLines(wf);
		expect(lines.length).toBeGreaterThan(0);
		for (const line of lines) {
			for (const [, script] of line.matchAll(/npm run ([\w:-]+)/g)) expect(scripts).toContain(script);
			for (const [, file] of line.matchAll(/(?:^|\s)(\.\/[\w./-]+|node (?:scripts|test)\/[\w./-]+)/g)) {
				const target = file.replace(/^node /, '');
				expect(fs.existsSync(path.join(ROOT, target))).toBe(true);
			}
		}
		for (const step of steps(wf)) expect(step.uses || step.run).toBeTruthy();
		// no npm token in the repository's workflows: trusted publishing only
		expect(JSON.stringify(wf)).not.toMatch(/secrets\.|NPM_TOKEN|NODE_AUTH_TOKEN/);
	});

	it('ci.yml runs .ci/run on pushes to main and on pull requests, within the 90 minutes', () => {
		const wf = workflow('ci.yml');
		expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
		expect(wf.on.push.branches).toEqual(['main']);
		expect(runLines(wf)).toContain('./.ci/run');
		expect(fs.statSync(path.join(ROOT, '.ci', 'run')).mode & 0o111).not.toBe(0);
		expect(Object.values(wf.jobs).every((job: any) => job['timeout-minutes'] <= 90)).toBe(true);
	});

	it('publish.yml publishes all five packages with provenance on a version tag, after the tests', () => {
		const wf = workflow('publish.yml');
		expect(Object.keys(wf.on)).toEqual(['push']);
		expect(wf.on.push.tags).toEqual(['v*.*.*']);
		const publish = wf.jobs.publish;
		expect(publish.needs).toBe('test');
		expect(publish.permissions['id-token']).toBe('write');
		expect(runLines({ jobs: { test: wf.jobs.test } })).toContain('./.ci/run');
		const script = runLines({ jobs: { publish } }).join('\n');
		expect(script).toContain('npm publish --provenance --access public');
		expect(script).toContain('for dir in . packages/*/; do');
		expect(script).toContain('npm run release:check -- --tag "$GITHUB_REF_NAME"');
		// the loop's folders are the five packages
		const dirs = ['.', ...fs.readdirSync(path.join(ROOT, 'packages')).filter((d) => fs.existsSync(path.join(ROOT, 'packages', d, 'package.json')))];
		expect(dirs.map((d) => JSON.parse(fs.readFileSync(path.join(ROOT, d === '.' ? '' : `packages/${d}`, 'package.json'), 'utf8')).name).sort()).toEqual(
			packages.allPackages().map((p: any) => p.name).sort(),
		);
		// trusted publishing needs npm 11.5.1+, which comes with Node 24
		const setup = publish.steps.find((s: any) => String(s.uses).startsWith('actions/setup-node'));
		expect(Number(setup.with['node-version'])).toBeGreaterThanOrEqual(24);
	});
});
