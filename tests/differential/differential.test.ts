/** @jest-environment node */
// For every catalog rule, over the simulator's benign + attack data and the rules' test lines:
// the matcher's hits equal what the compiled LogQL finds in the LogQL oracle (log and metric
// forms), and what the compiled LogsQL finds in a real VictoriaLogs. Every LogQL parses with
// Grafana's lezer grammar.
import { CATALOG_RULES } from '../../src/detections/catalog';
import { logqlLogQuery, logqlMetricQuery } from '../../src/detections/logql';
import { logsqlLogQuery, logsqlStatsQuery } from '../../src/detections/logsql';
import { resolveField } from '../../src/detections/fields';
import { eventNs, matchEvent, windowValues } from '../../src/detections/matcher';
import { planRule } from '../../src/detections/plan';
import type { Plan } from '../../src/detections/types';
import { evaluateLogs, evaluateRange, parseLogQL } from '../logql/oracle';
import { ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../stack';
import { buildCorpus, corpusStreams, CorpusEntry, FROM_MS, parseRfc3339Ns, rfc3339Nano, TO_MS } from './corpus';

jest.setTimeout(300_000);

const NS_PER_MS = BigInt(1000000);
const START = BigInt(FROM_MS) * NS_PER_MS;
const END = BigInt(TO_MS + 60000) * NS_PER_MS;
const STEP = BigInt(30_000) * NS_PER_MS;

const corpus = buildCorpus();
const plans = CATALOG_RULES.map((r) => planRule(r));

function entryKey(ts: bigint, line: string): string {
  return `${ts} ${line}`;
}

function matcherHits(plan: Plan): CorpusEntry[] {
  return corpus.filter((e) => e.event !== undefined && matchEvent(plan, e.event));
}

function keys(entries: Array<{ ts: bigint; line: string }>): string[] {
  return entries.map((e) => entryKey(e.ts, e.line)).sort();
}

/** Evaluation times for metric comparisons: every 30 s step of the range. */
function steps(): bigint[] {
  const out: bigint[] = [];
  for (let t = START; t <= END; t += STEP) {
    out.push(t);
  }
  return out;
}

function matcherSeries(plan: Plan, hits: CorpusEntry[]): string[] {
  const events = hits.map((h) => h.event!);
  return steps().flatMap((t) => [...windowValues(plan, events, t).values()].map((v) => `${t} ${JSON.stringify(v.key)} ${v.value}`)).sort();
}

describe('catalog rules: sanity of the corpus', () => {
  it('has benign and attack lines of every source, and every test line parses', () => {
    for (const s of ['audit', 'coredns', 'netfilter', 'falco']) {
      expect(corpus.filter((e) => e.source === s && e.event).length).toBeGreaterThan(20);
    }
    expect(corpus.filter((e) => e.test && !e.event)).toEqual([]);
  });
});

describe.each(plans.map((p) => [p.ruleId, p] as const))('%s', (id, plan) => {
  const hits = matcherHits(plan);
  const log = logqlLogQuery(plan);
  const metric = logqlMetricQuery(plan);

  it('fires on its positive test lines and not on its negatives (matcher)', () => {
    const tests = corpus.filter((e) => e.test?.rule === id);
    expect(tests.length).toBeGreaterThan(1);
    for (const t of tests) {
      expect({ line: t.line, hit: matchEvent(plan, t.event!) }).toEqual({ line: t.line, hit: t.test!.positive });
    }
  });

  it('compiled LogQL parses with @grafana/lezer-logql', () => {
    expect(parseLogQL(log).errors).toEqual([]);
    expect(parseLogQL(metric).errors).toEqual([]);
  });

  it('LogQL log query finds exactly the matcher hits (oracle)', () => {
    const found = evaluateLogs(log, corpus, START, END, 1_000_000, 'forward');
    expect(keys(found)).toEqual(keys(hits));
  });

  it('LogQL metric query gives the matcher window values at every step (oracle)', () => {
    const series = evaluateRange(metric, corpus, START, END, STEP);
    const labelsOf = (labels: Record<string, string>): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const g of plan.window?.groupBy ?? []) {
        const label = `f_${g.replace(/[^A-Za-z0-9_]/g, '_')}`;
        out[label] = labels[label] ?? '';
      }
      return out;
    };
    const oracle = series.flatMap((s) => s.points.map((p) => `${p.t} ${JSON.stringify(labelsOf(s.labels))} ${p.value}`)).sort();
    expect(oracle).toEqual(matcherSeries(plan, hits));
  });
});

describe('compiled LogsQL on a real VictoriaLogs', () => {
  let vl: ManagedServer;
  beforeAll(async () => {
    vl = await startVictoriaLogs();
    await pushLoki(vl.url, corpusStreams(corpus), { backend: 'victorialogs' });
  });
  afterAll(async () => {
    await vl?.stop();
  });

  it('holds the whole corpus', async () => {
    const rows = await queryLogsQL(vl.url, '* | stats count() as n');
    expect(rows).toEqual([{ n: String(corpus.length) }]);
  });

  it.each(plans.map((p) => [p.ruleId, p] as const))('%s: log query finds exactly the matcher hits', async (_id, plan) => {
    const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan));
    expect(keys(rows.map((r) => ({ ts: parseRfc3339Ns(r._time), line: r._msg })))).toEqual(keys(matcherHits(plan)));
  });

  it.each(plans.map((p) => [p.ruleId, p] as const))('%s: stats query gives the matcher window values', async (_id, plan) => {
    const hits = matcherHits(plan);
    const w = BigInt(plan.window?.windowMs ?? 300000) * NS_PER_MS;
    // At each hit's time (where values change) and just before the next window opens.
    const times = [...new Set(hits.flatMap((h) => [eventNs(h.event!), eventNs(h.event!) + w - BigInt(1)]))].sort();
    const sample = times.filter((_t, i) => i % Math.ceil(times.length / 12) === 0);
    expect(hits.length).toBeGreaterThan(0);
    for (const t of sample) {
      const query = logsqlStatsQuery(plan, { time: `_time:(${rfc3339Nano(t - w)}, ${rfc3339Nano(t)}]` });
      const rows = await queryLogsQL(vl.url, query);
      const got = rows.map((r) => {
        const key: Record<string, string> = {};
        for (const g of plan.window?.groupBy ?? []) {
          const f = resolveField(plan.source, g);
          key[f.label] = r[f.vlField] ?? '';
        }
        return `${JSON.stringify(key)} ${r.hits}`;
      });
      const want = [...windowValues(plan, hits.map((h) => h.event!), t).values()].map((v) => `${JSON.stringify(v.key)} ${v.value}`);
      expect({ t: String(t), query, got: got.sort() }).toEqual({ t: String(t), query, got: want.sort() });
    }
  });
});
