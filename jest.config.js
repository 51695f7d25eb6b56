// Two projects: fast unit specs next to the code, and e2e specs that start real processes.
const shared = {
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@panda-mcp/(common|config|answer-shaping|diagnosis|endpoint-registry|panda-client|mcp-transport|operations)$':
      '<rootDir>/libs/$1/src',
  },
};

const PROCESS_TEST_TIMEOUT = '<rootDir>/test/support/process-test-timeout.setup.ts';
// the built service and sim, once before the first spec that starts them
const BUILD_ONCE = '<rootDir>/test/support/build.global-setup.ts';

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: BUILD_ONCE,
      setupFilesAfterEnv: [PROCESS_TEST_TIMEOUT],
    },
    // Hostile clients and a failing PanDA (test/support/fake-panda.ts) against the built service.
    {
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      globalSetup: BUILD_ONCE,
      setupFilesAfterEnv: [PROCESS_TEST_TIMEOUT],
    },
  ],
};
