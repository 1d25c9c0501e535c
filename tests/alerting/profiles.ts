// The data of the selector matrix: for each of the simulator's four shipper profiles, six hours
// with every attack scenario, each profile on its own day so that one VictoriaLogs holds all
// four apart; the stream selectors stream detection proposes for the profile's streams (what
// the data source is then configured with); the ground truth of the page queries (how many
// lines each rule's condition matches, by the in-memory matcher); and a query runner that
// answers the pages' LogQL queries with the LogQL oracle, as Loki would.
import { lineFor, PROFILES, simulate, type ProfileId, type SimResult, type Stream } from '../../backend-stub/src';
import type { DsQuery, FrameJson, QueryResults, QueryTarget, RuleSettings } from '../../src/alerting';
import { matchEvent, planRule, type Rule } from '../../src/detections';
import { CATALOG_RULES } from '../../src/detections/catalog';
import type { Entity, QueryRunner } from '../../src/investigate';
import { SOURCES } from '../../src/sources';
import { detectStreams, evidenceOf, type LogBackendProbe, type LabelMatcher } from '../../src/sources/detect';
import type { summarize } from '../../src/pages/Overview/overview.utils';
import { SOURCE_IDS, type ParsedEvent, type SourceId } from '../../src/sources/types';
import { evaluateInstant, evaluateLogs, evaluateRange, type LogEntry } from '../logql/oracle';

export const SEED = 11;
const DAY = 24 * 3_600_000;
const BASE_MS = Date.UTC(2026, 2, 2, 0, 0, 0);
export const SPAN_MS = 6 * 3_600_000;
/** Grafana evaluates a few seconds after the attack's last line. */
export const EVAL_DELAY_MS = 5_000;
/** The page queries' range: the whole profile day's data, and nothing of the neighbours. */
export const PAGE_RANGE_MS = 8 * 3_600_000;
const NS_PER_MS = BigInt(1_000_000);

export interface ProfileData {
  profile: ProfileId;
  fromMs: number;
  toMs: number;
  sim: SimResult;
  entries: LogEntry[];
  /** Each event the profile shipped, parsed from the line as its shipper delivers it. */
  events: ParsedEvent[];
}

/** Each profile's data on its own day (profile i on day i after 2026-03-02). */
export function profileData(): ProfileData[] {
  return PROFILES.map((profile, i) => {
    const fromMs = BASE_MS + i * DAY;
    const toMs = fromMs + SPAN_MS;
    const sim = simulate({ seed: SEED, from: fromMs, to: toMs, scenarios: 'all', profile });
    const entries = sim.streams.flatMap((s) =>
      s.values.map(([ns, line]) => ({ labels: s.stream, ts: BigInt(ns), line }))
    );
    const events = sim.events.map((e) => {
      const line = lineFor(profile, e);
      const parsed = SOURCES[e.source].parse(line, { entryTimeMs: e.at.us / 1000 });
      if (!parsed.ok) {
        throw new Error(`${profile}: a ${e.source} line does not parse: ${line}`);
      }
      return parsed.event;
    });
    return { profile, fromMs, toMs, sim, entries, events };
  });
}

const matches = (labels: Record<string, string>, m: LabelMatcher) =>
  m.op === '=' ? labels[m.label] === m.value : new RegExp(`^(?:${m.value})$`).test(labels[m.label] ?? '');

/** Stream detection's view of pushed streams: their label names and values, and their lines. */
export function memoryProbe(streams: Stream[]): LogBackendProbe {
  return {
    kind: 'loki',
    labelNames: async () => [...new Set(streams.flatMap((s) => Object.keys(s.stream)))],
    labelValues: async (label) => [...new Set(streams.flatMap((s) => (label in s.stream ? [s.stream[label]] : [])))],
    sampleLines: async (q, limit) =>
      streams
        .filter((s) => q.matchers.every((m) => matches(s.stream, m)))
        .flatMap((s) => s.values.map(([, line]) => line))
        .filter((line) => !q.contains || line.includes(q.contains))
        .slice(-limit),
  };
}

/**
 * The stream selector of each source as stream detection proposes it for these streams, in
 * the form the data source's "Use detected selectors" stores (the matchers of its evidence; a
 * line marker such as netfilter's `SRC=` is a filter, not part of the selector). Throws when
 * a source has no confirmed proposal.
 */
export async function detectedSelectors(streams: Stream[]): Promise<Record<SourceId, string>> {
  const found = await detectStreams(memoryProbe(streams));
  const out = {} as Record<SourceId, string>;
  for (const d of found) {
    if (!d.proposal?.confirmed) {
      throw new Error(`no confirmed stream for ${d.source}: ${JSON.stringify(d.candidates)}`);
    }
    out[d.source] = `{${evidenceOf({ matchers: d.proposal.query.matchers })}}`;
  }
  return out;
}

/** The identities the baseline legitimately uses (the CI deployer's execs), as user exceptions. */
export function settingsOf(data: ProfileData, id: string): RuleSettings | undefined {
  const allowed = data.sim.manifest.allowed[id];
  return allowed ? { exceptions: [{ 'user.username': allowed.usernames }] } : undefined;
}

/** Lines of the profile whose source the rule reads and whose condition it matches (no correlation). */
export function matchingLines(data: ProfileData, rule: Rule): number {
  const plan = planRule(rule);
  return data.events.filter((ev) => matchEvent(plan, ev)).length;
}

/** The scenario lines of a profile as (source, ms) keys, per scenario. */
export function scenarioKeys(data: ProfileData, scenario: string): Set<string> {
  const s = data.sim.manifest.scenarios.find((x) => x.id === scenario)!;
  return new Set(s.lines.map((l) => `${l.source}@${Number(BigInt(l.timestampNs) / NS_PER_MS)}`));
}

/**
 * The entities an analyst would investigate a scenario by: each detection it trips, the user
 * who acted (audit), the client or source IP of its DNS and packet lines, and the pod its
 * Falco alerts name.
 */
export function scenarioEntities(data: ProfileData, scenario: string): Entity[] {
  const s = data.sim.manifest.scenarios.find((x) => x.id === scenario)!;
  const sources = new Set(s.lines.map((l) => l.source));
  const { namespace, pod, user, clientIP, srcIP, podIP } = s.entities;
  const out: Entity[] = s.detections.map((id) => ({ kind: 'rule', value: id }));
  if (user && sources.has('audit')) {
    out.push({ kind: 'user', value: user });
  }
  const ip = clientIP ?? srcIP ?? podIP;
  if (ip && (sources.has('coredns') || sources.has('netfilter'))) {
    out.push({ kind: 'ip', value: ip });
  }
  if (namespace && pod && sources.has('falco')) {
    out.push({ kind: 'pod', value: `${namespace}/${pod}` });
  }
  return out;
}

const frame = (times: number[], values: number[], name = 'Value'): FrameJson => ({
  schema: {
    fields: [
      { name: 'Time', type: 'time' },
      { name, type: 'number' },
    ],
  },
  data: { values: [times, values] },
});

/**
 * A QueryRunner answering LogQL data source queries with the oracle over `entries`, as Loki
 * behind the data source would: instant metric queries at the range's end, range metric
 * queries per step, logs queries newest first up to their limit.
 */
export function oracleRunner(entries: LogEntry[]): QueryRunner {
  return async (targets: DsQuery[], fromMs: number, toMs: number): Promise<QueryResults> => {
    const out: QueryResults = {};
    const [start, end] = [BigInt(fromMs) * NS_PER_MS, BigInt(toMs) * NS_PER_MS];
    for (const t of targets) {
      if (t.language !== 'logql') {
        throw new Error(`the oracle answers LogQL only: ${t.refId} is ${t.language}`);
      }
      try {
        if (t.queryType === 'logs') {
          const rows = evaluateLogs(t.expr, entries, start, end + BigInt(1), t.limit ?? 100);
          out[t.refId] = {
            frames: [
              {
                schema: {
                  fields: [
                    { name: 'Time', type: 'time' },
                    { name: 'Line', type: 'string' },
                  ],
                },
                data: { values: [rows.map((r) => Number(r.ts / NS_PER_MS)), rows.map((r) => r.line)] },
              },
            ],
          };
        } else if (t.instant) {
          out[t.refId] = { frames: evaluateInstant(t.expr, entries, end).map((s) => frame([toMs], [s.value])) };
        } else {
          const step = BigInt(t.intervalMs ?? 60_000) * NS_PER_MS;
          out[t.refId] = {
            frames: evaluateRange(t.expr, entries, start, end, step).map((s) =>
              frame(
                s.points.map((p) => Number(p.t / NS_PER_MS)),
                s.points.map((p) => p.value)
              )
            ),
          };
        }
      } catch (e) {
        out[t.refId] = { frames: [], error: e instanceof Error ? e.message : String(e) };
      }
    }
    return out;
  };
}

/** The target of a data source configured with `selectors` (and, on VictoriaLogs, `layouts`). */
export function configured(
  backend: QueryTarget['backend'],
  selectors: Record<SourceId, string>,
  layouts: QueryTarget['layouts'] = {}
): QueryTarget {
  return { dsUid: 'vigil', backend, layouts, selectors };
}

export { CATALOG_RULES };

/**
 * The Overview over a profile's data tells the truth: each rule's hits are the lines its
 * condition matches, no rule is blind, every source is found with no parse errors.
 */
export function expectTrueOverview(overview: ReturnType<typeof summarize>, data: ProfileData): void {
  expect(overview.errors).toEqual([]);
  expect(Object.fromEntries(overview.rules.map((r) => [r.rule.id, r.hits]))).toEqual(
    Object.fromEntries(CATALOG_RULES.map((r) => [r.id, matchingLines(data, r)]))
  );
  expect(overview.rules.filter((r) => r.blind).map((r) => `${r.rule.id}: ${r.blind}`)).toEqual([]);
  expect(
    overview.sources.map((s) => ({ source: s.source, lines: s.lines, parseErrors: s.parseErrors, found: s.streams > 0 && s.sampled > 0 }))
  ).toEqual(SOURCE_IDS.map((source) => ({ source, lines: data.sim.manifest.counts[source], parseErrors: 0, found: true })));
}
