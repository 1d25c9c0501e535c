/** @jest-environment node */
// Unit tests of the Investigate landing's aggregation (src/investigate/landing.ts) over the
// simulator's ground truth: every catalog rule evaluated by the detection matcher on the parsed
// lines (window rules through the engine's own correlation), then tallied per entity. The
// landing's two requests are answered by a runner that serves that ground truth by refId.
import { parser } from '@grafana/lezer-logql';
import { simulate, type SimResult } from '../../backend-stub/src';
import { evaluationOf, REQUEST_OBJECT_REF, type FrameJson, type QueryResults, type RuleSettings } from '../alerting';
import type { QueryTarget } from '../alerting/target';
import { detect, groupKey, matchEvent, type Level, type Rule } from '../detections';
import { CATALOG_RULES } from '../detections/catalog';
import type { ParsedEvent, SourceId } from '../sources/types';
import {
  detectedEvents,
  candidateKeys,
  landingCountTargets,
  landingRowTargets,
  windowStepMs,
  LANDING_KINDS,
  LEVELS,
  loadLanding,
  narrowToKeys,
  orderFired,
  parseRows,
  ROWS_PER_RULE,
  tallyEntities,
  type LandingEntity,
  type RuleEvents,
} from './landing';
import type { DsQuery } from './queries';
import { stateFromSearch } from './url';
import type { LogRow } from './timeline';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const sim: SimResult = simulate({
  seed: 5,
  from: NOW - 3 * 3_600_000,
  to: NOW - 5 * 60_000,
  scenarios: 'all',
  profile: 'nearform',
});
const SOURCE_OF = (l: Record<string, string>): SourceId =>
  l.job === 'auditlog'
    ? 'audit'
    : l.container === 'coredns'
      ? 'coredns'
      : l.job === 'kernellog'
        ? 'netfilter'
        : 'falco';
const rows: LogRow[] = sim.streams.flatMap((s) =>
  s.values.map(([ns, line]) => ({ source: SOURCE_OF(s.stream), timeMs: Number(BigInt(ns) / BigInt(1e6)), line }))
);
const rowOf = new Map<ParsedEvent, LogRow>();
const events: ParsedEvent[] = rows.map((row) => {
  const {
    events: [ev],
  } = parseRows([row]);
  rowOf.set(ev, row);
  return ev;
});
const LOKI: QueryTarget = { dsUid: 'vigil', backend: 'loki' };

/** The exceptions a deployment of this cluster sets: the identities the manifest lists as allowed. */
const ALLOWED: Record<string, RuleSettings> = Object.fromEntries(
  Object.entries(sim.manifest.allowed).map(([id, a]) => [id, { exceptions: [{ 'user.username': a.usernames }] }])
);

const matches = (rule: Rule, settings: Record<string, RuleSettings>) => {
  const { plan } = evaluationOf(rule, settings[rule.id], LOKI);
  return { plan, matched: events.filter((e) => matchEvent(plan, e)) };
};

/** Ground truth: every rule's detected events over the whole simulation. */
function truth(settings: Record<string, RuleSettings>): RuleEvents[] {
  return CATALOG_RULES.flatMap((rule) => {
    const { plan, matched } = matches(rule, settings);
    const detected = detectedEvents(plan, matched);
    return detected.length ? [{ rule, events: detected, partial: false }] : [];
  });
}

const attacker = sim.manifest.scenarios.find((s) => s.id === 'exec-shell')!.entities.user;
const ciAccount = sim.manifest.allowed['k8s-exec-into-pod'].usernames[0];
const levelOf = (id: string) => CATALOG_RULES.find((r) => r.id === id)!.level;
const mostSevere = (levels: Level[]) => LEVELS.find((l) => levels.includes(l));
const named = (list: LandingEntity[], value: string) => list.find((e) => e.entity.value === value);

describe('tallyEntities', () => {
  it("ranks the scenarios' attacker first among users, with the most severe level of the rules its lines trip", () => {
    const top = tallyEntities(truth(ALLOWED));
    expect(top.user[0].entity).toEqual({ kind: 'user', value: attacker });
    // The manifest: the detections of every scenario the attacker acts in.
    const ids = new Set(
      sim.manifest.scenarios.filter((s) => s.entities.user === attacker).flatMap((s) => s.detections)
    );
    expect(top.user[0].level).toBe(mostSevere([...ids].map(levelOf)));
    // Every rule credited to the attacker is one of those scenarios' detections.
    for (const r of top.user[0].rules) {
      expect(ids).toContain(r.id);
    }
    expect(top.user[0].hits).toBe(top.user[0].rules.reduce((n, r) => n + r.hits, 0));
    expect(named(top.user, ciAccount)).toBeUndefined();
    expect(top.ip[0].entity.value).toBe(sim.manifest.scenarios.find((s) => s.id === 'secret-read')!.entities.clientIP);
  });

  it("without the deployment's exceptions the CI account's baseline execs outrank the attacker", () => {
    const top = tallyEntities(truth({}));
    expect(top.user[0].entity.value).toBe(ciAccount);
    expect(top.user[0].level).toBe(levelOf('k8s-exec-into-pod'));
    expect(top.user[0].rules.map((r) => r.id)).toEqual(['k8s-exec-into-pod']);
    expect(named(top.user, attacker)).toBeDefined();
  });

  it('window rules count the events of their detections, not every match', () => {
    const top = tallyEntities(truth(ALLOWED), 1000);
    const credited = (list: LandingEntity[], id: string) =>
      list.filter((e) => e.rules.some((r) => r.id === id)).map((e) => e.entity.value);
    // The NXDOMAIN burst's client only: the baseline's other NXDOMAINs are matches, not detections.
    const burst = sim.manifest.scenarios.find((s) => s.id === 'nxdomain-burst')!.entities.clientIP;
    expect(credited(top.ip, 'dns-nxdomain-burst')).toEqual([burst]);
    const nx = matches(
      CATALOG_RULES.find((r) => r.id === 'dns-nxdomain-burst')!,
      ALLOWED
    );
    expect(new Set(nx.matched.map((e) => e.fields['client.ip'])).size).toBeGreaterThan(1);
    // The port scan: its source pod and the addresses it probed.
    const scan = sim.manifest.scenarios.find((s) => s.id === 'port-scan')!.entities;
    expect(credited(top.ip, 'net-port-scan')).toContain(scan.srcIP);
    expect(credited(top.ip, 'net-port-scan')).toContain(scan.targetIP);
  });

  it('keeps n per kind, ordered by hits, then severity; partial rows make the counts lower bounds', () => {
    const rule = (id: string, level: Level) => ({ ...CATALOG_RULES[0], id, title: id, level });
    const user = (u: string, t = 0): ParsedEvent =>
      ({ source: 'audit', timeMs: t, fields: { 'entity.user': u }, line: '' }) as ParsedEvent;
    const top = tallyEntities(
      [
        { rule: rule('a', 'low'), events: [user('x', 1), user('x', 5), user('y')], partial: true },
        { rule: rule('b', 'critical'), events: [user('y', 2), user('z')], partial: false },
      ],
      2
    );
    expect(top.user.map((e) => [e.entity.value, e.hits, e.level, e.partial, e.lastMs])).toEqual([
      ['y', 2, 'critical', true, 2],
      ['x', 2, 'low', true, 5],
    ]);
    expect(top.user[0].rules.map((r) => r.id)).toEqual(['b', 'a']);
    expect(Object.keys(top)).toEqual([...LANDING_KINDS]);
  });
});

describe('window rules', () => {
  const nx = CATALOG_RULES.find((r) => r.id === 'dns-nxdomain-burst')!;
  const { plan } = evaluationOf(nx, undefined, LOKI);

  it('takes as candidates the keys whose two neighbouring windows reach the threshold, highest first', () => {
    const series = (ip: string, points: Array<[number, number]>): FrameJson => ({
      schema: {
        fields: [
          { name: 'Time', type: 'time' },
          { name: 'Value', type: 'number', labels: { f_client_ip: ip } },
        ],
      },
      data: { values: [points.map((p) => p[0]), points.map((p) => p[1])] },
    });
    const w = plan.window!;
    expect(plan.window?.groupBy).toEqual(['client.ip']);
    expect(w.op).toBe('gte');
    const step = w.windowMs;
    const frames = [
      series('10.0.0.1', [[0, w.threshold - 1]]), // one window short
      series('10.0.0.2', [
        [0, w.threshold - 2],
        [step, 2],
      ]), // a burst across two windows
      series('10.0.0.3', [
        [0, w.threshold - 2],
        [2 * step, 2],
      ]), // two windows apart
      series('10.0.0.4', [[step, w.threshold + 5]]),
    ];
    expect(candidateKeys(frames, plan, LOKI, step)).toEqual([
      { key: { 'client.ip': '10.0.0.4' }, peak: w.threshold + 5 },
      { key: { 'client.ip': '10.0.0.2' }, peak: w.threshold },
    ]);
    expect(windowStepMs(60_000, 86_400_000)).toBe(60_000);
    expect((86_400_000 * 7) / windowStepMs(30_000, 86_400_000 * 7)).toBeLessThanOrEqual(10_000);
  });

  it('narrows the plan to the fired keys: it matches exactly the matches of those keys', () => {
    const burst = sim.manifest.scenarios.find((s) => s.id === 'nxdomain-burst')!.entities.clientIP;
    const narrowed = narrowToKeys(plan, [{ 'client.ip': burst }]);
    const all = events.filter((e) => matchEvent(plan, e));
    expect(events.filter((e) => matchEvent(narrowed, e))).toEqual(all.filter((e) => e.fields['client.ip'] === burst));
    expect(narrowToKeys(plan, [{}])).toBe(plan);
  });
});

describe('the queries on Loki', () => {
  const syntaxErrors = (query: string) => {
    const bad: string[] = [];
    parser.parse(query).iterate({ enter: (n) => void (n.type.isError && bad.push(query.slice(n.from, n.to + 20))) });
    return bad;
  };

  it("parse as LogQL: counts, window counts per key (every window rule's alert query with '> 0'), narrowed rows", () => {
    const counts = landingCountTargets(LOKI, 86_400_000);
    const windows = counts.filter((q) => q.refId.startsWith('windows'));
    expect(windows.map((q) => CATALOG_RULES[Number(q.refId.slice(7))].id).sort()).toEqual(
      CATALOG_RULES.filter((r) => r.correlation)
        .map((r) => r.id)
        .sort()
    );
    for (const q of windows) {
      expect(q.expr).toMatch(/\) > 0$/);
      expect(q.intervalMs).toBe(evaluationOf(CATALOG_RULES[Number(q.refId.slice(7))], undefined, LOKI).windowMs);
    }
    const fired = CATALOG_RULES.map((rule, index) => ({
      rule,
      index,
      hits: 1,
      plan: evaluationOf(rule, undefined, LOKI).plan,
      keys: [{ 'client.ip': '10.0.0.1', src: '10.0.0.2' }],
    })).filter((f) => !f.plan.window || f.plan.window.groupBy.every((g) => g in f.keys[0]));
    const rowsQ = landingRowTargets(
      fired.map((f) => ({
        ...f,
        keys: f.plan.window
          ? [Object.fromEntries(f.plan.window.groupBy.map((g) => [g, f.keys[0][g as 'src']]))]
          : undefined,
      })),
      LOKI
    );
    for (const q of [...counts, ...rowsQ]) {
      expect({ refId: q.refId, errors: syntaxErrors(q.expr) }).toEqual({ refId: q.refId, errors: [] });
    }
  });
});

describe('loadLanding', () => {
  const frame = (fields: NonNullable<FrameJson['schema']>['fields'], values: unknown[][]): FrameJson => ({
    schema: { fields },
    data: { values },
  });
  const count = (n: number) => [frame([{ name: 'Value', type: 'number' }], [[n]])];

  /** Serves the ground truth by refId: rule i of the catalog is `rule<i>`, `windows<i>`, `rows<i>`. */
  function runner(settings: Record<string, RuleSettings>, capRows: Record<string, number> = {}) {
    const requests: DsQuery[][] = [];
    const run = async (targets: DsQuery[]): Promise<QueryResults> => {
      requests.push(targets);
      const out: QueryResults = {};
      for (const q of targets) {
        const m = /^(rule|windows|rows|source_)(.*)$/.exec(q.refId);
        if (q.refId === REQUEST_OBJECT_REF) {
          out[q.refId] = { frames: count(1) };
        } else if (m?.[1] === 'source_') {
          out[q.refId] = { frames: count(rows.filter((r) => r.source === m[2]).length) };
        } else if (m) {
          const rule = CATALOG_RULES[Number(m[2])];
          const { plan, matched } = matches(rule, settings);
          if (m[1] === 'rule') {
            out[q.refId] = { frames: count(matched.length) };
          } else if (m[1] === 'windows') {
            // Counts per key per bucket of the query's step, as the backend buckets them.
            const step = q.intervalMs!;
            const buckets = new Map<string, { labels: Record<string, string>; byT: Map<number, Set<string>> }>();
            for (const e of matched) {
              const labels = groupKey(plan, e);
              const id = JSON.stringify(labels);
              const b = buckets.get(id) ?? { labels, byT: new Map() };
              const t = Math.floor(e.timeMs / step) * step;
              const seen = b.byT.get(t) ?? new Set<string>();
              seen.add(plan.window!.type === 'value_count' ? String(e.fields[plan.window!.field!]) : String(seen.size));
              b.byT.set(t, seen);
              buckets.set(id, b);
            }
            out[q.refId] = {
              frames: [...buckets.values()].map(({ labels, byT }) =>
                frame(
                  [
                    { name: 'Time', type: 'time' },
                    { name: 'Value', type: 'number', labels },
                  ],
                  [[...byT.keys()], [...byT.values()].map((v) => v.size)]
                )
              ),
            };
          } else {
            // Narrowed: a window rule's rows of the keys that fired (the query's candidates hold them).
            const fired = new Set(detect(plan, matched).map((d) => d.key));
            const kept = plan.window
              ? matched.filter((e) => fired.has(Object.values(groupKey(plan, e)).join(',')))
              : matched;
            const newest = kept
              .map((e) => rowOf.get(e)!)
              .sort((a, b) => b.timeMs - a.timeMs)
              .slice(0, Math.min(q.limit ?? 0, capRows[rule.id] ?? Infinity));
            out[q.refId] = {
              frames: [
                frame(
                  [
                    { name: 'Time', type: 'time' },
                    { name: 'Line', type: 'string' },
                  ],
                  [newest.map((r) => r.timeMs), newest.map((r) => r.line)]
                ),
              ],
            };
          }
        }
      }
      return out;
    };
    return { run, requests };
  }

  it('counts, then reads the fired rules: the same top entities as the ground truth, in two requests', async () => {
    const { run, requests } = runner(ALLOWED);
    const landing = await loadLanding(LOKI, NOW - 4 * 3_600_000, NOW, run, { settings: ALLOWED });
    expect(requests).toHaveLength(2);
    expect(landing.errors).toEqual([]);
    expect(landing.unparsed).toBe(0);
    expect(landing.top).toEqual(tallyEntities(truth(ALLOWED)));
    expect(landing.sources.netfilter).toBe(rows.filter((r) => r.source === 'netfilter').length);
    // Fired: every rule with a detection, most severe first; the rows read are capped per rule.
    expect(landing.fired.map((f) => f.rule.id).sort()).toEqual(
      truth(ALLOWED)
        .map((t) => t.rule.id)
        .sort()
    );
    expect(landing.fired.map((f) => LEVELS.indexOf(f.rule.level))).toEqual(
      [...landing.fired.map((f) => LEVELS.indexOf(f.rule.level))].sort((a, b) => a - b)
    );
    expect(orderFired(landing.fired)).toEqual(landing.fired);
    const rowQueries = requests[1];
    expect(rowQueries.every((q) => q.queryType === 'logs' && (q.limit ?? 0) <= 1000)).toBe(true);
    // The burst rule's rows are narrowed to the client that fired.
    const burst = sim.manifest.scenarios.find((s) => s.id === 'nxdomain-burst')!.entities.clientIP;
    const nxIndex = CATALOG_RULES.findIndex((r) => r.id === 'dns-nxdomain-burst');
    expect(rowQueries.find((q) => q.refId === `rows${nxIndex}`)?.expr).toContain(burst);
  });

  it('marks the entities of a rule whose rows were capped as lower bounds, and reports query errors', async () => {
    const { run } = runner(ALLOWED, { 'k8s-events-deleted': 2 });
    const failing = async (targets: DsQuery[]) => {
      const out = await run(targets);
      const ref = targets.find((q) => q.refId.startsWith('source_'))?.refId;
      if (ref) {
        out[ref] = { frames: [], error: 'upstream said no' };
      }
      return out;
    };
    const landing = await loadLanding(LOKI, NOW - 4 * 3_600_000, NOW, failing, { settings: ALLOWED });
    expect(landing.errors).toEqual(['audit: upstream said no']);
    const user = named(landing.top.user, attacker)!;
    expect(user.partial).toBe(true);
    expect(user.rules.find((r) => r.id === 'k8s-events-deleted')?.hits).toBe(2);
    expect(ROWS_PER_RULE).toBeGreaterThanOrEqual(100);
  });

  it('fires nothing over a range without detections', async () => {
    const run = async (targets: DsQuery[]): Promise<QueryResults> =>
      Object.fromEntries(targets.map((q) => [q.refId, { frames: count(0) }]));
    const landing = await loadLanding(LOKI, NOW - 3_600_000, NOW, run);
    expect(landing.fired).toEqual([]);
    expect(landing.read).toBe(0);
    expect(Object.values(landing.top).every((l) => l.length === 0)).toBe(true);
  });
});

describe('the landing range', () => {
  it('is the last 24 hours before an entity is chosen; an investigation keeps its own default', () => {
    expect(stateFromSearch('').state).toEqual({ from: 'now-24h', to: 'now' });
    expect(stateFromSearch('from=now-6h').state).toEqual({ from: 'now-6h', to: 'now' });
    expect(stateFromSearch('entity=user:alice').state).toMatchObject({ from: 'now-1h', to: 'now' });
    expect(stateFromSearch('rule=k8s-exec-into-pod').state).toMatchObject({ from: 'now-1h', to: 'now' });
  });
});
