/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// Type checking is done once by `tsc -p tsconfig.dev.json` in `npm test`; ts-jest only transpiles.
		'^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true }, diagnostics: false }],
	},
	// n8n-core writes its settings below N8N_USER_FOLDER; the setup points it at a temporary folder.
	setupFiles: ['<rootDir>/test/setup/environment.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup/engineTeardown.ts'],
	testTimeout: 60000,
	maxWorkers: 2,
};
