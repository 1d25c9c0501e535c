/** @jest-environment node */
// The app's pages and the data source's editors in headless Chromium, on the page host,
// with every API call answered by the real plugin binary (via devhost) over the real
// VictoriaLogs and Prometheus of the test stack.
import { Browser } from 'playwright-core';
import { testIds } from '../../src/components/testIds';
import type { ManagedServer } from '../stack';
import { openWatchedPage, screenshot } from './browser';
import { HostStack, startHostStack } from './harness';
import { hostTestIds } from './src/hostTestIds';

jest.setTimeout(60_000);

const APP = '/a/vigil-k8ssecurity-app';
const byTestId = (id: string) => `[data-testid="${id}"]`;

const PAGES = [
  { nav: 'Overview', path: `${APP}/overview`, testId: testIds.pages.overview, shot: 'nav-overview' },
  { nav: 'Detections', path: `${APP}/detections`, testId: testIds.pages.detections, shot: 'nav-detections' },
  { nav: 'Investigate', path: `${APP}/investigate`, testId: testIds.pages.investigate, shot: 'nav-investigate' },
  { nav: 'Audit policy', path: `${APP}/audit-policy`, testId: testIds.pages.auditPolicy, shot: 'nav-audit-policy' },
  { nav: 'Configuration', path: `${APP}/configuration`, testId: testIds.pages.configuration, shot: 'nav-configuration' },
];

let stack: HostStack;
let devhost: ManagedServer;
let vlUrl: string;
let browser: Browser;

beforeAll(async () => {
  const now = Date.now();
  stack = await startHostStack({
    streams: [
      {
        stream: { job: 'audit' },
        values: [0, 1, 2].map((i) => [
          `${now - i * 60_000}000000`,
          JSON.stringify({ verb: 'get', user: { username: 'system:anonymous' }, objectRef: { resource: 'secrets' } }),
        ]),
      },
    ],
    // The Detections page reads alert rules from Grafana's API: the contract server answers
    // those routes, as in the preview.
    grafanaApi: {},
  });
  ({ devhost, browser, vlUrl } = stack);
}, 300_000);

afterAll(() => stack?.stop());

test('the Overview page renders its title and test id under the preview banner', async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(devhost.url + '/');
  // The root redirects to the app's default page, as Grafana's nav does.
  await page.waitForSelector(byTestId(testIds.pages.overview));
  expect(new URL(page.url()).pathname).toBe(`${APP}/overview`);
  await expect(page.locator('h1').textContent()).resolves.toBe('Overview');
  await expect(page.locator(byTestId(hostTestIds.banner)).textContent()).resolves.toContain(
    'Vigil native preview — not Grafana'
  );
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'nav-overview');
  expect(problems).toEqual([]);
  await page.context().close();
});

test('every app page opens from the nav links without a page reload', async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(devhost.url + `${APP}/overview`);
  await page.waitForSelector(byTestId(testIds.pages.overview));
  // Survives client-side navigation only: a full reload would drop it.
  await page.evaluate(() => ((window as unknown as { hostMarker: number }).hostMarker = 42));
  for (const p of [...PAGES.slice(1), PAGES[0]]) {
    await page.locator(byTestId(hostTestIds.nav)).getByRole('link', { name: p.nav, exact: true }).click();
    await page.waitForSelector(byTestId(p.testId));
    expect(new URL(page.url()).pathname).toBe(p.path);
    await expect(page.locator('h1').textContent()).resolves.toBe(p.nav);
    await expect(page.evaluate(() => (window as unknown as { hostMarker?: number }).hostMarker)).resolves.toBe(42);
    if (p.shot !== 'nav-overview') {
      await screenshot(page, p.shot);
    }
  }
  await page.goBack();
  await page.waitForSelector(byTestId(testIds.pages.configuration));
  expect(problems).toEqual([]);
  await page.context().close();
});

test('the light theme switches the whole page', async () => {
  const { page, problems } = await openWatchedPage(browser);
  const background = async () =>
    page.evaluate(() => {
      const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
      return (r + g + b) / 3;
    });
  await page.goto(devhost.url + `${APP}/overview`);
  await page.waitForSelector(byTestId(testIds.pages.overview));
  expect(await background()).toBeLessThan(64);
  await page.locator(byTestId(hostTestIds.themeSwitch)).click();
  await page.waitForURL(/theme=light/);
  await page.waitForSelector(byTestId(testIds.pages.overview));
  expect(await background()).toBeGreaterThan(192);
  // The page with its numbers, not its loading line.
  await page.waitForSelector(byTestId(testIds.overview.stat('firing')), { timeout: 30_000 });
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'overview-light');
  expect(problems).toEqual([]);
  await page.context().close();
});

test('the config editor shows the served settings and Test runs the backend health check', async () => {
  const health = await (await fetch(`${devhost.url}/api/datasources/uid/vigil/health`)).json();
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(devhost.url + '/host/datasource/config');
  await page.waitForSelector(byTestId(testIds.datasource.configEditor));
  await expect(page.getByPlaceholder('http://loki:3100').inputValue()).resolves.toBe(vlUrl);
  await page.locator(byTestId(hostTestIds.testDataSource)).click();
  const result = page.locator(byTestId(hostTestIds.healthResult));
  await result.waitFor();
  expect(health.status).toBe('OK');
  await expect(result.textContent()).resolves.toContain(health.message);
  await screenshot(page, 'datasource-config');
  expect(problems).toEqual([]);
  await page.context().close();
});

interface QueryAnswer {
  status: number;
  error?: string;
  rows: number;
}

// The same request straight to the API tells a test what the page must show.
async function askApi(query: Record<string, unknown>): Promise<QueryAnswer> {
  const res = await fetch(`${devhost.url}/api/ds/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      queries: [{ refId: 'A', datasource: { uid: 'vigil' }, ...query }],
      from: 'now-1h',
      to: 'now',
    }),
  });
  const a = (await res.json()).results.A as { error?: string; frames: Array<{ data: { values: unknown[][] } }> };
  return {
    status: res.status,
    error: a.error,
    rows: a.frames.reduce((n, f) => n + (f.data.values[0]?.length ?? 0), 0),
  };
}

async function runInQueryEditor(startQuery: Record<string, unknown>, expr: string, expectedStatus: number) {
  const watched = await openWatchedPage(browser, [{ path: '/api/ds/query', status: expectedStatus }]);
  const { page } = watched;
  await page.goto(`${devhost.url}/host/datasource/query?query=${encodeURIComponent(JSON.stringify(startQuery))}`);
  const input = page.locator(byTestId(testIds.datasource.exprInput));
  await input.fill(expr);
  await page.locator(byTestId(hostTestIds.runQuery)).click();
  await expect(input.inputValue()).resolves.toBe(expr);
  return watched;
}

test('the query editor runs a typed LogsQL expression through the backend and shows the rows', async () => {
  const expr = '{job="audit"}';
  const answer = await askApi({ expr, language: 'logsql', queryType: 'logs', version: 1 });
  // The test pushed three audit lines in the last hour; the backend must find them.
  expect(answer).toEqual({ status: 200, error: undefined, rows: 3 });
  const { page, problems } = await runInQueryEditor({ language: 'logsql' }, expr, 200);
  const shown = page.locator(byTestId(hostTestIds.queryResult));
  await shown.waitFor();
  await expect(shown.getAttribute('data-rows')).resolves.toBe('3');
  await expect(page.getByText('system:anonymous').count()).resolves.toBeGreaterThan(0);
  await screenshot(page, 'query-editor-code');
  expect(problems).toEqual([]);
  await page.context().close();
});

test("the query editor shows the backend's own message when it refuses a query", async () => {
  const expr = '{job="audit"}';
  // LogQL against a VictoriaLogs data source: the backend says why it cannot run it.
  const answer = await askApi({ expr, language: 'logql', queryType: 'logs', version: 1 });
  expect(answer.status).toBe(400);
  expect(answer.error).toBeTruthy();
  const { page, problems } = await runInQueryEditor({ language: 'logql' }, expr, 400);
  const shown = page.locator(byTestId(hostTestIds.queryError));
  await shown.waitFor();
  await expect(shown.textContent()).resolves.toContain(answer.error);
  await screenshot(page, 'query-editor-error');
  expect(problems).toEqual([]);
  await page.context().close();
});
