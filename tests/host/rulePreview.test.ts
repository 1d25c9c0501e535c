/** @jest-environment node */
// A rule's 24 h preview on the Detections page, in headless Chromium on the page host, over a
// real VictoriaLogs holding the simulator's events as fields, every query answered by the real
// plugin binary (devhost). The histogram is Grafana's time series panel, one bar per evaluation
// window of the rule; each bucket is checked against the simulator's ground truth (the pushed
// lines through the detection matcher), the windows where a window rule's alert fires against
// its threshold, and the hit rows' highlighted fields against the rule's plan.
import type { Browser, Page } from 'playwright-core';
import { simulate } from '../../backend-stub/src';
import { evaluationOf } from '../../src/alerting/queries';
import { testIds } from '../../src/components/testIds';
import { groupKey, matchEvent, planRule } from '../../src/detections';
import { CATALOG_RULES } from '../../src/detections/catalog';
import { parseRows } from '../../src/investigate/landing';
import type { SourceId } from '../../src/sources/types';
import type { ManagedServer } from '../stack';
import { openWatchedPage, screenshot } from './browser';
import { type HostStack, startHostStack } from './harness';

jest.setTimeout(120_000);

const APP = '/a/vigil-k8ssecurity-app';
const byTestId = (id: string) => `[data-testid="${id}"]`;
const MIN = 60_000;
const NOW = Date.now();
const sourceOf = (l: Record<string, string>): SourceId =>
  l.job === 'auditlog'
    ? 'audit'
    : l.container === 'coredns'
      ? 'coredns'
      : l.job === 'kernellog'
        ? 'netfilter'
        : 'falco';
const attacks = simulate({
  seed: 5,
  from: NOW - 5 * 60 * MIN,
  to: NOW - 2 * 60 * MIN,
  scenarios: 'all',
  profile: 'nearform',
});
// One more NXDOMAIN burst, starting on a 5-minute boundary (a scenario starts a minute into its
// range) and lasting under three minutes: inside one evaluation window of the rule.
const burstFrom = Math.floor((NOW - 90 * MIN) / (5 * MIN)) * 5 * MIN - MIN;
const burst = simulate({
  seed: 5,
  from: burstFrom,
  to: burstFrom + 10 * MIN,
  scenarios: ['nxdomain-burst'],
  profile: 'nearform',
});
const streams = [...attacks.streams, ...burst.streams];
const { events } = parseRows(
  streams.flatMap((s) =>
    s.values.map(([ns, line]) => ({ source: sourceOf(s.stream), timeMs: Number(BigInt(ns) / BigInt(1e6)), line }))
  )
);

let stack: HostStack;
let devhost: ManagedServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startHostStack({
    streams,
    layout: 'native',
    prometheus: false,
    grafanaApi: {
      plugins: new Map([
        ['vigil-k8ssecurity-app', { id: 'vigil-k8ssecurity-app', enabled: true, pinned: true, jsonData: {} }],
      ]),
    },
  });
  ({ devhost, browser } = stack);
}, 300_000);

afterAll(() => stack?.stop());

interface Preview {
  catalogHits: number;
  count: number;
  stepMs: number;
  times: number[];
  buckets: number[];
  firing: boolean[];
  conditionFields: string[];
  rows: Array<{ matched: string[]; marks: string[] }>;
}

/** Opens a rule from the catalog and reads its preview once the backend answered. */
async function openPreview(page: Page, id: string): Promise<Preview> {
  await page.goto(`${devhost.url}${APP}/detections?search=${encodeURIComponent(id)}`);
  const row = page.locator(`${byTestId(testIds.detections.row)}[data-rule="${id}"]`);
  await row.waitFor();
  await page.waitForFunction(
    (sel) => !!document.querySelector(sel)?.getAttribute('data-hits'),
    `[data-rule="${id}"] td[data-hits]`
  );
  const catalogHits = Number(await row.locator('td[data-hits]').getAttribute('data-hits'));
  await row.locator('button').first().click();
  await page.waitForFunction(
    (sel) => !!document.querySelector(sel)?.getAttribute('data-count'),
    byTestId(testIds.detections.previewCount)
  );
  const histogram = page.locator(byTestId(testIds.detections.previewHistogram));
  // Grafana's time series panel drew it.
  await histogram.locator('canvas').first().waitFor();
  const nums = async (attr: string) =>
    ((await histogram.getAttribute(attr)) ?? '').split(' ').filter(Boolean).map(Number);
  const sample = page.locator(byTestId(testIds.detections.previewSample));
  const rows = await page.locator(byTestId(testIds.detections.previewRow)).evaluateAll((els) =>
    els.map((e) => ({
      matched: (e.getAttribute('data-matched') ?? '').split(' ').filter(Boolean),
      marks: [...e.querySelectorAll('mark > span:first-child')].map((m) => m.textContent ?? ''),
    }))
  );
  return {
    catalogHits,
    count: Number(await page.locator(byTestId(testIds.detections.previewCount)).getAttribute('data-count')),
    stepMs: Number(await histogram.getAttribute('data-step-ms')),
    times: await nums('data-times'),
    buckets: await nums('data-buckets'),
    firing: [...((await histogram.getAttribute('data-firing')) ?? '')].map((c) => c === '1'),
    conditionFields: ((await sample.getAttribute('data-condition-fields')) ?? '').split(' ').filter(Boolean),
    rows,
  };
}

/** The ground truth of each bucket [t, t + step) (VictoriaLogs' buckets): matching events, and the most of one group key. */
function truthPerBucket(id: string, p: Preview) {
  const { plan } = evaluationOf(
    CATALOG_RULES.find((r) => r.id === id)!,
    undefined,
    { backend: 'victorialogs' }
  );
  const matched = events.filter((e) => matchEvent(plan, e));
  return p.times.map((t) => {
    const inBucket = matched.filter((e) => e.timeMs >= t && e.timeMs < t + p.stepMs);
    const perKey = new Map<string, number>();
    inBucket.forEach((e) =>
      perKey.set(JSON.stringify(groupKey(plan, e)), (perKey.get(JSON.stringify(groupKey(plan, e))) ?? 0) + 1)
    );
    return { hits: inBucket.length, most: Math.max(0, ...perKey.values()) };
  });
}

const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);

function expectRows(id: string, p: Preview) {
  const fields = planRule(CATALOG_RULES.find((r) => r.id === id)!).fields;
  expect(p.conditionFields).toEqual(fields);
  expect(p.rows.length).toBe(Math.min(50, p.count));
  for (const r of p.rows) {
    // Highlighted: condition fields of the rule, the ones the row carries, as the marks name them.
    expect(r.matched.length).toBeGreaterThan(0);
    r.matched.forEach((f) => expect(fields).toContain(f));
    expect(r.marks).toEqual(r.matched);
  }
}

test("an event rule: one bar per 5-minute alert window, each the window's hits; the rows' condition fields highlighted", async () => {
  const { page, problems } = await openWatchedPage(browser);
  const id = 'k8s-exec-into-pod';
  const p = await openPreview(page, id);
  expect(p.stepMs).toBe(
    evaluationOf(
      CATALOG_RULES.find((r) => r.id === id)!,
      undefined,
      { backend: 'victorialogs' }
    ).windowMs
  );
  expect(p.stepMs).toBe(5 * MIN);
  // The buckets sum to the rule's hit count (the catalog's, and the preview's own).
  expect(p.count).toBeGreaterThan(0);
  expect(sum(p.buckets)).toBe(p.count);
  expect(p.count).toBe(p.catalogHits);
  expect(p.buckets).toEqual(truthPerBucket(id, p).map((b) => b.hits));
  // An event rule fires in every window with a hit.
  expect(p.firing).toEqual(p.buckets.map((v) => v > 0));
  expectRows(id, p);
  expect(p.rows[0].matched).toEqual(expect.arrayContaining(['objectRef.resource', 'objectRef.subresource']));
  await page.locator(byTestId(testIds.detections.previewCount)).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'detections-rule-preview');
  expect(problems).toEqual([]);
  await page.context().close();
});

test('a window rule: one bar per correlation timespan, the windows where its alert fires marked', async () => {
  const { page, problems } = await openWatchedPage(browser);
  const id = 'dns-nxdomain-burst';
  const rule = CATALOG_RULES.find((r) => r.id === id)!;
  const { plan } = evaluationOf(rule, undefined, { backend: 'victorialogs' });
  const p = await openPreview(page, id);
  expect(p.stepMs).toBe(plan.window!.windowMs);
  expect(sum(p.buckets)).toBe(p.count);
  expect(p.count).toBe(p.catalogHits);
  const truth = truthPerBucket(id, p);
  expect(p.buckets).toEqual(truth.map((b) => b.hits));
  // A window fires where one client reaches the threshold in it; the burst placed inside one window does.
  expect(p.firing).toEqual(truth.map((b) => b.most >= plan.window!.threshold));
  expect(p.firing.filter(Boolean).length).toBeGreaterThanOrEqual(1);
  expect(p.firing.some((f, i) => !f && p.buckets[i] > 0)).toBe(true);
  expectRows(id, p);
  expect(problems).toEqual([]);
  await page.context().close();
});
