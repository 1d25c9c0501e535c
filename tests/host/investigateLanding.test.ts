/** @jest-environment node */
// The Investigate landing in headless Chromium on the page host, over a real VictoriaLogs
// holding the simulator's events as fields, every query answered by the real plugin binary
// (devhost). The app's settings (served by the Grafana API contract server) hold the
// exceptions the simulator's manifest lists as allowed, as a deployment of this cluster sets
// them on the Detections page. The attacks lie an hour back or more; the last hour holds
// baseline traffic only, and no netfilter stream sends anything in it.
import type { Browser, Page } from 'playwright-core';
import { simulate, type SimResult } from '../../backend-stub/src';
import type { RuleSettings } from '../../src/alerting';
import { evaluationOf } from '../../src/alerting/queries';
import { testIds } from '../../src/components/testIds';
import { matchEvent, type Level } from '../../src/detections';
import { CATALOG_RULES } from '../../src/detections/catalog';
import { detectedEvents, LEVELS, parseRows, tallyEntities, type RuleEvents } from '../../src/investigate/landing';
import type { SourceId } from '../../src/sources/types';
import type { ManagedServer } from '../stack';
import { openWatchedPage, screenshot } from './browser';
import { type HostStack, startHostStack } from './harness';

jest.setTimeout(120_000);

const APP = '/a/vigil-k8ssecurity-app';
const byTestId = (id: string) => `[data-testid="${id}"]`;
const HOUR = 3_600_000;
const TO = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const sourceOf = (l: Record<string, string>): SourceId =>
  l.job === 'auditlog'
    ? 'audit'
    : l.container === 'coredns'
      ? 'coredns'
      : l.job === 'kernellog'
        ? 'netfilter'
        : 'falco';
const noNetfilter = (s: SimResult) => s.streams.filter((st) => sourceOf(st.stream) !== 'netfilter');
// Attacks from 5 h to 1 h 20 min back; the last hour: baseline only.
const attacks = simulate({
  seed: 41,
  from: TO - 5 * HOUR,
  to: TO - 80 * 60_000,
  scenarios: 'all',
  profile: 'nearform',
});
const quiet = simulate({ seed: 41, from: TO - HOUR + 60_000, to: TO, scenarios: [], profile: 'nearform' });
const streams = [...attacks.streams, ...noNetfilter(quiet)];

/** The exceptions a deployment of this cluster sets: the identities the manifest allows. */
const ALLOWED: Record<string, RuleSettings> = Object.fromEntries(
  Object.entries(attacks.manifest.allowed).map(([id, a]) => [id, { exceptions: [{ 'user.username': a.usernames }] }])
);
const attacker = attacks.manifest.scenarios.find((s) => s.id === 'exec-shell')!.entities.user;
const ciAccount = attacks.manifest.allowed['k8s-exec-into-pod'].usernames[0];

/** Ground truth over the pushed lines: every catalog rule through the matcher, window rules through the engine's correlation. */
function expectedTop() {
  const { events } = parseRows(
    streams.flatMap((s) =>
      s.values.map(([ns, line]) => ({ source: sourceOf(s.stream), timeMs: Number(BigInt(ns) / BigInt(1e6)), line }))
    )
  );
  const perRule: RuleEvents[] = CATALOG_RULES.flatMap((rule) => {
    const { plan } = evaluationOf(rule, ALLOWED[rule.id], { backend: 'victorialogs' });
    const detected = detectedEvents(
      plan,
      events.filter((e) => matchEvent(plan, e))
    );
    return detected.length ? [{ rule, events: detected, partial: false }] : [];
  });
  return tallyEntities(perRule);
}

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
        [
          'vigil-k8ssecurity-app',
          {
            id: 'vigil-k8ssecurity-app',
            enabled: true,
            pinned: true,
            jsonData: { detections: { version: 1, rules: ALLOWED } },
          },
        ],
      ]),
    },
  });
  ({ devhost, browser } = stack);
}, 300_000);

afterAll(() => stack?.stop());

interface Shown {
  entity: string;
  hits: number;
  level: string;
  rules: string[];
}
const shown = (page: Page, kind: string): Promise<Shown[]> =>
  page
    .locator(
      `${byTestId(testIds.investigate.landingKind)}[data-kind="${kind}"] ${byTestId(testIds.investigate.landingEntity)}`
    )
    .evaluateAll((rows) =>
      rows.map((r) => ({
        entity: r.getAttribute('data-entity') ?? '',
        hits: Number(r.getAttribute('data-hits')),
        level: r.getAttribute('data-level') ?? '',
        rules: (r.getAttribute('data-rules') ?? '').split(' ').filter(Boolean),
      }))
    );
const reasons = (page: Page) =>
  page
    .locator(byTestId(testIds.investigate.landingEmpty))
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-reason')}:${e.getAttribute('data-sources') ?? ''}`));

test("the landing ranks the scenarios' attacker first, with its severity and rules; one click starts the investigation", async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(`${devhost.url}${APP}/investigate`);
  await page.locator(byTestId(testIds.investigate.landingEntity)).first().waitFor();
  // The landing's default range: the last 24 hours, also in the entity form.
  await expect(page.locator(byTestId(testIds.investigate.from)).inputValue()).resolves.toBe('now-24h');

  const users = await shown(page, 'user');
  expect(users[0].entity).toBe(`user:${attacker}`);
  // Its severity: the most severe detection of the scenarios the attacker acts in (the manifest).
  const levelOf = (id: string) => CATALOG_RULES.find((r) => r.id === id)!.level;
  const ids = new Set(
    attacks.manifest.scenarios.filter((s) => s.entities.user === attacker).flatMap((s) => s.detections)
  );
  expect(users[0].level).toBe(LEVELS.find((l: Level) => [...ids].some((id) => levelOf(id) === l)));
  users[0].rules.forEach((id) => expect(ids).toContain(id));
  // The CI account's execs are excepted in the app's settings: not a detection here.
  expect(users.map((u) => u.entity)).not.toContain(`user:${ciAccount}`);

  // Every number against the ground truth over the pushed lines.
  const truth = expectedTop();
  const asShown = (list: typeof truth.user): Shown[] =>
    list.map((e) => ({
      entity: `${e.entity.kind}:${e.entity.value}`,
      hits: e.hits,
      level: e.level,
      rules: e.rules.map((r) => r.id),
    }));
  for (const kind of ['user', 'pod', 'ip', 'domain', 'node', 'image'] as const) {
    await expect(shown(page, kind)).resolves.toEqual(asShown(truth[kind]));
  }
  // Every source sent lines in the range: nothing missing.
  await expect(reasons(page)).resolves.toEqual([]);
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, 'investigate-landing');

  // One click: the same as picking the user in the form, over the landing's range.
  await page.evaluate(() => ((window as unknown as { hostMarker: number }).hostMarker = 3));
  await page.locator(`${byTestId(testIds.investigate.landingEntity)}[data-entity="user:${attacker}"] a`).click();
  await page.waitForURL((u) => u.searchParams.get('entity') === `user:${attacker}`);
  expect(new URL(page.url()).searchParams.get('from')).toBe('now-24h');
  await page.waitForSelector(byTestId(testIds.investigate.counts));
  await expect(page.locator(byTestId(testIds.investigate.entityValue)).inputValue()).resolves.toBe(attacker);
  const rows = await page.locator(byTestId(testIds.investigate.row)).allTextContents();
  expect(rows.some((t) => t.includes(attacker))).toBe(true);
  expect(await page.locator(byTestId(testIds.investigate.landing)).count()).toBe(0);
  await expect(page.evaluate(() => (window as unknown as { hostMarker?: number }).hostMarker)).resolves.toBe(3);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('a range without detections says so and offers a wider one; a silent source is named, with the way to the Configuration page', async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(`${devhost.url}${APP}/investigate`);
  await page.locator(byTestId(testIds.investigate.landingEntity)).first().waitFor();
  await page.getByLabel('Last hour').check({ force: true });
  await page.waitForURL((u) => u.searchParams.get('from') === 'now-1h');
  await page.waitForFunction(
    (sel) => document.querySelector(`${sel}[data-reason="no-detections"]`) !== null,
    byTestId(testIds.investigate.landingEmpty)
  );
  await expect(reasons(page)).resolves.toEqual(['no-streams:netfilter', 'no-detections:']);
  const silent = page.locator(`${byTestId(testIds.investigate.landingEmpty)}[data-reason="no-streams"]`);
  await expect(silent.getByRole('link').getAttribute('href')).resolves.toBe(`${APP}/configuration`);
  await expect(silent.textContent()).resolves.toContain('No events from Netfilter');
  expect(await page.locator(byTestId(testIds.investigate.landingEntity)).count()).toBe(0);
  const none = page.locator(`${byTestId(testIds.investigate.landingEmpty)}[data-reason="no-detections"]`);
  await expect(none.textContent()).resolves.toContain('No detections in the last hour');
  await none.getByRole('button', { name: /last 7 days/ }).click();
  await page.waitForURL((u) => u.searchParams.get('from') === 'now-7d');
  await page.locator(`${byTestId(testIds.investigate.landingEntity)}[data-entity="user:${attacker}"]`).waitFor();
  expect(problems).toEqual([]);
  await page.context().close();
});

test('without a Vigil data source the landing says so and links to the Configuration page', async () => {
  const { page, problems } = await openWatchedPage(browser);
  await page.route('**/api/datasources', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '[]' })
  );
  await page.goto(`${devhost.url}${APP}/investigate`);
  const empty = page.locator(`${byTestId(testIds.investigate.landingEmpty)}[data-reason="no-datasource"]`);
  await empty.waitFor();
  await expect(empty.getByRole('link').getAttribute('href')).resolves.toBe(`${APP}/configuration`);
  expect(problems).toEqual([]);
  await page.context().close();
});
