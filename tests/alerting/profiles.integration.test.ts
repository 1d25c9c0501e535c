/** @jest-environment node */
// The selector matrix on a real VictoriaLogs, every query run by the real plugin binary behind
// devhost's /api/ds/query: the four shipper profiles' data in one VictoriaLogs (its default
// layout, JSON events stored as fields), each profile on its own day. Per profile, stream
// detection reads that day from VictoriaLogs and proposes the selectors the data source is
// configured with; then
// (a) every catalog rule's alert query, as alertRulePayload writes it, fires at the end of each
//     of its attacks (query A through the plugin, then Grafana's reduce and threshold);
// (b) the Overview's and the Detections page's hit counts equal the lines each rule's condition
//     matches, no rule is blind, every source is healthy, and Investigate finds each scenario's
//     lines. The same matrix on Loki (LogQL oracle) is profiles.test.ts.
import {
  alertRulePayload,
  readinessTargets,
  REQUEST_OBJECT_REF,
  refIdOfRule,
  refIdOfSource,
  ruleCountTargets,
  ruleReadiness,
  runQueries,
  totalOf,
  type QueryTarget,
} from '../../src/alerting';
import { fetchHttp, type GrafanaHttp } from '../../src/api/grafana';
import { httpRunner, loadTimeline, type QueryRunner } from '../../src/investigate';
import { catalogRequest, healthTargets, summarize } from '../../src/pages/Overview/overview.utils';
import { detectStreams, evidenceOf, victoriaLogsProbe } from '../../src/sources/detect';
import { SOURCE_IDS, type SourceId } from '../../src/sources/types';
import { buildDevhost, requireBuiltPlugin, startDevhost } from '../host/harness';
import { flushVictoriaLogs, pushLoki, startVictoriaLogs, type ManagedServer } from '../stack';
import { evaluateThroughPlugin } from './evaluate';
import {
  CATALOG_RULES,
  configured,
  EVAL_DELAY_MS,
  expectTrueOverview,
  matchingLines,
  PAGE_RANGE_MS,
  profileData,
  scenarioEntities,
  scenarioKeys,
  settingsOf,
  type ProfileData,
} from './profiles';

jest.setTimeout(300_000);

const DATA = profileData();
/** JSON sources stored as fields (VictoriaLogs' default); CoreDNS and netfilter lines are text in _msg. */
const LAYOUTS: QueryTarget['layouts'] = {
  audit: 'native',
  coredns: 'verbatim',
  netfilter: 'verbatim',
  falco: 'native',
};
const servers: ManagedServer[] = [];
let vlUrl: string;
let hostUrl: string;
let http: GrafanaHttp;
let run: QueryRunner;

beforeAll(async () => {
  requireBuiltPlugin();
  const [binary, vl] = await Promise.all([buildDevhost(), startVictoriaLogs()]);
  servers.push(vl);
  vlUrl = vl.url;
  // One push per profile (VictoriaLogs caps a request at 64 MiB).
  for (const d of DATA) {
    await pushLoki(vl.url, d.sim.streams, { backend: 'victorialogs', layout: 'native' });
  }
  await flushVictoriaLogs(vl.url);
  const devhost = await startDevhost({
    binary,
    logBackend: 'victorialogs',
    logUrl: vl.url,
    prometheusUrl: 'http://127.0.0.1:9',
  });
  servers.push(devhost);
  hostUrl = devhost.url;
  http = fetchHttp(devhost.url);
  run = httpRunner(http);
}, 300_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** Runs `tasks` with at most `n` in flight (two shared cores: the plugin and VictoriaLogs). */
async function limited<T>(tasks: Array<() => Promise<T>>, n = 4): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < tasks.length; i = next++) {
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}

describe.each(DATA.map((d) => [d.profile, d] as const))(
  '%s profile on VictoriaLogs, selectors configured',
  (_profile, data: ProfileData) => {
    let target: QueryTarget;
    const to = data.toMs + (PAGE_RANGE_MS - (data.toMs - data.fromMs)) / 2;

    it("stream detection, reading the profile's day from VictoriaLogs, proposes a confirmed selector for every source", async () => {
      const probe = victoriaLogsProbe({ url: vlUrl, startMs: data.fromMs, endMs: data.toMs + 60_000 });
      const found = await detectStreams(probe);
      expect(found.map((d) => ({ source: d.source, confirmed: d.proposal?.confirmed }))).toEqual(
        SOURCE_IDS.map((source) => ({ source, confirmed: true }))
      );
      const selectors = Object.fromEntries(
        found.map((d) => [d.source, `{${evidenceOf({ matchers: d.proposal!.query.matchers })}}`])
      ) as Record<SourceId, string>;
      target = configured('victorialogs', selectors, LAYOUTS);
    });

    it('(a) every catalog rule written as an alert rule embeds the selector and fires at each of its attacks', async () => {
      const alertTarget = { ...target, folderUID: 'vigil-detections', ruleGroup: 'vigil' };
      const checks = CATALOG_RULES.flatMap((rule) => {
        const payload = alertRulePayload(rule, settingsOf(data, rule.id), alertTarget);
        expect({
          id: rule.id,
          selector: (payload.data[0].model as { expr: string }).expr.startsWith(
            target.selectors![rule.logsource.service]!
          ),
        }).toEqual({ id: rule.id, selector: true });
        return (data.sim.manifest.rules[rule.id] ?? []).map((s) => async () => ({
          key: `${rule.id} @ ${s.scenario}`,
          fires: (await evaluateThroughPlugin(hostUrl, payload, s.toMs + EVAL_DELAY_MS)).firing.length > 0,
        }));
      });
      const results = await limited(checks);
      expect(new Set(results.map((r) => r.key.split(' @ ')[0]))).toEqual(new Set(CATALOG_RULES.map((r) => r.id)));
      expect(results.filter((r) => !r.fires).map((r) => r.key)).toEqual([]);
    });

    it("(b) Overview: each rule's hits are the lines its condition matches; no rule blind, every source healthy", async () => {
      const { targets, errors } = catalogRequest(target, PAGE_RANGE_MS);
      expect(errors.size).toBe(0);
      const [catalog, health] = await Promise.all([
        runQueries(http, targets, to - PAGE_RANGE_MS, to),
        runQueries(http, healthTargets(target, PAGE_RANGE_MS), to - PAGE_RANGE_MS, to),
      ]);
      expectTrueOverview(summarize(catalog, health, errors), data);
    });

    it('(b) Detections: the readiness probes and hit counts, batched as the page runs them, say the same', async () => {
      const readiness = await runQueries(http, readinessTargets(target, PAGE_RANGE_MS), to - PAGE_RANGE_MS, to);
      const counts = {
        sources: Object.fromEntries(SOURCE_IDS.map((s) => [s, totalOf(readiness[refIdOfSource(s)]?.frames)])),
        requestObject: totalOf(readiness[REQUEST_OBJECT_REF]?.frames),
      };
      expect(counts.sources).toEqual(data.sim.manifest.counts);
      expect(CATALOG_RULES.filter((r) => !ruleReadiness(r, counts)?.ready).map((r) => r.id)).toEqual([]);
      const { targets, errors } = ruleCountTargets(
        CATALOG_RULES.map((rule) => ({ rule })),
        target,
        PAGE_RANGE_MS
      );
      expect(errors.size).toBe(0);
      const results = await runQueries(http, targets, to - PAGE_RANGE_MS, to);
      expect(Object.fromEntries(CATALOG_RULES.map((r, i) => [r.id, totalOf(results[refIdOfRule(i)]?.frames)]))).toEqual(
        Object.fromEntries(CATALOG_RULES.map((r) => [r.id, matchingLines(data, r)]))
      );
    });

    it("(b) Investigate: each scenario's detections, user, IP and pod find the scenario's lines", async () => {
      const checks = data.sim.manifest.scenarios.flatMap((s) => {
        const keys = scenarioKeys(data, s.id);
        return scenarioEntities(data, s.id).map((entity) => async () => {
          const timeline = await loadTimeline(
            { entity, fromMs: s.fromMs - 60_000, toMs: s.toMs + 60_000, ...target },
            run
          );
          return {
            key: `${s.id} ${entity.kind}:${entity.value}`,
            errors: timeline.errors,
            found: timeline.events.some((e) => keys.has(`${e.source}@${e.timeMs}`)),
          };
        });
      });
      const results = await limited(checks);
      expect(results.length).toBeGreaterThan(data.sim.manifest.scenarios.length);
      expect(results.filter((r) => !r.found || r.errors.length > 0)).toEqual([]);
    });
  }
);
