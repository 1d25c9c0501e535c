/** @jest-environment node */
// The Investigate and Overview pages in headless Chromium on the page host, over a real
// VictoriaLogs filled by the simulator and holding its JSON events as fields (VictoriaLogs'
// default; the pages read the layout from the backend's health check), every query answered by
// the real plugin binary (devhost). Follows a pivot from a packet of the crypto-miner pod to that IP's DNS lookups.
import { Browser, Page } from 'playwright-core';
import { simulate } from '../../backend-stub/src';
import { testIds } from '../../src/components/testIds';
import { CATALOG_RULES } from '../../src/detections/catalog';
import type { ManagedServer } from '../stack';
import { openWatchedPage, screenshot } from './browser';
import { HostStack, startHostStack } from './harness';

jest.setTimeout(90_000);

const APP = '/a/vigil-k8ssecurity-app';
const byTestId = (id: string) => `[data-testid="${id}"]`;
const TO = Math.floor(Date.now() / 60_000) * 60_000;
const sim = simulate({ seed: 31, from: TO - 2 * 3_600_000, to: TO, scenarios: ['crypto-miner', 'exec-shell'], profile: 'nearform' });
const miner = sim.manifest.scenarios.find((s) => s.id === 'crypto-miner')!;
const podEntity = `pod:${miner.entities.namespace}/${miner.entities.pod}`;

let stack: HostStack;
let devhost: ManagedServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startHostStack({ streams: sim.streams, layout: 'native' });
  ({ devhost, browser } = stack);
}, 300_000);

afterAll(() => stack?.stop());

const rowSources = (page: Page) => page.locator(byTestId(testIds.investigate.row)).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-source')));

test('a pre-filtered link shows the pod timeline; a pivot from a packet opens that IP in DNS without a reload', async () => {
  const { page, problems } = await openWatchedPage(browser);
  const search = new URLSearchParams({ entity: podEntity, from: 'now-3h', to: 'now' });
  await page.goto(`${devhost.url}${APP}/investigate?${search}`);
  await page.waitForSelector(byTestId(testIds.investigate.counts));
  const sources = await rowSources(page);
  expect(new Set(sources)).toEqual(new Set(['audit', 'coredns', 'netfilter']));
  expect(sources.filter((s) => s === 'coredns')).toHaveLength(4);
  expect(sources.filter((s) => s === 'netfilter')).toHaveLength(8);
  await expect(page.locator(byTestId(testIds.investigate.resolution)).textContent()).resolves.toContain(`IP ${miner.entities.podIP}`);
  // The counts come from the backend; they must agree with the rows of this small range.
  const totals = await page.locator(`${byTestId(testIds.investigate.counts)} [data-source]`).evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-source'), Number(e.getAttribute('data-total'))])));
  expect(totals).toEqual({ audit: sources.filter((s) => s === 'audit').length, coredns: 4, netfilter: 8, falco: 0 });

  await page.evaluate(() => ((window as unknown as { hostMarker: number }).hostMarker = 7));
  await page.locator(`${byTestId(testIds.investigate.row)}[data-source="netfilter"]`).first().click();
  await page.waitForSelector(byTestId(testIds.investigate.detail));
  expect(new URL(page.url()).searchParams.get('event')).toMatch(/^netfilter-/);
  await expect(page.locator(byTestId(testIds.investigate.rawLine)).textContent()).resolves.toContain(`SRC=${miner.entities.podIP}`);
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'investigate');

  await page.locator(byTestId(testIds.investigate.pivot('ip-dns'))).click();
  await page.waitForURL((u) => u.searchParams.get('entity') === `ip:${miner.entities.podIP}`);
  expect(new URL(page.url()).searchParams.get('sources')).toBe('coredns');
  await page.waitForFunction(
    (sel) => {
      const rows = [...document.querySelectorAll(sel)];
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-source') === 'coredns');
    },
    byTestId(testIds.investigate.row)
  );
  await expect(page.locator(byTestId(testIds.investigate.timeline)).textContent()).resolves.toContain(miner.entities.domain);
  await expect(page.locator(byTestId(testIds.investigate.entityValue)).inputValue()).resolves.toBe(miner.entities.podIP);
  await expect(page.evaluate(() => (window as unknown as { hostMarker?: number }).hostMarker)).resolves.toBe(7);

  // Back returns to the pod with its event open: the URL held the whole state.
  await page.goBack();
  await page.waitForSelector(byTestId(testIds.investigate.detail));
  expect(new URL(page.url()).searchParams.get('entity')).toBe(podEntity);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('the alert annotation link of a rule lands on its firing events', async () => {
  const { page, problems } = await openWatchedPage(browser);
  const user = sim.manifest.scenarios.find((s) => s.id === 'exec-shell')!.entities.user;
  await page.goto(`${devhost.url}${APP}/investigate?rule=k8s-exec-into-pod&source=audit&user.username=${encodeURIComponent(user)}&from=now-3h&to=now`);
  await page.waitForSelector(byTestId(testIds.investigate.counts));
  const rows = page.locator(byTestId(testIds.investigate.row));
  expect(await rows.count()).toBeGreaterThan(0);
  const texts = await rows.allTextContents();
  expect(texts.every((t) => t.includes('k8s-exec-into-pod') && t.includes(user))).toBe(true);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('the Overview shows what fired, source health and coverage, and a noisy rule links to its events', async () => {
  // This stack has no Grafana alerting API: the Detections page the critical stat opens finds no rules there.
  const { page, problems } = await openWatchedPage(browser, [{ path: '/api/v1/provisioning/alert-rules', status: 404 }]);
  await page.goto(`${devhost.url}${APP}/overview`);
  await page.waitForSelector(byTestId(testIds.overview.severity));
  // Both scenarios lie within the last six hours.
  await page.getByLabel('6h').check({ force: true });
  await page.waitForSelector(byTestId(testIds.overview.severity));
  const fired = await page.locator(`${byTestId(testIds.overview.noisyRules)} [data-rule]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
  for (const id of sim.manifest.scenarios.flatMap((s) => s.detections)) {
    expect(fired).toContain(id);
  }
  const sources = await page.locator(`${byTestId(testIds.overview.sources)} [data-source]`).evaluateAll((els) =>
    els.map((e) => ({ source: e.getAttribute('data-source'), streams: Number(e.getAttribute('data-streams')), errors: Number(e.getAttribute('data-parse-errors')), sampled: Number(e.getAttribute('data-sampled')) }))
  );
  // nearform labels: job=auditlog, container=coredns, job=kernellog, job=falco.
  const sourceOf = (l: Record<string, string>) => (l.job === 'auditlog' ? 'audit' : l.container === 'coredns' ? 'coredns' : l.job === 'kernellog' ? 'netfilter' : 'falco');
  for (const s of sources) {
    const streams = sim.streams.filter((st) => sourceOf(st.stream) === s.source).length;
    expect(s).toEqual({ source: s.source, streams, errors: 0, sampled: 100 });
  }
  const coverage = page.locator(byTestId(testIds.overview.coverage));
  expect(Number(await coverage.getAttribute('data-rules'))).toBeGreaterThan(10);
  // The stat row: each number against the tables below it and the simulated scenarios.
  const stat = async (key: string) => Number(await page.locator(byTestId(testIds.overview.stat(key))).getAttribute('data-value'));
  const severity = await page.locator(`${byTestId(testIds.overview.severity)} [data-level]`).evaluateAll((els) =>
    els.map((e) => ({ level: e.getAttribute('data-level'), rules: Number(e.getAttribute('data-rules')), hits: Number(e.querySelectorAll('td')[2]?.textContent) }))
  );
  const firing = await stat('firing');
  expect(firing).toBe(severity.reduce((n, s) => n + s.rules, 0));
  expect(firing).toBeGreaterThanOrEqual(new Set(sim.manifest.scenarios.flatMap((s) => s.detections)).size);
  await expect(stat('criticalHits')).resolves.toBe(severity.find((s) => s.level === 'critical')?.hits);
  await expect(stat('blind')).resolves.toBe(Number(await coverage.getAttribute('data-blind')));
  // Every simulated source has lines in the range.
  await expect(stat('sourcesHealthy')).resolves.toBe(4);
  await expect(page.locator(byTestId(testIds.overview.stat('sourcesHealthy'))).textContent()).resolves.toContain('4 / 4');
  // Over time: a series for exactly the severities that fired, drawn by Grafana's time series
  // panel; per-step counts sum to the range count up to the buckets cut at the range's edges.
  const overTime = page.locator(byTestId(testIds.overview.overTime));
  await overTime.locator('canvas').first().waitFor();
  const totals = Object.fromEntries(((await overTime.getAttribute('data-totals')) ?? '').split(' ').map((kv) => [kv.split(':')[0], Number(kv.split(':')[1])]));
  const firedLevels = severity.filter((s) => s.hits > 0);
  expect(Object.keys(totals).sort()).toEqual(firedLevels.map((s) => s.level).sort());
  for (const s of firedLevels) {
    expect(totals[s.level!]).toBeGreaterThan(0);
    expect(Math.abs(totals[s.level!] - s.hits)).toBeLessThanOrEqual(Math.max(2, 0.1 * s.hits));
  }
  // Per source: the same per-step counts grouped by the sources of the rules that fired.
  const perSource = page.locator(byTestId(testIds.overview.perSource));
  await perSource.locator('canvas').first().waitFor();
  const sourceTotals = Object.fromEntries(((await perSource.getAttribute('data-totals')) ?? '').split(' ').map((kv) => [kv.split(':')[0], Number(kv.split(':')[1])]));
  const firedSources = new Set(fired.map((id) => CATALOG_RULES.find((r) => r.id === id)!.logsource.service));
  for (const source of firedSources) {
    expect(sourceTotals[source]).toBeGreaterThan(0);
  }
  const sum = (t: Record<string, number>) => Object.values(t).reduce((n, v) => n + v, 0);
  expect(sum(sourceTotals)).toBe(sum(totals));
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'overview');
  // Critical hits open the catalog filtered to critical rules.
  await page.locator(byTestId(testIds.overview.stat('criticalHits'))).click();
  await page.waitForURL((u) => u.pathname.endsWith('/detections') && u.searchParams.get('severity') === 'critical');
  await page.locator(byTestId(testIds.detections.row)).first().waitFor();
  const shownRules = await page.locator(byTestId(testIds.detections.row)).evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
  expect(shownRules.sort()).toEqual(CATALOG_RULES.filter((r) => r.level === 'critical').map((r) => r.id).sort());
  await page.goBack();
  // The range is page state, not URL: back on the Overview, six hours again.
  await page.waitForSelector(byTestId(testIds.overview.noisyRules));
  await page.getByLabel('6h').check({ force: true });
  await page.locator(`${byTestId(testIds.overview.noisyRules)} [data-rule="falco-shell-in-container"] a`).click();
  await page.waitForURL((u) => u.searchParams.get('entity') === 'rule:falco-shell-in-container');
  await page.waitForSelector(byTestId(testIds.investigate.row));
  const texts = await page.locator(byTestId(testIds.investigate.row)).allTextContents();
  expect(texts.every((t) => t.includes('falco-shell-in-container'))).toBe(true);
  expect(problems).toEqual([]);
  await page.context().close();
});
