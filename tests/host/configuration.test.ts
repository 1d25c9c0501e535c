/** @jest-environment node */
// The Configuration page in headless Chromium on the page host, every call answered by the
// real plugin binary (devhost) over a real VictoriaLogs filled by the simulator. The
// netfilter stream is left out first: the page must show its onboarding and blind
// detections; once the stream is pushed, "Check again" must show it healthy.
import { Browser } from 'playwright-core';
import { pushToLoki, simulate } from '../../backend-stub/src';
import { testIds } from '../../src/components/testIds';
import { CATALOG_RULES } from '../../src/detections/catalog';
import { ManagedServer, flushVictoriaLogs } from '../stack';
import { openWatchedPage, screenshot } from './browser';
import { HostStack, startHostStack } from './harness';

jest.setTimeout(90_000);

const PAGE = '/a/vigil-k8ssecurity-app/configuration';
const byTestId = (id: string) => `[data-testid="${id}"]`;
const ids = testIds.configuration;
const TO = Math.floor(Date.now() / 60_000) * 60_000;
const FROM = TO - 50 * 60_000;
const NETFILTER_RULES = CATALOG_RULES.filter((r) => r.logsource.service === 'netfilter');

let stack: HostStack;
let devhost: ManagedServer;
let vlUrl: string;
let browser: Browser;

beforeAll(async () => {
  const withoutNetfilter = simulate({ seed: 14, from: FROM, to: TO, profile: 'nearform', volume: { netfilter: 0 } });
  stack = await startHostStack({ streams: withoutNetfilter.streams, layout: 'verbatim' });
  ({ devhost, browser, vlUrl } = stack);
}, 300_000);

afterAll(() => stack?.stop());

const stateOf = (page: import('playwright-core').Page, source: string) =>
  page.locator(byTestId(ids.sourceState(source))).getAttribute('data-state');

test('a missing netfilter stream shows its onboarding and blind detections; after it starts, Check again shows it healthy', async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(devhost.url + PAGE);
  await page.waitForSelector(byTestId(ids.sourceState('netfilter')), { timeout: 30_000 });

  await expect(stateOf(page, 'netfilter')).resolves.toBe('missing');
  for (const s of ['audit', 'coredns', 'falco']) {
    await expect(stateOf(page, s)).resolves.toBe('healthy');
  }
  // The nearform labels were recognised: the audit card names the selector and the scheme.
  await expect(page.locator(byTestId(ids.source('audit'))).textContent()).resolves.toContain('{job="auditlog"}');
  await expect(page.locator(byTestId(ids.source('audit'))).textContent()).resolves.toContain('nearform/Promtail audit job');

  const netfilter = page.locator(byTestId(ids.source('netfilter')));
  await expect(netfilter.locator(byTestId(ids.onboarding('netfilter'))).isVisible()).resolves.toBe(true);
  for (const snippet of ['netfilter-calico', 'netfilter-iptables', 'netfilter-nftables']) {
    await expect(netfilter.locator(byTestId(ids.snippet(snippet))).isVisible()).resolves.toBe(true);
  }
  const blind = await netfilter.locator(`${byTestId(ids.blind('netfilter'))} li`).allTextContents();
  expect(blind).toHaveLength(NETFILTER_RULES.length);
  for (const rule of NETFILTER_RULES) {
    expect(blind.some((b) => b.includes(rule.id) && b.includes('no Netfilter packets stream was found'))).toBe(true);
  }
  // Healthy sources carry no onboarding; the shipper configs are offered while any is not.
  await expect(page.locator(byTestId(ids.onboarding('audit'))).count()).resolves.toBe(0);
  await expect(page.locator(byTestId(ids.onboarding('shippers'))).isVisible()).resolves.toBe(true);
  await page.evaluate(() => document.fonts.ready);
  await netfilter.evaluate((el) => el.scrollIntoView());
  await screenshot(page, 'configuration-netfilter-missing');

  const netfilterOnly = simulate({ seed: 15, from: FROM, to: TO, profile: 'nearform', volume: { audit: 0, coredns: 0, falco: 0 } });
  expect(netfilterOnly.manifest.counts.netfilter).toBeGreaterThan(0);
  await pushToLoki(vlUrl, netfilterOnly.streams, { backend: 'victorialogs', layout: 'verbatim' });
  await flushVictoriaLogs(vlUrl);

  await page.locator(byTestId(ids.checkAgain)).click();
  await page.waitForSelector(`${byTestId(ids.sourceState('netfilter'))}[data-state="healthy"]`, { timeout: 30_000 });
  await expect(netfilter.textContent()).resolves.toContain('{job="kernellog"}');
  await expect(netfilter.locator(byTestId(ids.blind('netfilter'))).count()).resolves.toBe(0);
  await expect(netfilter.locator(byTestId(ids.onboarding('netfilter'))).count()).resolves.toBe(0);
  await expect(netfilter.textContent()).resolves.toMatch(/0\.0% of \d+ sampled lines/);
  await expect(page.locator(byTestId(ids.onboarding('shippers'))).count()).resolves.toBe(0);
  await page.evaluate(() => document.fonts.ready);
  await page.locator(byTestId(ids.source('audit'))).evaluate((el) => el.scrollIntoView());
  await screenshot(page, 'configuration-healthy');
  expect(problems).toEqual([]);
  await page.context().close();
});

test('saving settings reports the server\'s answer instead of losing it', async () => {
  // The devhost serves only GET for plugin settings; the page must show that refusal.
  const { page, problems } = await openWatchedPage(browser, [{ path: '/api/plugins/vigil-k8ssecurity-app/settings', status: 404 }]);
  await page.goto(devhost.url + PAGE);
  await page.waitForSelector(byTestId(ids.save));
  await page.locator(byTestId(ids.list('miningDomains'))).fill('pool.example.org');
  await page.locator(byTestId(ids.save)).click();
  const result = page.locator(byTestId(ids.saveResult));
  await result.waitFor();
  await expect(result.textContent()).resolves.toContain('Saving settings of vigil-k8ssecurity-app failed (HTTP 404)');
  await expect(result.textContent()).resolves.toContain('not served by the Vigil devhost');
  expect(problems).toEqual([]);
  await page.context().close();
});
