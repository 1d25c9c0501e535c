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
};
