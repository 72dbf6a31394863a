// `npm run release:check`: everything a release does short of publishing, for each of the five
// packages (the all-in-one and the four single-service ones, see scripts/packages.js):
//   1. build them (gulp build writes dist/ and packages/<name>/);
//   2. `npm pack` each, and check the tarball holds only that package's own files: package.json,
//      README, LICENSE, CHANGELOG and dist/ (no sources, no tests, no maps), and for a
//      single-service package only its gateway's node, trigger, credential, icons and codex
//      files, with no other gateway's name anywhere in them;
//   3. n8n's scanner (@n8n/scan-community-package), leg by leg as `analyzePackageByName` runs it
//      on a published version: it finds the package's folder in the source by its package.json
//      name (`findPackageRoot`) and lints it, then lints the tarball's compiled .js and
//      package.json with the official rules (@n8n/eslint-plugin-community-nodes recommended and
//      eslint-plugin-n8n-nodes-base, configured as `n8n-node lint` does). Its first leg, the npm
//      provenance statement, exists only for a version published from GitHub Actions
//      (.github/workflows/publish.yml): it is skipped here, and says so;
//   4. `npm publish --dry-run` on the tarball;
// and that all five have one version (with `-- --tag v1.2.3`, the tag's: publish.yml passes it).
// Exits non-zero when any leg of any package fails.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { analyzePackage, findPackageRoot, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const require = createRequire(import.meta.url);
const { ROOT, allPackages, contentProblems } = require('./packages.js');

function sh(command, args, options = {}) {
	return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

async function checkPackage(entry, work) {
	const results = [];
	const leg = (name, passed, detail = '') => {
		results.push({ name, passed });
		console.log(`  ${passed === null ? 'skipped' : passed ? 'ok     ' : 'FAILED '} ${name}${detail ? `: ${detail}` : ''}`);
	};
	console.log(`${entry.name}@${entry.pkg.version} (${path.relative(ROOT, entry.dir) || '.'})`);
	const destination = fs.mkdtempSync(path.join(work, `${entry.name}-`));
	const packed = JSON.parse(sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: entry.dir }))[0];
	const tarball = path.join(destination, packed.filename);
	const files = packed.files.map((f) => f.path).sort();
	sh('tar', ['-xzf', tarball, '-C', destination]);
	const unpacked = path.join(destination, 'package');

	const problems = contentProblems(entry, files, (file) => fs.readFileSync(path.join(unpacked, file), 'utf8'));
	leg(`tarball holds only its own files (${files.length} files, ${Math.round(packed.size / 1024)} kB)`, problems.length === 0, problems.join('; '));

	leg('provenance', null, 'a provenance statement exists only for a version published by GitHub Actions (publish.yml); n8n checks it then');

	// As the scanner finds the package in the source checkout of the attested commit.
	const sourceRoot = findPackageRoot(ROOT, entry.name);
	const expected = path.resolve(entry.dir);
	leg('scanner finds the package in the source by its name', sourceRoot && path.resolve(sourceRoot) === expected, sourceRoot ? path.relative(ROOT, sourceRoot) || '.' : 'not found');
	const source = await analyzePackage(expected, SOURCE_FILE_PATTERNS);
	// A single-service folder holds only its package.json: its nodes' sources are the repository's
	// nodes/ and credentials/, which this leg lints for the all-in-one (and `npm run lint` too).
	const sourceScope = entry.provider ? 'package.json' : 'package.json, nodes/, credentials/';
	leg(`scanner source leg (${sourceScope})`, source.passed, source.passed ? '' : `${source.message}\n${source.details || ''}`);
	const dist = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	leg('scanner tarball leg: the official lint rules on package.json and dist/**/*.js', dist.passed, dist.passed ? '' : `${dist.message}\n${dist.details || ''}`);

	try {
		const out = sh('npm', ['publish', '--dry-run', '--access', 'public', '--ignore-scripts', tarball], { cwd: work });
		leg('npm publish --dry-run', true, out.trim().split('\n').pop());
	} catch (error) {
		leg('npm publish --dry-run', false, String(error.stderr || error.message).trim().split('\n').slice(-3).join(' '));
	}
	return results;
}

/** One version for all five packages, and the release tag's (`--tag v0.2.0`) when given. */
function versionProblems(tag) {
	const versions = allPackages().map((p) => `${p.name}@${p.pkg.version}`);
	const distinct = new Set(allPackages().map((p) => p.pkg.version));
	const problems = distinct.size === 1 ? [] : [`the packages' versions differ: ${versions.join(', ')}`];
	if (tag !== undefined && tag.replace(/^v/, '') !== allPackages()[0].pkg.version) {
		problems.push(`the tag ${tag} is not the packages' version ${allPackages()[0].pkg.version}`);
	}
	return problems;
}

async function main() {
	const tagAt = process.argv.indexOf('--tag');
	const problems = versionProblems(tagAt > 0 ? process.argv[tagAt + 1] || '' : undefined);
	console.log(`versions: ${problems.length ? `FAILED: ${problems.join('; ')}` : `ok, ${allPackages()[0].pkg.version}${tagAt > 0 ? ' as tagged' : ''}`}`);
	let failed = problems.length;
	console.log('building the five packages (gulp build)');
	sh('npx', ['gulp', 'build'], { cwd: ROOT });
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-release-check-'));
	try {
		for (const entry of allPackages()) {
			const results = await checkPackage(entry, work);
			failed += results.filter((r) => r.passed === false).length;
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	console.log(failed ? `release check: ${failed} leg(s) FAILED` : `release check: all ${allPackages().length} packages ready to publish (provenance is added by publish.yml)`);
	process.exitCode = failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
