/** @jest-environment node */
// Partial-event property: the rules' JSON test events and the simulator's JSON events, with any
// subset of optional fields removed, keys reordered, needless JSON escapes and lower-case
// percent-escapes, still parse, and every rule's matcher agrees with its compiled LogQL (oracle,
// shrinking to a minimal case) and its compiled LogsQL on a real VictoriaLogs (a seeded sample).
import fc from 'fast-check';
import { CATALOG_RULES, ruleTestLines } from '../../src/detections/catalog';
import { logqlLogQuery } from '../../src/detections/logql';
import { logsqlLogQuery } from '../../src/detections/logsql';
import { matchEvent } from '../../src/detections/matcher';
import { planRule } from '../../src/detections/plan';
import { resolveField } from '../../src/detections/fields';
import { rawJsonAt } from '../../src/detections/rawjson';
import { SOURCES } from '../../src/sources';
import type { ParsedEvent } from '../../src/sources/types';
import { evaluateLogs } from '../logql/oracle';
import { ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../stack';
import { buildCorpus, corpusStreams, CorpusEntry, parseRfc3339Ns } from './corpus';
import { mutate, mutation, type Mutation } from './variants';

jest.setTimeout(300_000);

type JsonSource = 'audit' | 'falco';
const NS_PER_MS = BigInt(1000000);
const T0 = Date.parse('2026-03-03T10:00:00Z');
const LABELS: Record<JsonSource, Record<string, string>> = { audit: { job: 'auditlog' }, falco: { job: 'falco' } };

const plans = CATALOG_RULES.map((r) => planRule(r)).filter((p) => p.source === 'audit' || p.source === 'falco');
const queries = new Map(plans.map((p) => [p.ruleId, logqlLogQuery(p)]));

// Every rule test line of the JSON sources, and every 40th simulator line of them.
const bases: Array<{ source: JsonSource; line: string }> = buildCorpus()
  .filter((e, i) => (e.source === 'audit' || e.source === 'falco') && e.event && (e.test || i % 40 === 0))
  .map((e) => ({ source: e.source as JsonSource, line: e.line }));

function entry(source: JsonSource, line: string, i: number): CorpusEntry {
  const ts = BigInt(T0 + i * 1000) * NS_PER_MS;
  const r = SOURCES[source].parse(line);
  const event: ParsedEvent | undefined = r.ok ? { ...r.event, timeMs: Number(ts / NS_PER_MS) } : undefined;
  return { labels: LABELS[source], ts, line, source, event };
}

/**
 * VictoriaLogs unpacks a map body's values decoded and packs them again, so an escaped letter
 * in them reads as the letter; Loki and the matcher read the raw text (docs/victorialogs.md).
 */
function escapedMap(plan: (typeof plans)[number], line: string): boolean {
  return plan.fields.some((n) => {
    const f = resolveField(plan.source, n);
    return f.body === 'map' && (rawJsonAt(line, f.json!.segments) ?? '').includes('\\u');
  });
}

/** Rules whose matcher and oracle disagree on one line (empty when they agree). */
function disagreements(e: CorpusEntry): string[] {
  const out: string[] = [];
  for (const plan of plans.filter((p) => p.source === e.source)) {
    const oracle = evaluateLogs(queries.get(plan.ruleId)!, [e], e.ts, e.ts + BigInt(1), 10, 'forward').length > 0;
    if (oracle !== matchEvent(plan, e.event!)) {
      out.push(`${plan.ruleId}: matcher ${!oracle}, LogQL ${oracle}`);
    }
  }
  return out;
}

const variant = fc.tuple(fc.constantFrom(...bases), mutation);

function variantLine([base, m]: [{ source: JsonSource; line: string }, Mutation]): {
  source: JsonSource;
  line: string;
} {
  return { source: base.source, line: mutate(base.line, base.source, m)! };
}

/** A rule's positive test line, rewritten. */
function rewritten(
  ruleId: string,
  index: number,
  edit: (ev: Record<string, unknown>) => string
): { source: JsonSource; line: string } {
  const rule = CATALOG_RULES.find((r) => r.id === ruleId)!;
  const line = ruleTestLines(rule, T0).positive[index];
  return { source: rule.logsource.service as JsonSource, line: edit(JSON.parse(line)) };
}

/** Shrunk counterexamples of the properties below, kept as named cases. */
const REGRESSIONS: Array<[string, { source: JsonSource; line: string }]> = [
  [
    'a value written entirely in \\u escapes (k8s-nodes-proxy)',
    rewritten('k8s-nodes-proxy', 0, (ev) =>
      JSON.stringify(ev).replace('"nodes"', '"\\u006e\\u006f\\u0064\\u0065\\u0073"')
    ),
  ],
  [
    'lower-case percent-escapes in exec commands (k8s-dangerous-exec-command)',
    rewritten('k8s-dangerous-exec-command', 1, (ev) =>
      JSON.stringify({ ...ev, requestURI: String(ev.requestURI).replace(/%2F/g, '%2f') })
    ),
  ],
  [
    'slashes written as \\/ (k8s-dangerous-exec-command)',
    rewritten('k8s-dangerous-exec-command', 2, (ev) => JSON.stringify(ev).replace(/\//g, '\\/')),
  ],
  [
    'an EventList item: no kind, apiVersion, level, stage, auditID or timestamps (k8s-exec-into-pod)',
    rewritten(
      'k8s-exec-into-pod',
      0,
      ({
        kind: _k,
        apiVersion: _a,
        level: _l,
        stage: _s,
        auditID: _i,
        requestReceivedTimestamp: _r,
        stageTimestamp: _t,
        ...rest
      }) => JSON.stringify(rest)
    ),
  ],
  [
    'a Falco event with only rule, priority and output (falco-alert)',
    rewritten('falco-alert', 0, ({ rule, priority, output }) => JSON.stringify({ rule, priority, output })),
  ],
];

describe('JSON events in foreign encodings', () => {
  it.each(REGRESSIONS)('%s: parses, matcher == LogQL (oracle)', (_name, v) => {
    const e = entry(v.source, v.line, 0);
    expect(e.event).toBeDefined();
    expect(disagreements(e)).toEqual([]);
  });

  it('has test and simulator events of both JSON sources', () => {
    expect(bases.filter((b) => b.source === 'audit').length).toBeGreaterThan(100);
    expect(bases.filter((b) => b.source === 'falco').length).toBeGreaterThan(10);
  });

  it('still parse, and every rule matcher == its LogQL (oracle)', () => {
    fc.assert(
      fc.property(variant, (v) => {
        const { source, line } = variantLine(v);
        const e = entry(source, line, 0);
        expect({ line, parsed: e.event !== undefined }).toEqual({ line, parsed: true });
        expect({ line, disagree: disagreements(e) }).toEqual({ line, disagree: [] });
      }),
      { numRuns: 400, seed: 17 }
    );
  });

  describe('on a real VictoriaLogs (a seeded sample of 1,500 variants)', () => {
    let vl: ManagedServer;
    const sample = [
      ...REGRESSIONS.map(([, v]) => v),
      ...fc.sample(variant, { numRuns: 1500, seed: 18 }).map(variantLine),
    ];
    const corpus = sample.map((v, i) => entry(v.source, v.line, i));
    beforeAll(async () => {
      vl = await startVictoriaLogs();
      await pushLoki(vl.url, corpusStreams(corpus), { backend: 'victorialogs' });
    });
    afterAll(async () => {
      await vl?.stop();
    });

    it.each(plans.map((p) => [p.ruleId, p] as const))(
      '%s: LogsQL finds exactly the matcher hits',
      async (_id, plan) => {
        const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan));
        const known = (line: string) => escapedMap(plan, line);
        const got = rows
          .filter((r) => !known(r._msg))
          .map((r) => `${parseRfc3339Ns(r._time)} ${r._msg}`)
          .sort();
        const want = corpus
          .filter((e) => e.event && !known(e.line) && matchEvent(plan, e.event))
          .map((e) => `${e.ts} ${e.line}`)
          .sort();
        expect(got).toEqual(want);
      }
    );

    it('reads a map body decoded, where the raw text has escaped letters (the known difference)', async () => {
      const plan = plans.find((p) => p.ruleId === 'k8s-configmap-credentials')!;
      const lines = corpus.filter((e) => escapedMap(plan, e.line));
      expect(lines.length).toBeGreaterThan(0);
      const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan));
      const found = new Set(rows.map((r) => r._msg));
      for (const e of lines) {
        // The same line with only the map's text decoded: the rest stays as the prefilter sees it.
        const raw = rawJsonAt(e.line, ['requestObject', 'data'])!;
        const decoded = SOURCES.audit.parse(e.line.replace(raw, JSON.stringify(JSON.parse(raw))));
        expect({ line: e.line, found: found.has(e.line) }).toEqual({ line: e.line, found: decoded.ok && matchEvent(plan, decoded.event) });
      }
    });
  });
});
