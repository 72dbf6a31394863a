'use strict';
/**
 * The four single-service packages (n8n-nodes-msegat, -smsgic, -messangi, -smsclub) beside the
 * all-in-one n8n-nodes-sms-gateways, all built from this one repository.
 *
 * Why each has a committed folder packages/<name>/ holding its package.json: n8n verifies only
 * packages that integrate one service, and its scanner (@n8n/scan-community-package
 * `findPackageRoot`) lints the source at the commit the npm provenance names, looking there for
 * the package.json whose `name` is the package's. So the manifest lives in the repository; what
 * the build writes beside it (dist/, README.md, LICENSE, CHANGELOG.md) is ignored by git.
 *
 * The nodes' code is not built twice: esbuild bundles every node and credential entry into a
 * self-contained file (no code splitting), so a package's dist is a copy of its files from the
 * main dist. Only the codex files change: their `node` field names the node type (n8n types a
 * community node `<package name>.<node name>`) and their documentation link is the package's own.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PACKAGES_DIR = path.join(ROOT, 'packages');
const MAIN = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const REPOSITORY = MAIN.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** The single-service packages, from their committed manifests: [{ name, dir, pkg, provider }]. */
function singlePackages() {
	return fs
		.readdirSync(PACKAGES_DIR, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && fs.existsSync(path.join(PACKAGES_DIR, entry.name, 'package.json')))
		.map((entry) => {
			const dir = path.join(PACKAGES_DIR, entry.name);
			const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
			// n8n-nodes-msegat → msegat: the README's <!-- provider:msegat --> section
			return { name: pkg.name, dir, pkg, provider: pkg.name.replace(/^n8n-nodes-/, '') };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every package this repository publishes, the all-in-one first. */
function allPackages() {
	return [{ name: MAIN.name, dir: ROOT, pkg: MAIN, provider: null }, ...singlePackages()];
}

/** The text between <!-- provider:id --> and <!-- /provider:id --> in the main README. */
function providerSection(readme, provider) {
	const match = new RegExp(`<!-- provider:${provider} -->\\n([\\s\\S]*?)<!-- /provider:${provider} -->`).exec(readme);
	if (!match) throw new Error(`README.md has no <!-- provider:${provider} --> section`);
	return match[1].trim();
}

/** Links relative to the repository (files, the README's own anchors) made absolute for npm. */
function absoluteLinks(markdown) {
	return markdown.replace(/\]\((?!https?:|mailto:)([^)\s]+)\)/g, (_, target) =>
		target.startsWith('#') ? `](${REPOSITORY}${target})` : `](${REPOSITORY}/blob/main/${target})`,
	);
}

function exampleWorkflows(single) {
	const examplesDir = path.join(ROOT, 'examples');
	const ours = new Set(single.pkg.n8n.nodes.map((file) => path.basename(file, '.node.js').replace(/^./, (c) => c.toLowerCase())));
	return fs
		.readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json'))
		.filter((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
			const types = workflow.nodes.map((n) => n.type).filter((t) => t.startsWith(`${MAIN.name}.`));
			return types.length > 0 && types.every((t) => ours.has(t.slice(MAIN.name.length + 1)));
		})
		.map((file) => ({ file, name: JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8')).name }));
}

/** The command that moves a workflow file between the all-in-one and a single package. */
function migrationCommand(from, to, file = 'workflow.json') {
	return `sed -i 's/"${from.replace(/\./g, '\\.')}\\./"${to}./g' ${file}`;
}

/** README.md of a single package: its gateway's section of the main README, and how to install it. */
function packageReadme(single, mainReadme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')) {
	const section = providerSection(mainReadme, single.provider);
	const label = /^### (.+)$/m.exec(section)[1];
	const body = section
		.replace(/^(#{3,6}) /gm, (_, hashes) => `${hashes.slice(1)} `)
		// "see *Rate limits* above": above is the main README's shared section
		.replace(/\*([^*\n]+)\* above/g, (_, title) => `*${title}* in [the project's README](#what-every-node-does-the-same-way)`);
	const examples = exampleWorkflows(single);
	const lines = [
		`# ${single.name}`,
		'',
		`${single.pkg.description}`,
		'',
		`An action node, a polling trigger node and a credential for ${label}, nothing else: this is the`,
		`${label} part of [${MAIN.name}](${REPOSITORY}), built from the same code, for n8n Cloud and`,
		'instances that install verified community nodes only.',
		'',
		'## Install',
		'',
		`- **Community Nodes:** in n8n, *Settings → Community Nodes → Install*, enter \`${single.name}\`.`,
		`- **Manually:** in your n8n user folder (\`~/.n8n\`), \`mkdir -p nodes && cd nodes && npm install ${single.name}\`, then restart n8n.`,
		'',
		'The package has no runtime dependencies.',
		'',
		`Coming from \`${MAIN.name}\`? The credential is the same (\`${single.pkg.n8n.credentials.map((f) => path.basename(f, '.credentials.js').replace(/^./, (c) => c.toLowerCase())).join('`, `')}\`), the node types`,
		`differ by their prefix (\`${single.name}.\` instead of \`${MAIN.name}.\`). Install this package, then for`,
		'each workflow exported as JSON:',
		'',
		'```sh',
		migrationCommand(MAIN.name, single.name),
		'```',
		'',
		'and import it again. Keep only one of the two packages installed.',
		'',
		body,
		'',
		'## How every node behaves',
		'',
		`Numbers, the output of a send, retries (a send is never repeated), rate limits, errors and what`,
		`every trigger guarantees are described once for all gateways in [the project's README](${REPOSITORY}#what-every-node-does-the-same-way).`,
		'',
	];
	if (examples.length) {
		lines.push('## Examples', '');
		for (const { file, name } of examples) lines.push(`- [${name}](${REPOSITORY}/blob/main/examples/${file})`);
		lines.push('', `The example files use the all-in-one's types; run the command above on them before importing.`, '');
	}
	lines.push('## License', '', `MIT, see [LICENSE](LICENSE).`, '');
	return absoluteLinks(lines.join('\n'));
}

/**
 * CHANGELOG.md of a package. The main CHANGELOG.md tags each entry with the gateway it concerns
 * (`- Msegat: ...`) or `- All: ...`; a single package keeps its own and the common ones.
 */
function packageChangelog(single, label, mainChangelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')) {
	const labels = ['All', label];
	const kept = [];
	let keep = true;
	for (const line of mainChangelog.split('\n')) {
		const entry = /^- ([A-Za-z]+): /.exec(line);
		if (entry) keep = labels.includes(entry[1]);
		else if (!/^\s/.test(line)) keep = true; // headings and blank lines end an entry
		if (keep) kept.push(line);
	}
	// the main file's introduction is about splitting it; a package's own says what it follows
	return kept
		.join('\n')
		.replace(/^# Changelog\n\n[\s\S]*?\n\n(?=## )/, `# Changelog of ${single.name}\n\n${label} entries and those of all gateways from [${MAIN.name}](${REPOSITORY}/blob/main/CHANGELOG.md); one version for all its packages.\n\n`);
}

/** The gateway's display name, from its README section heading (### Msegat). */
function providerLabel(single, mainReadme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')) {
	return /^### (.+)$/m.exec(providerSection(mainReadme, single.provider))[1];
}

/**
 * Writes packages/<name>/{dist,README.md,LICENSE,CHANGELOG.md} from the main build in dist/.
 * Returns the files written per package, relative to its folder.
 */
function buildSinglePackages() {
	const mainReadme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const built = {};
	for (const single of singlePackages()) {
		const out = path.join(single.dir, 'dist');
		fs.rmSync(out, { recursive: true, force: true });
		const files = [];
		const copy = (relative, transform) => {
			const from = path.join(ROOT, relative);
			if (!fs.existsSync(from)) throw new Error(`${single.name}: ${relative} is not in the main build (is it in the main package.json?)`);
			const to = path.join(single.dir, relative);
			fs.mkdirSync(path.dirname(to), { recursive: true });
			if (transform) fs.writeFileSync(to, transform(fs.readFileSync(from, 'utf8')));
			else fs.copyFileSync(from, to);
			files.push(relative);
		};
		for (const file of [...single.pkg.n8n.nodes, ...single.pkg.n8n.credentials]) {
			copy(file);
			if (fs.existsSync(path.join(ROOT, `${file}.map`))) copy(`${file}.map`);
			const code = fs.readFileSync(path.join(ROOT, file), 'utf8');
			// icons: 'file:../../icons/msegat.svg' is relative to the file that names it
			for (const [, icon] of code.matchAll(/file:([^'"`]+\.svg)/g)) {
				const relative = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), icon));
				if (!files.includes(relative)) copy(relative);
			}
			const codex = file.replace(/\.js$/, '.json');
			if (fs.existsSync(path.join(ROOT, codex))) {
				copy(codex, (text) => {
					const json = JSON.parse(text);
					json.node = json.node.replace(`${MAIN.name}.`, `${single.name}.`);
					// the node's documentation link: this package's README rather than the all-in-one's section
					return `${JSON.stringify(json, null, '\t').replaceAll(`"${REPOSITORY}#${single.provider}"`, `"${single.pkg.homepage}"`)}\n`;
				});
			}
		}
		const label = providerLabel(single, mainReadme);
		fs.writeFileSync(path.join(single.dir, 'README.md'), packageReadme(single, mainReadme));
		fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(single.dir, 'LICENSE'));
		fs.writeFileSync(path.join(single.dir, 'CHANGELOG.md'), packageChangelog(single, label));
		built[single.name] = [...files.map((f) => f), 'README.md', 'LICENSE', 'CHANGELOG.md'];
	}
	return built;
}

/** Files npm puts in every tarball (package.json, README, LICENSE) and the CHANGELOG we list. */
const ALWAYS = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);

/**
 * Problems with a tarball's file list (paths inside the package) and contents (read(path) → text);
 * [] when it holds only its own files: the documents and dist/, no sources or tests, a source map
 * only beside its bundle, and for a single-service package only its gateway's files, naming no
 * other gateway.
 */
function contentProblems({ name, provider, pkg }, files, read) {
	const problems = [];
	const declared = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	for (const file of declared) if (!files.includes(file)) problems.push(`declares ${file} but does not ship it`);
	for (const file of files) {
		if (ALWAYS.has(file) || (name === MAIN.name && file === 'index.js')) continue;
		if (!file.startsWith('dist/')) problems.push(`${file}: only dist/ and the package's documents belong in the tarball`);
		else if (/\.js\.map$/.test(file)) {
			if (!files.includes(file.replace(/\.map$/, ''))) problems.push(`${file}: a source map without its bundle`);
		} else if (!/\.(js|json|svg)$/.test(file) || /\.d\.ts$|\.map$/.test(file)) problems.push(`${file}: not a built node, credential, codex file or icon`);
		else if (/(^|\/)(test|tests|__tests__)\//.test(file)) problems.push(`${file}: a test`);
	}
	if (provider) {
		const others = singlePackages().map((p) => p.provider).filter((g) => g !== provider);
		for (const file of files) {
			if (ALWAYS.has(file)) continue;
			const own = file.toLowerCase().includes(provider);
			if (!own) problems.push(`${file}: not a ${provider} file`);
			const text = read(file).toLowerCase();
			for (const other of others) if (text.includes(other)) problems.push(`${file} names another gateway (${other})`);
		}
	}
	return problems;
}

module.exports = {
	contentProblems,
	ROOT,
	PACKAGES_DIR,
	MAIN,
	REPOSITORY,
	singlePackages,
	allPackages,
	providerSection,
	providerLabel,
	packageReadme,
	packageChangelog,
	migrationCommand,
	buildSinglePackages,
};
