'use strict';
/**
 * Prints one closing line, `jest: N passed, N failed, N skipped`, that CI reads whatever
 * runner produced it (jest's own summary is not among the formats it recognises), after the names
 * of the skipped tests, so that a skip is never mistaken for a pass.
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const names = results.testResults.flatMap((file) =>
			file.testResults.filter((test) => test.status === 'pending' || test.status === 'todo' || test.status === 'skipped').map((test) => test.fullName),
		);
		if (names.length) process.stdout.write(`\njest skipped: ${names.join('; ')}\n`);
		process.stdout.write(`\njest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
	}
}
module.exports = SummaryReporter;
