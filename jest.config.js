// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // Beyond src/: the simulator and the test harnesses (test stack, plugin host, oracle).
  testMatch: [...base.testMatch, '<rootDir>/{backend-stub,tests}/**/*.{spec,test}.{js,ts,tsx}'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Component tests render Grafana's real UI in jsdom; on a busy 2-core CI machine one render
  // can take seconds, so the default 5 s per test is too tight. Assertions are unchanged.
  testTimeout: 30_000,
};
