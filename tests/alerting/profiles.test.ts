/** @jest-environment node */
// The selector matrix on Loki (LogQL oracle): for each of the simulator's four shipper
// profiles, the data source is configured with the stream selectors stream detection proposes
// for that profile's streams, and then
// (a) every catalog rule's alert query, as alertRulePayload writes it, fires at the end of each
//     of its attacks (query A as Loki's instant query, then Grafana's reduce and threshold);
// (b) the pages' query builders see the profile's data: the Overview's and the Detections
//     page's hit counts equal the lines each rule's condition matches (the matcher's ground
//     truth), no rule is blind, every source is healthy, and Investigate finds each scenario's
//     lines from its detections and its pod or user.
// The same matrix on a real VictoriaLogs through the plugin binary: profiles.integration.test.ts.
import {
  alertRulePayload,
  readinessTargets,
  REQUEST_OBJECT_REF,
  refIdOfRule,
  refIdOfSource,
  ruleCountTargets,
  ruleReadiness,
  totalOf,
  type AlertTarget,
} from '../../src/alerting';
import { DEFAULT_SELECTORS } from '../../src/detections';
import { loadTimeline, type InvestigateRequest } from '../../src/investigate';
import { catalogRequest, healthTargets, summarize } from '../../src/pages/Overview/overview.utils';
import { SOURCE_IDS, type SourceId } from '../../src/sources/types';
import { evaluateThroughOracle } from './evaluate';
import {
  CATALOG_RULES,
  configured,
  detectedSelectors,
  EVAL_DELAY_MS,
  expectTrueOverview,
  matchingLines,
  oracleRunner,
  PAGE_RANGE_MS,
  profileData,
  scenarioEntities,
  scenarioKeys,
  settingsOf,
  type ProfileData,
} from './profiles';

jest.setTimeout(120_000);

const DATA = profileData();
const alertTarget = (selectors: Record<SourceId, string> | undefined): AlertTarget => ({
  dsUid: 'vigil',
  backend: 'loki',
  ...(selectors ? { selectors } : {}),
  folderUID: 'vigil-detections',
  ruleGroup: 'vigil',
});

/** Per rule, whether its alert rule fires at the end of each of its attacks. */
function firing(data: ProfileData, selectors: Record<SourceId, string> | undefined): Record<string, boolean[]> {
  return Object.fromEntries(
    CATALOG_RULES.map((rule) => {
      const payload = alertRulePayload(rule, settingsOf(data, rule.id), alertTarget(selectors));
      const spans = data.sim.manifest.rules[rule.id] ?? [];
      return [
        rule.id,
        spans.map((s) => evaluateThroughOracle(payload, data.entries, s.toMs + EVAL_DELAY_MS).firing.length > 0),
      ];
    })
  );
}

describe.each(DATA.map((d) => [d.profile, d] as const))('%s profile, selectors configured', (_profile, data) => {
  let selectors: Record<SourceId, string>;
  const run = oracleRunner(data.entries);
  const to = data.toMs + (PAGE_RANGE_MS - (data.toMs - data.fromMs)) / 2;

  beforeAll(async () => {
    selectors = await detectedSelectors(data.sim.streams);
  });

  it('(a) every catalog rule written as an alert rule embeds the selector and fires at each of its attacks', () => {
    for (const rule of CATALOG_RULES) {
      const expr = (alertRulePayload(rule, undefined, alertTarget(selectors)).data[0].model as { expr: string }).expr;
      expect({ id: rule.id, selector: expr.includes(selectors[rule.logsource.service]) }).toEqual({
        id: rule.id,
        selector: true,
      });
    }
    const fired = firing(data, selectors);
    const all = Object.fromEntries(Object.entries(fired).map(([id, spans]) => [id, spans.map(() => true)]));
    expect(Object.values(fired).every((spans) => spans.length > 0)).toBe(true);
    expect(fired).toEqual(all);
  });

  it("(b) Overview: each rule's hits are the lines its condition matches; no rule blind, every source healthy", async () => {
    const target = configured('loki', selectors);
    const { targets, errors } = catalogRequest(target, PAGE_RANGE_MS);
    expect(errors.size).toBe(0);
    const [catalog, health] = await Promise.all([
      run(targets, to - PAGE_RANGE_MS, to),
      run(healthTargets(target, PAGE_RANGE_MS), to - PAGE_RANGE_MS, to),
    ]);
    expectTrueOverview(summarize(catalog, health, errors), data);
    expect(CATALOG_RULES.every((r) => matchingLines(data, r) > 0)).toBe(true);
  });

  it('(b) Detections: the readiness probes and hit counts, batched as the page runs them, say the same', async () => {
    const target = configured('loki', selectors);
    const items = CATALOG_RULES.map((rule) => ({ rule }));
    const readiness = await run(readinessTargets(target, PAGE_RANGE_MS), to - PAGE_RANGE_MS, to);
    const counts = {
      sources: Object.fromEntries(SOURCE_IDS.map((s) => [s, totalOf(readiness[refIdOfSource(s)]?.frames)])),
      requestObject: totalOf(readiness[REQUEST_OBJECT_REF]?.frames),
    };
    expect(counts.sources).toEqual(data.sim.manifest.counts);
    expect(counts.requestObject).toBeGreaterThan(0);
    expect(CATALOG_RULES.filter((r) => !ruleReadiness(r, counts)?.ready).map((r) => r.id)).toEqual([]);
    const got: Record<string, number> = {};
    for (let offset = 0; offset < items.length; offset += 20) {
      const batch = items.slice(offset, offset + 20);
      const { targets, errors } = ruleCountTargets(batch, target, PAGE_RANGE_MS, offset);
      expect(errors.size).toBe(0);
      const results = await run(targets, to - PAGE_RANGE_MS, to);
      batch.forEach(({ rule }, i) => (got[rule.id] = totalOf(results[refIdOfRule(offset + i)]?.frames)));
    }
    expect(got).toEqual(Object.fromEntries(CATALOG_RULES.map((r) => [r.id, matchingLines(data, r)])));
  });

  it("(b) Investigate: each scenario's detections, user, IP and pod find the scenario's lines", async () => {
    const target = configured('loki', selectors);
    const found: Record<string, boolean> = {};
    for (const s of data.sim.manifest.scenarios) {
      const keys = scenarioKeys(data, s.id);
      for (const entity of scenarioEntities(data, s.id)) {
        const req: InvestigateRequest = { entity, fromMs: s.fromMs - 60_000, toMs: s.toMs + 60_000, ...target };
        const timeline = await loadTimeline(req, run);
        expect(timeline.errors).toEqual([]);
        found[`${s.id} ${entity.kind}:${entity.value}`] = timeline.events.some((e) =>
          keys.has(`${e.source}@${e.timeMs}`)
        );
      }
    }
    expect(Object.keys(found).length).toBeGreaterThan(data.sim.manifest.scenarios.length);
    expect(Object.entries(found).filter(([, ok]) => !ok)).toEqual([]);
  });
});

test('control: without configured selectors, the built-in defaults miss falcosidekick’s Falco streams (no job label)', async () => {
  const data = DATA.find((d) => d.profile === 'falcosidekick')!;
  const selectors = await detectedSelectors(data.sim.streams);
  expect(selectors.falco).not.toBe(DEFAULT_SELECTORS.falco);
  const falcoRules = CATALOG_RULES.filter((r) => r.logsource.service === 'falco').map((r) => r.id);
  const fired = firing(data, undefined);
  expect(falcoRules.length).toBeGreaterThan(0);
  expect(falcoRules.map((id) => fired[id].some(Boolean))).toEqual(falcoRules.map(() => false));
  const run = oracleRunner(data.entries);
  const to = data.toMs + 3_600_000;
  const readiness = await run(
    readinessTargets(configured('loki', {} as Record<SourceId, string>), PAGE_RANGE_MS),
    to - PAGE_RANGE_MS,
    to
  );
  expect(totalOf(readiness[refIdOfSource('falco')]?.frames)).toBe(0);
  const s = data.sim.manifest.scenarios.find((x) => x.id === 'exec-shell')!;
  const range = { fromMs: s.fromMs - 60_000, toMs: s.toMs + 60_000 };
  const entity = { kind: 'rule' as const, value: 'falco-shell-in-container' };
  const blind = await loadTimeline({ entity, ...range, ...configured('loki', {} as Record<SourceId, string>) }, run);
  const seeing = await loadTimeline({ entity, ...range, ...configured('loki', selectors) }, run);
  expect({ blind: blind.events.length, seeing: seeing.events.length > 0 }).toEqual({ blind: 0, seeing: true });
});
