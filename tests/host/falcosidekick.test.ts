/** @jest-environment node */
// The pages on falcosidekick's labels, in headless Chromium on the page host: Falco arrives
// labelled rule, priority, hostname… and no `job`, which the built-in selectors miss. The Vigil
// data source is configured with the selectors stream detection proposes for these streams
// (devhost's -stream-selectors, as jsonData.streamSelectors), and the Overview, the Detections
// page and Investigate show the Falco data through the real plugin binary over a real
// VictoriaLogs. Alert rules written before the selectors were set are listed as stale on the
// Detections page and updated with its button, through devhost's -grafana-api proxy to the
// Grafana API contract server.
import { Browser } from 'playwright-core';
import { simulate } from '../../backend-stub/src';
import { AlertWriter, alertRuleUid, DEFAULT_SETTINGS, loadQueryTarget } from '../../src/alerting';
import { fetchHttp, SettingsApi } from '../../src/api/grafana';
import { testIds } from '../../src/components/testIds';
import { DATASOURCE_TYPE } from '../../src/constants';
import { DEFAULT_SELECTORS } from '../../src/detections';
import { CATALOG_RULES } from '../../src/detections/catalog';
import { detectedSelectors } from '../alerting/profiles';
import type { ContractServer } from '../contract/grafanaContractServer';
import type { ManagedServer } from '../stack';
import { openWatchedPage } from './browser';
import { HostStack, startHostStack } from './harness';

jest.setTimeout(120_000);

const APP = '/a/vigil-k8ssecurity-app';
const byTestId = (id: string) => `[data-testid="${id}"]`;
const TO = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const sim = simulate({
  seed: 17,
  from: TO - 2 * 3_600_000,
  to: TO,
  scenarios: ['exec-shell', 'falco-critical'],
  profile: 'falcosidekick',
});
const FALCO_FIRED = [...new Set(sim.manifest.scenarios.flatMap((s) => s.detections))].filter((id) =>
  id.startsWith('falco-')
);
/** Written before the selectors were set: one Falco rule and one audit rule. */
const STALE = ['falco-shell-in-container', 'k8s-exec-into-pod'];

let stack: HostStack;
let contract: ContractServer;
let devhost: ManagedServer;
let browser: Browser;
let selectors: Awaited<ReturnType<typeof detectedSelectors>>;

beforeAll(async () => {
  selectors = await detectedSelectors(sim.streams);
  stack = await startHostStack({
    streams: sim.streams,
    // Lines kept in _msg: the events read the same as the shipper sent them (see
    // docs/victorialogs.md#how-vigil-reads-both-layouts on labels named like Falco's fields).
    layout: 'verbatim',
    prometheus: false,
    grafanaApi: {
      plugins: new Map([
        ['vigil-k8ssecurity-app', { id: 'vigil-k8ssecurity-app', enabled: true, pinned: true, jsonData: {} }],
      ]),
    },
    devhost: { grafanaApiAuth: 'Bearer Admin', streamSelectors: selectors },
  });
  ({ devhost, browser } = stack);
  contract = stack.contract!;
  // The rules as they were written before the data source had selectors: its layouts, no selectors.
  const http = fetchHttp(devhost.url);
  const [ds] = await new SettingsApi(http).dataSources(DATASOURCE_TYPE);
  const { selectors: configured, ...before } = await loadQueryTarget(http, ds);
  expect(configured).toEqual(selectors);
  const written = await new AlertWriter(fetchHttp(contract.url, 'Bearer Admin')).enable(
    STALE.map((id) => ({ rule: CATALOG_RULES.find((r) => r.id === id)! })),
    {
      ...before,
      folderUID: DEFAULT_SETTINGS.folderUID,
      folderTitle: DEFAULT_SETTINGS.folderTitle,
      ruleGroup: DEFAULT_SETTINGS.ruleGroup,
    }
  );
  expect(written.map((w) => w.outcome)).toEqual(['created', 'created']);
}, 300_000);

afterAll(() => stack?.stop());

test('the selectors differ from the defaults where falcosidekick differs', () => {
  expect(selectors.falco).not.toBe(DEFAULT_SELECTORS.falco);
  expect(sim.streams.filter((s) => s.stream.rule).every((s) => s.stream.job === undefined)).toBe(true);
  expect(FALCO_FIRED.length).toBeGreaterThan(1);
});

test('the Overview counts the Falco lines and streams, and its detections fired', async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(`${devhost.url}${APP}/overview`);
  await page.getByLabel('6h').check({ force: true });
  await page.waitForSelector(byTestId(testIds.overview.sources));
  const falco = page.locator(`${byTestId(testIds.overview.sources)} [data-source="falco"]`);
  await expect(falco.getAttribute('data-lines')).resolves.toBe(String(sim.manifest.counts.falco));
  await expect(falco.getAttribute('data-streams')).resolves.toBe(
    String(sim.streams.filter((s) => s.stream.rule).length)
  );
  await expect(falco.getAttribute('data-parse-errors')).resolves.toBe('0');
  const fired = await page
    .locator(`${byTestId(testIds.overview.noisyRules)} [data-rule]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
  expect(fired).toEqual(expect.arrayContaining(FALCO_FIRED));
  await expect(
    page.locator(byTestId(testIds.overview.stat('sourcesHealthy'))).getAttribute('data-value')
  ).resolves.toBe('4');
  expect(problems).toEqual([]);
  await page.context().close();
});

test('Investigate shows the Falco alerts of a Falco rule', async () => {
  const { page, problems } = await openWatchedPage(browser);
  const search = new URLSearchParams({ entity: 'rule:falco-shell-in-container', from: 'now-3h', to: 'now' });
  await page.goto(`${devhost.url}${APP}/investigate?${search}`);
  await page.waitForSelector(byTestId(testIds.investigate.counts));
  const rows = page.locator(`${byTestId(testIds.investigate.row)}[data-source="falco"]`);
  expect(await rows.count()).toBeGreaterThan(0);
  expect((await rows.allTextContents()).every((t) => t.includes('falco-shell-in-container'))).toBe(true);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('the Detections page counts Falco hits, lists the rules written before the selectors, and updates them in one action', async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(`${devhost.url}${APP}/detections`);
  await page.locator(byTestId(testIds.detections.row)).first().waitFor();
  // Hit counts arrive after the first paint, a batch at a time.
  await page.waitForFunction(
    ({ row, ids }) =>
      ids.every(
        (id) =>
          Number(document.querySelector(`${row}[data-rule="${id}"] td[data-hits]`)?.getAttribute('data-hits') || 0) > 0
      ),
    { row: byTestId(testIds.detections.row), ids: FALCO_FIRED },
    { timeout: 30_000 }
  );
  const notice = page.locator(byTestId(testIds.detections.staleRules));
  await notice.waitFor();
  await expect(notice.getAttribute('data-count')).resolves.toBe('2');
  const update = page.locator(byTestId(testIds.detections.staleUpdate));
  await expect(update.textContent()).resolves.toBe('Update 2 alert rules');
  await update.click();
  await page.locator(byTestId(testIds.detections.writeResults)).waitFor();
  await expect(
    page.locator(`${byTestId(testIds.detections.writeResults)} li[data-outcome="updated"]`).count()
  ).resolves.toBe(2);
  await notice.waitFor({ state: 'detached' });
  for (const id of STALE) {
    const rule = contract.state.rules.get(alertRuleUid(id))!;
    const source = CATALOG_RULES.find((r) => r.id === id)!.logsource.service;
    expect((rule.data[0].model as { expr: string }).expr.startsWith(selectors[source])).toBe(true);
  }
  expect(problems).toEqual([]);
  await page.context().close();
});
