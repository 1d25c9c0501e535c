/** @jest-environment node */
// The Audit policy page in headless Chromium on the page host: its default loader runs the
// real data source query (LogsQL, the data source's audit stream selector) through the plugin binary over
// a real VictoriaLogs holding the simulator's audit lines; the templates then change which
// detections go blind.
import { Browser, Page } from 'playwright-core';
import { simulate } from '../../backend-stub/src';
import { testIds } from '../../src/components/testIds';
import { DEFAULT_SELECTORS } from '../../src/detections';
import type { ManagedServer } from '../stack';
import { openWatchedPage, screenshot } from './browser';
import { HostStack, startHostStack } from './harness';

jest.setTimeout(120_000);

const PAGE = '/a/vigil-k8ssecurity-app/audit-policy';
const byTestId = (id: string) => `[data-testid="${id}"]`;
// Detections that read the pod spec in requestObject (Request level on pods and workloads).
const POD_SPEC_IDS = ['k8s-privileged-container', 'k8s-host-namespace-pod', 'k8s-sensitive-hostpath-mount', 'k8s-capabilities-added', 'k8s-crypto-mining-image'];

let stack: HostStack;
let devhost: ManagedServer;
let browser: Browser;
let auditLines = 0;

beforeAll(async () => {
  // The last 50 minutes, inside the page's default "Last hour", every attack included.
  const to = Date.now() - 60_000;
  const sim = simulate({ seed: 11, from: to - 50 * 60_000, to, profile: 'nearform', scenarios: 'all' });
  const audit = sim.streams.filter((s) => s.stream.job === 'auditlog');
  auditLines = audit.reduce((n, s) => n + s.values.length, 0);
  stack = await startHostStack({ streams: sim.streams });
  ({ devhost, browser } = stack);
}, 300_000);

afterAll(() => stack?.stop());

/** Polls `read` until `done` holds (the analysis re-renders after a click), returning the last value. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await read();
  while (!done(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}

async function pickTemplate(page: Page, title: string): Promise<void> {
  // RadioButtonGroup lays its (transparent) input over the label: click the input.
  await page.locator(byTestId(testIds.auditPolicy.templatePicker)).locator(`input[title=${JSON.stringify(title)}]`).click();
}

/** Ids of the detections listed under the "Current" heading of the blind spots. */
async function currentBlind(page: Page): Promise<{ heading: string; ids: string[] }> {
  const section = page.locator(byTestId(testIds.auditPolicy.blindSpots)).locator(':scope > div').first();
  const heading = (await section.locator('h4').textContent()) ?? '';
  const ids = await section.locator(':scope > ul > li > strong').allTextContents();
  return { heading, ids };
}

test('the page reads the audit sample through the backend and shows which detections each template blinds', async () => {
  expect(auditLines).toBeGreaterThan(1000);
  const { page, problems } = await openWatchedPage(browser);
  const queries: string[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/ds/query') {
      queries.push(req.postData() ?? '');
    }
  });
  await page.goto(devhost.url + PAGE);
  const info = page.locator(byTestId(testIds.auditPolicy.sampleInfo));
  await info.waitFor({ timeout: 60_000 });
  // Every audit line the simulator pushed in the hour came back through the data source.
  expect(await info.textContent()).toContain(`Sample: ${auditLines} audit lines`);
  const sent = JSON.parse(queries[0]) as { queries: Array<{ expr: string; language: string }> };
  // No selector set on the data source: the default audit selector, as on every page.
  expect(sent.queries[0]).toMatchObject({ expr: DEFAULT_SELECTORS.audit, language: 'logsql' });

  const hasPodSpecRules = (b: { ids: string[] }) => POD_SPEC_IDS.every((id) => b.ids.includes(id));
  await pickTemplate(page, 'Metadata for everything');
  const metadata = await until(() => currentBlind(page), hasPodSpecRules);
  expect(metadata.ids).toEqual(expect.arrayContaining(POD_SPEC_IDS));
  expect(metadata.heading).toMatch(/^Current: \d+ of \d+ detections blind or partly blind$/);

  await pickTemplate(page, "Vigil's recommended policy");
  const recommended = await until(() => currentBlind(page), (b) => b.ids.length === 0);
  expect(recommended).toEqual({ heading: 'Current: every detection keeps its data', ids: [] });

  // The screenshot shows the blind detections of "metadata for everything".
  await pickTemplate(page, 'Metadata for everything');
  expect(hasPodSpecRules(await until(() => currentBlind(page), hasPodSpecRules))).toBe(true);
  await page.locator(byTestId(testIds.auditPolicy.blindSpots)).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'audit-policy');
  expect(problems).toEqual([]);
  await page.context().close();
});
