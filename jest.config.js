// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

// Component tests render Grafana's real UI in jsdom; on a busy 2-core CI machine one render
// can take seconds, so the default 5 s per test is too tight. Assertions are unchanged.
const testTimeout = 30_000;

// Jest configuration provided by Grafana scaffolding, for every project.
const common = { ...base, testPathIgnorePatterns: ['/node_modules/', '/dist/'] };

// Three projects, told apart by file name (CONTRIBUTING.md#tests):
// - browser: tests/host/**, Chromium on the page host (tests/host/harness.ts);
// - integration: *.integration.test.ts, real servers from tests/stack (VictoriaLogs,
//   Prometheus, the plugin binary behind devhost) or the built dist/;
// - unit: every other test, in-process (tests/layout.test.ts keeps it so).
const INTEGRATION = '\\.integration\\.test\\.[jt]sx?$';
const BROWSER = '<rootDir>/tests/host/';

module.exports = {
  testTimeout,
  projects: [
    {
      ...common,
      displayName: 'unit',
      // Beyond src/: the simulator and the test harnesses (test stack, plugin host, oracle).
      testMatch: [...base.testMatch, '<rootDir>/{backend-stub,tests}/**/*.{spec,test}.{js,ts,tsx}'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, INTEGRATION, BROWSER],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{src,backend-stub,tests}/**/*.integration.test.{js,ts,tsx}'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, BROWSER],
      // Builds devhost once for the run (tests/host/buildOnce.ts).
      globalSetup: '<rootDir>/tests/host/buildOnce.ts',
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/host/**/*.test.{js,ts,tsx}'],
      // Builds the page host's bundle and devhost once for the run (tests/host/buildOnce.ts).
      globalSetup: '<rootDir>/tests/host/buildOnce.ts',
    },
  ],
};
