/** Test ids of the host's own chrome and editor pages (the plugin's live in src/components/testIds.ts). */
export const hostTestIds = {
  banner: 'data-testid vigil-host-banner',
  nav: 'data-testid vigil-host-nav',
  themeSwitch: 'data-testid vigil-host-theme',
  runQuery: 'data-testid vigil-host-run-query',
  queryResult: 'data-testid vigil-host-query-result',
  queryError: 'data-testid vigil-host-query-error',
  testDataSource: 'data-testid vigil-host-test-ds',
  healthResult: 'data-testid vigil-host-health',
};
