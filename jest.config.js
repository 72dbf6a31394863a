/** Unit and behaviour tests run on the TypeScript sources; the e2e suite has its own config. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 20000,
	setupFilesAfterEnv: ['<rootDir>/test/helpers/freshPaces.ts'],
	reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
};
