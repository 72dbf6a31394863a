/**
 * node:test reporter that prints one closing line, `N passed, N failed`, alone on its line: the
 * format CI reads whatever runner produced it. Skipped tests (providers not in package.json yet)
 * are named on the line before, so a skip is never mistaken for a pass.
 *
 * It counts as node's own spec summary does (`ℹ tests`, `ℹ pass`, `ℹ fail`): every test, those
 * holding steps included, but no `describe` suite, so the log shows one count, not two.
 */
export default async function* summary(source) {
	let passed = 0;
	let failed = 0;
	const skipped = [];
	for await (const event of source) {
		if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
		const { data } = event;
		if (data.skip !== undefined || data.todo !== undefined) skipped.push(data.name);
		else if (data.details?.type === 'suite') continue;
		else if (event.type === 'test:pass') passed++;
		else failed++;
	}
	if (skipped.length) yield `\nskipped: ${skipped.length} (${skipped.join('; ')})\n`;
	yield `\n${passed} passed, ${failed} failed\n`;
}
