/** @jest-environment node */
// The Detections page in headless Chromium on the page host: hit counts and previews from the
// real plugin binary over a real VictoriaLogs filled by the simulator; alert rule writes
// through devhost's -grafana-api proxy to the Grafana API contract server.
import { Browser } from 'playwright-core';
import { simulate } from '../../backend-stub/src';
import { testIds } from '../../src/components/testIds';
import { alertRuleUid } from '../../src/alerting';
import { contractProblems } from '../../src/api/grafana';
import type { ContractServer } from '../contract/grafanaContractServer';
import type { ManagedServer } from '../stack';
import { openWatchedPage, screenshot } from './browser';
import { HostStack, startHostStack } from './harness';

jest.setTimeout(120_000);

const APP = '/a/vigil-k8ssecurity-app';
const byTestId = (id: string) => `[data-testid="${id}"]`;
const RULE = 'k8s-exec-into-pod';
const NOW = Date.now();
const sim = simulate({
  from: NOW - 3 * 3600_000,
  to: NOW - 5 * 60_000,
  scenarios: 'all',
  seed: 5,
  profile: 'nearform',
});
const CI_ACCOUNT = sim.manifest.allowed[RULE].usernames[0];

let stack: HostStack;
let contract: ContractServer;
let devhost: ManagedServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startHostStack({
    streams: sim.streams,
    prometheus: false,
    grafanaApi: {
      plugins: new Map([
        ['vigil-k8ssecurity-app', { id: 'vigil-k8ssecurity-app', enabled: true, pinned: true, jsonData: {} }],
      ]),
      dataSources: [],
    },
    devhost: { grafanaApiAuth: 'Bearer Admin' },
  });
  ({ devhost, browser } = stack);
  contract = stack.contract!;
}, 300_000);

afterAll(() => stack?.stop());

test('the catalog shows hit counts from the backend; a rule is enabled, disabled (paused) and enabled again from it, and its exception changes the preview', async () => {
  // The writer's GET-before-create finds neither folder nor rule on the first enable.
  const { page, problems } = await openWatchedPage(browser, [
    { path: '/api/folders/vigil-detections', status: 404 },
    { path: `/api/v1/provisioning/alert-rules/${alertRuleUid(RULE)}`, status: 404 },
  ]);
  await page.goto(`${devhost.url}${APP}/detections`);
  const row = page.locator(`${byTestId(testIds.detections.row)}[data-rule="${RULE}"]`);
  await row.waitFor();
  // Counts arrive from one batched /api/ds/query.
  const hits = row.locator('td[data-hits]');
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('data-hits') !== '',
    `[data-rule="${RULE}"] td[data-hits]`
  );
  expect(Number(await hits.getAttribute('data-hits'))).toBeGreaterThan(0);
  await page.locator(byTestId(testIds.detections.search)).fill('exec');
  await expect(page.locator(byTestId(testIds.detections.row)).count()).resolves.toBeLessThan(10);
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'detections-catalog');

  // The alert folder picker lists Grafana's folders when opened (GET /api/folders through
  // devhost, query string included); the default folder is not there yet: created on the
  // first enable.
  await page.locator(byTestId(testIds.detections.folder)).click();
  await page.getByRole('option', { name: /^Vigil detections \(created when a rule is enabled\)/ }).waitFor();
  expect(contract.requests.filter((r) => r.method === 'GET' && r.path === '/api/folders').map((r) => r.query)).toEqual([
    'limit=1000&page=1',
  ]);
  await page.keyboard.press('Escape');

  await row.locator('button').first().click();
  const detail = page.locator(byTestId(testIds.detections.detail));
  await detail.waitFor();
  await page.locator(byTestId(testIds.detections.enable)).click();
  const results = page.locator(byTestId(testIds.detections.writeResults));
  const outcome = (expected: string) =>
    page.waitForFunction(([sel, want]) => document.querySelector(`${sel} li`)?.getAttribute('data-outcome') === want, [
      byTestId(testIds.detections.writeResults),
      expected,
    ] as const);
  const state = (expected: string) =>
    page.waitForFunction(([sel, want]) => document.querySelector(sel)?.getAttribute('data-state') === want, [
      `[data-rule="${RULE}"] td[data-state]`,
      expected,
    ] as const);
  await results.waitFor();
  await expect(results.locator('li').getAttribute('data-outcome')).resolves.toBe('created');
  const stored = contract.state.rules.get(alertRuleUid(RULE));
  expect(stored?.labels?.vigil_rule).toBe(RULE);
  expect(stored?.labels).toMatchObject({
    severity: expect.any(String),
    source: 'audit',
    mitre_tactic: expect.any(String),
  });
  expect(contractProblems('alertRule', stored)).toEqual([]);
  await expect(row.locator('td[data-state]').getAttribute('data-state')).resolves.toBe('enabled');

  // Disable pauses the rule in Grafana (one PUT, the rule otherwise as written); Enable resumes it.
  const writes = () => contract.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  const writesBefore = writes().length;
  await page.locator(byTestId(testIds.detections.disable)).click();
  await outcome('paused');
  await state('paused');
  const paused = contract.state.rules.get(alertRuleUid(RULE))!;
  expect(paused.isPaused).toBe(true);
  expect({ ...paused, isPaused: false, updated: '' }).toEqual({ ...stored, updated: '' });
  await page.locator(byTestId(testIds.detections.enable)).click();
  await outcome('resumed');
  await state('enabled');
  expect(contract.state.rules.get(alertRuleUid(RULE))!.isPaused).toBe(false);
  expect(writes().slice(writesBefore)).toEqual([
    `PUT /api/v1/provisioning/alert-rules/${alertRuleUid(RULE)}`,
    `PUT /api/v1/provisioning/alert-rules/${alertRuleUid(RULE)}`,
  ]);

  // The preview counts over 24 h through the backend; the CI deployer's exception lowers it.
  const count = page.locator(byTestId(testIds.detections.previewCount));
  await page.waitForFunction(
    (sel) => (document.querySelector(sel)?.getAttribute('data-count') ?? '') !== '',
    byTestId(testIds.detections.previewCount)
  );
  const before = Number(await count.getAttribute('data-count'));
  expect(before).toBeGreaterThan(0);
  await page.locator(byTestId(testIds.detections.exceptionValues)).fill(CI_ACCOUNT);
  await page.locator(byTestId(testIds.detections.addException)).click();
  await page.waitForFunction(
    ([sel, prev]) => {
      const v = document.querySelector(sel as string)?.getAttribute('data-count');
      return v !== '' && v !== undefined && v !== null && Number(v) !== prev;
    },
    [byTestId(testIds.detections.previewCount), before] as const
  );
  const after = Number(await count.getAttribute('data-count'));
  expect(after).toBeLessThan(before);
  expect(after).toBeGreaterThan(0);
  await count.scrollIntoViewIfNeeded();
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'detections-rule');

  // Saved to the app's jsonData through the settings API.
  await page.locator(byTestId(testIds.detections.saveRule)).click();
  const savedExceptions = async () => {
    for (let i = 0; i < 50; i++) {
      const jd = contract.state.plugins.get('vigil-k8ssecurity-app')?.jsonData as any;
      if (jd?.detections?.rules?.[RULE]) {
        return jd.detections.rules[RULE].exceptions;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  };
  await expect(savedExceptions()).resolves.toEqual([{ 'user.username': CI_ACCOUNT }]);
  expect(problems).toEqual([]);
  await page.context().close();
});
