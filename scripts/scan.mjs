// Runs n8n's community-package scanner (@n8n/scan-community-package) on this package as it
// would be published: `npm pack`, unpack, then the scanner's two legs, the source leg
// (package.json, nodes/, credentials/) and the tarball leg (compiled .js + package.json).
// The scanner's provenance check needs a package published from CI with npm provenance;
// it cannot run on an unpublished package and is the only part skipped here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root })
		.toString().trim().split('\n').pop();
	const unpacked = path.join(work, 'package');
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work]);
	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	const dist = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	let failed = false;
	for (const [leg, result] of [['source', source], ['tarball', dist]]) {
		if (result.passed) {
			console.log(`scan ${leg}: passed`);
		} else {
			failed = true;
			console.log(`scan ${leg}: FAILED: ${result.message}`);
			if (result.details) console.log(result.details);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
