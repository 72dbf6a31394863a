/**
 * node:test reporter that prints one closing line, `N passed, N failed`, alone on its line: the
 * format CI reads whatever runner produced it. Skipped tests (providers not in package.json yet)
 * are named on the line before, so a skip is never mistaken for a pass.
 *
 * Only leaves count (tests without subtests): suites and steps-holding tests are containers.
 * node:test reports in post-order, so an event is a container when the event before it was deeper.
 */
export default async function* summary(source) {
	let passed = 0;
	let failed = 0;
	const skipped = [];
	let previousNesting = -1;
	for await (const event of source) {
		if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
		const { data } = event;
		const container = previousNesting > data.nesting;
		previousNesting = data.nesting;
		if (event.type === 'test:pass') {
			if (container) continue;
			if (data.skip !== undefined || data.todo !== undefined) skipped.push(data.name);
			else passed++;
			continue;
		}
		// A container fails when one of its leaves did (already counted) or when its own hook
		// did, which is a failure of its own.
		if (container && data.details?.error?.failureType === 'subtestsFailed') continue;
		failed++;
	}
	if (skipped.length) yield `\nskipped: ${skipped.length} (${skipped.join('; ')})\n`;
	yield `\n${passed} passed, ${failed} failed\n`;
}
