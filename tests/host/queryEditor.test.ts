/** @jest-environment node */
// The query editor's builder in headless Chromium on the page host, answered by the real
// plugin binary over a real VictoriaLogs holding simulator data: pick a source and a field,
// run, see the rows the backend returns for the compiled query; switch modes; count over time.
import { Browser, Page } from 'playwright-core';
import { simulate } from '../../backend-stub/src';
import { testIds } from '../../src/components/testIds';
import { compileBuilderOrThrow, defaultBuilderState } from '../../src/querybuilder';
import { logRowContext, type RangeRunner } from '../../src/datasource/logContext';
import type { ManagedServer } from '../stack';
import { openWatchedPage, screenshot } from './browser';
import { HostStack, startHostStack } from './harness';
import { hostTestIds } from './src/hostTestIds';

jest.setTimeout(120_000);

const byTestId = (id: string) => `[data-testid="${id}"]`;
let stack: HostStack;
let devhost: ManagedServer;
let browser: Browser;

beforeAll(async () => {
  const to = Date.now() - 60_000;
  const sim = simulate({ from: to - 30 * 60_000, to, scenarios: 'all', seed: 11, profile: 'nearform' });
  stack = await startHostStack({ streams: sim.streams });
  ({ devhost, browser } = stack);
}, 300_000);

afterAll(() => stack?.stop());

interface ApiFrame {
  schema: { fields: Array<{ name: string; type: string }> };
  data: { values: unknown[][] };
}

/** One code-mode query through the devhost's /api/ds/query, as Grafana sends it; its frames. */
async function apiQuery(query: Record<string, unknown>, from: string, to: string): Promise<ApiFrame[]> {
  const res = await fetch(`${devhost.url}/api/ds/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      queries: [{ refId: 'A', datasource: { uid: 'vigil' }, language: 'logsql', version: 2, mode: 'code', ...query }],
      from,
      to,
    }),
  });
  const a = (await res.json()).results.A as { error?: string; frames: ApiFrame[] };
  expect(a.error).toBeUndefined();
  return a.frames;
}

/** Frames and rows the backend returns for an expression over the last hour, straight from the API. */
async function apiAnswer(expr: string, queryType: string): Promise<{ frames: number; rows: number }> {
  const frames = await apiQuery({ expr, queryType, intervalMs: 60_000, maxDataPoints: 1000 }, 'now-1h', 'now');
  return { frames: frames.length, rows: frames.reduce((n, f) => n + (f.data.values[0]?.length ?? 0), 0) };
}

async function apiRows(expr: string, queryType: string): Promise<number> {
  return (await apiAnswer(expr, queryType)).rows;
}

/** Picks an option of a Grafana Combobox by typing it and clicking the exact match, as a user does. */
async function pick(page: Page, container: string, text: string) {
  await page.locator(container).getByRole('combobox').click();
  await page.keyboard.type(text);
  // Suggestions may still be loading from the backend: wait for the option itself.
  await option(page, text).click();
}

/** A Combobox option by its label alone (its accessible name also holds the description). */
const option = (page: Page, label: string) =>
  page.getByRole('option').filter({ has: page.getByText(label, { exact: true }) });

/** Clicks a RadioButtonGroup option (its input lies over the label). */
async function choose(page: Page, groupTestId: string, name: string) {
  await page.locator(byTestId(groupTestId)).getByRole('radio', { name }).click();
}

const compiled = (page: Page) => page.locator(byTestId(testIds.datasource.exprInput)).inputValue();

/**
 * The compiled expression once it equals `want`, or whatever it is after 10 s: the builder
 * recompiles after the editor's state settles, which takes longer on a loaded machine.
 */
async function compiledAs(page: Page, want: string): Promise<string> {
  const sel = byTestId(testIds.datasource.exprInput);
  await page
    .waitForFunction(
      ([s, w]) => (document.querySelector(s) as HTMLInputElement | null)?.value === w,
      [sel, want] as const,
      { timeout: 10_000 }
    )
    .catch(() => undefined);
  return compiled(page);
}

async function runAndCount(page: Page): Promise<number> {
  await page.locator(byTestId(hostTestIds.runQuery)).click();
  const shown = page.locator(byTestId(hostTestIds.queryResult));
  await shown.waitFor();
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('data-rows') !== null,
    byTestId(hostTestIds.queryResult)
  );
  return Number(await shown.getAttribute('data-rows'));
}

test('builder: pick a source and a field filter, run, see the backend rows; switch to code and back', async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(`${devhost.url}/host/datasource/query`);
  await page.waitForSelector(byTestId(testIds.datasource.sourcePicker));
  // A new query starts in the builder, on audit events, compiled for VictoriaLogs.
  const audit = compileBuilderOrThrow(defaultBuilderState('audit'), 'logsql');
  expect(await compiledAs(page, audit)).toBe(audit);

  await choose(page, testIds.datasource.sourcePicker, 'CoreDNS queries');
  expect(await compiledAs(page, compileBuilderOrThrow(defaultBuilderState('coredns'), 'logsql'))).toBe(
    compileBuilderOrThrow(defaultBuilderState('coredns'), 'logsql')
  );
  await choose(page, testIds.datasource.sourcePicker, 'Kubernetes audit');

  await page.locator(byTestId(testIds.datasource.addFilter)).click();
  await pick(page, byTestId(testIds.datasource.filterField), 'verb');
  await pick(page, byTestId(testIds.datasource.filterValue), 'get');
  const state = { ...defaultBuilderState('audit'), filters: [{ field: 'verb', op: '=' as const, value: 'get' }] };
  const expr = compileBuilderOrThrow(state, 'logsql');
  expect(await compiledAs(page, expr)).toBe(expr);

  const want = await apiRows(expr, 'logs');
  expect(want).toBeGreaterThan(0);
  expect(want).toBeLessThan(await apiRows(audit, 'logs'));
  await expect(runAndCount(page)).resolves.toBe(want);
  await expect(page.getByText('"verb":"get"').count()).resolves.toBeGreaterThan(0);
  // Each line's user links to Investigate on that user (the data source's entity links).
  const userLinks = page.locator(`${byTestId(hostTestIds.queryResult)} a[href*="/investigate?entity=user:"]`);
  await expect(userLinks.count()).resolves.toBeGreaterThan(0);
  await expect(userLinks.first().getAttribute('href')).resolves.toMatch(
    /^\/a\/vigil-k8ssecurity-app\/investigate\?entity=user:[^&]+&from=\d+&to=\d+$/
  );

  // Builder → code keeps the compiled expression; code → builder, unedited, is lossless.
  await choose(page, testIds.datasource.modeSwitch, 'Code');
  expect(await compiledAs(page, expr)).toBe(expr);
  await choose(page, testIds.datasource.modeSwitch, 'Builder');
  await page.waitForSelector(byTestId(testIds.datasource.filterRow));
  await expect(page.locator(byTestId(testIds.datasource.modeWarning)).count()).resolves.toBe(0);

  // An edited expression cannot be read back: the editor warns before replacing it.
  await choose(page, testIds.datasource.modeSwitch, 'Code');
  await page.locator(byTestId(testIds.datasource.exprInput)).fill(`${expr} "_msg":~"secrets"`);
  await choose(page, testIds.datasource.modeSwitch, 'Builder');
  await page.waitForSelector(byTestId(testIds.datasource.modeWarning));
  await page.getByRole('button', { name: 'Stay in code' }).click();
  const withSecrets = `${expr} "_msg":~"secrets"`;
  expect(await compiledAs(page, withSecrets)).toBe(withSecrets);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('builder: count over time by a field returns one series per value, as the API does', async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(`${devhost.url}/host/datasource/query`);
  await page.waitForSelector(byTestId(testIds.datasource.operation));
  await choose(page, testIds.datasource.operation, 'Count over time');
  const groupBy = page.getByRole('combobox', { name: 'Group by' });
  await groupBy.click();
  await page.keyboard.type('verb');
  await option(page, 'verb').click();
  // Leaving the box clears the typed text; the pick stays as a pill.
  await groupBy.blur();
  const expr = compileBuilderOrThrow(
    { ...defaultBuilderState('audit'), operation: { kind: 'count', by: ['verb'] } },
    'logsql'
  );
  expect(await compiledAs(page, expr)).toBe(expr);
  const rows = await runAndCount(page);
  const frames = Number(await page.locator(byTestId(hostTestIds.queryResult)).getAttribute('data-frames'));
  const api = await apiAnswer(expr, 'metric');
  // One series per verb, as the API answers; the page ran a moment earlier, so each series
  // may have one one-minute bucket more or less at the edges of the hour.
  expect(frames).toBe(api.frames);
  expect(frames).toBeGreaterThan(1);
  expect(Math.abs(rows - api.rows)).toBeLessThanOrEqual(2 * frames);
  expect(rows).toBeGreaterThan(frames);
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'query-editor');
  expect(problems).toEqual([]);
  await page.context().close();
});

/** Logs frames of a code query over [fromMs, toMs], straight from the API, as the data source reads them. */
const apiRange: RangeRunner = async (expr, fromMs, toMs, limit) => {
  const frames = await apiQuery({ expr, queryType: 'logs', limit }, String(fromMs), String(toMs));
  return frames.map((f) => ({
    length: f.data.values[0]?.length ?? 0,
    fields: f.schema.fields.map((x, i) => ({ name: x.name, type: x.type, config: {}, values: f.data.values[i] ?? [] })),
  })) as never;
};

test("log context: the lines of the row's stream just before and just after it, through the backend", async () => {
  const to = Date.now();
  const [frame] = await apiRange('{job="auditlog"}', to - 3600_000, to, 1000);
  const col = (name: string) => frame.fields.find((f) => f.name === name)!.values;
  const times = col('timestamp') as number[];
  // A row from the middle of the answer, so it has lines on both sides, and alone at its
  // millisecond: a line at the same time may fall on either side of it.
  const unique = (j: number) => times.filter((t) => t === times[j]).length === 1;
  let i = Math.floor(times.length / 2);
  while (i < times.length - 6 && !unique(i)) {
    i++;
  }
  const labels = (
    typeof col('labels')[i] === 'string' ? JSON.parse(col('labels')[i] as string) : col('labels')[i]
  ) as Record<string, string>;
  const row = { timeEpochMs: times[i], labels, id: String(col('id')[i]) };
  const body = (frames: Array<{ fields: Array<{ name: string; values: unknown[] }> }>) =>
    frames.flatMap((f) => f.fields.find((x) => x.name === 'body')!.values);
  const timesOf = (frames: Array<{ fields: Array<{ name: string; values: unknown[] }> }>) =>
    frames.flatMap((f) => f.fields.find((x) => x.name === 'timestamp')!.values as number[]);

  const before = await logRowContext(row, 'before', 5, 'logsql', apiRange);
  const after = await logRowContext(row, 'after', 5, 'logsql', apiRange);
  expect(body(before)).toHaveLength(5);
  expect(body(after)).toHaveLength(5);
  // Newest first before the row, oldest first after it, none of them the row itself.
  expect(timesOf(before)).toEqual([...timesOf(before)].sort((a, b) => b - a));
  expect(timesOf(after)).toEqual([...timesOf(after)].sort((a, b) => a - b));
  expect(Math.max(...timesOf(before))).toBeLessThanOrEqual(row.timeEpochMs);
  expect(Math.min(...timesOf(after))).toBeGreaterThanOrEqual(row.timeEpochMs);
  expect([...body(before), ...body(after)]).not.toContain(col('body')[i]);
  // The same lines as the full answer's neighbours of the row (it is newest first).
  const others = times.map((t, j) => ({ t, line: col('body')[j] })).filter((_, j) => j !== i);
  const olderTimes = others.filter((o) => o.t <= row.timeEpochMs).map((o) => o.t);
  const newerTimes = others
    .filter((o) => o.t >= row.timeEpochMs)
    .map((o) => o.t)
    .reverse();
  expect(timesOf(before)).toEqual(olderTimes.slice(0, 5));
  expect(timesOf(after)).toEqual(newerTimes.slice(0, 5));
});
