/**
 * Build: every node and credential listed in package.json is bundled by esbuild into dist/,
 * keeping n8n-workflow (provided by n8n) and Node built-ins external. Whatever else the nodes
 * use at run time (fast-xml-parser) ends up inside dist, so the package has no runtime
 * dependencies. Icons are copied next to the files that reference them.
 *
 * The same build then writes the four single-service packages (packages/<name>/, see
 * scripts/packages.js): their files copied from dist, their README from this README's section.
 */
const { src, dest, series } = require('gulp');
const path = require('path');
const fs = require('fs');
const esbuild = require('esbuild');
const pkg = require('./package.json');
const { buildSinglePackages } = require('./scripts/packages');

function clean(done) {
	fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
	done();
}

async function bundle() {
	const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((file) =>
		file.replace(/^dist\//, '').replace(/\.js$/, '.ts'),
	);
	await esbuild.build({
		entryPoints: entries,
		outbase: '.',
		outdir: 'dist',
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['n8n-workflow'],
		// Linked maps beside each bundle, without the sources in them: a stack trace read with
		// Node's --enable-source-maps (as `npm start` runs n8n) names our TypeScript file and line,
		// e.g. nodes/shared/router.ts:123, while the package ships no source.
		sourcemap: 'linked',
		sourcesContent: false,
		legalComments: 'inline',
		logLevel: 'warning',
	});
}

function copyAssets() {
	// icons/ sits beside nodes/ and credentials/ in dist, so `file:../../icons/x.svg` from a node
	// and `file:../icons/x.svg` from a credential both resolve; codex files sit beside their node.
	return src(['icons/**/*.svg', 'nodes/**/*.json'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function singlePackages(done) {
	buildSinglePackages();
	done();
}

exports.clean = clean;
exports.build = series(clean, bundle, copyAssets, singlePackages);
exports.default = exports.build;
