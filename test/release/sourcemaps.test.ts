/**
 * The build's source maps (gulpfile.js: linked, without sources): an error raised inside a bundle,
 * read by a Node that applies source maps (`--enable-source-maps`, as `npm start` runs n8n), names
 * our TypeScript file and line; without the flag it names the bundle, so the first check can fail.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'nodes', 'Msegat', 'Msegat.node.js');

// An unknown operation makes the shared router (nodes/shared/router.ts) raise an n8n error.
const SCRIPT = `
const { Msegat } = require(${JSON.stringify(BUNDLE)});
const ctx = {
	getInputData: () => [{ json: {} }],
	getNodeParameter: () => 'noSuchOperation',
	getNode: () => ({ id: '1', name: 'Msegat', type: 'n8n-nodes-sms-gateways.msegat', typeVersion: 1, position: [0, 0], parameters: {} }),
};
new Msegat().execute.call(ctx).then(
	() => { console.log('no error'); },
	(error) => { console.log(error.stack); },
);
`;

function stackOf(flags: string[]): string {
	const run = spawnSync(process.execPath, [...flags, '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
	expect(run.stderr).toBe('');
	return run.stdout;
}

describe('source maps of the build', () => {
	beforeAll(() => {
		if (!fs.existsSync(`${BUNDLE}.map`)) throw new Error('run `npm run build` first (no dist/nodes/Msegat/Msegat.node.js.map)');
	});

	it('a stack trace names our TypeScript when Node applies the maps', () => {
		const stack = stackOf(['--enable-source-maps']);
		expect(stack).toMatch(/not supported by this node version/);
		expect(stack).toMatch(/nodes\/shared\/router\.ts:\d+:\d+/);
	});

	it('without them it names the bundle (the check above can fail)', () => {
		const stack = stackOf([]);
		expect(stack).toMatch(/dist\/nodes\/Msegat\/Msegat\.node\.js:\d+:\d+/);
		expect(stack).not.toMatch(/router\.ts/);
	});

	it('the maps carry no source text, so the package ships no source', () => {
		const map = JSON.parse(fs.readFileSync(`${BUNDLE}.map`, 'utf8'));
		expect(map.sources).toEqual(expect.arrayContaining([expect.stringMatching(/nodes\/shared\/router\.ts$/)]));
		expect(map.sourcesContent).toBeUndefined();
	});
});
