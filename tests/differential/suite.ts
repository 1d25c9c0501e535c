// The differential checks, for any corpus: for every catalog rule, the matcher's hits equal
// what the compiled LogQL finds in the LogQL oracle (log and metric forms) and what the
// compiled LogsQL finds in a real VictoriaLogs (log and stats forms).
import { resolveField } from '../../src/detections/fields';
import { logqlLogQuery, logqlMetricQuery } from '../../src/detections/logql';
import { logsqlLogQuery, logsqlStatsQuery, type Layout } from '../../src/detections/logsql';
import { eventNs, matchEvent, windowValues } from '../../src/detections/matcher';
import type { Plan } from '../../src/detections/types';
import { evaluateLogs, evaluateRange, parseLogQL } from '../logql/oracle';
import { ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../stack';
import { corpusStreams, CorpusEntry, parseRfc3339Ns, rfc3339Nano } from './corpus';

const NS_PER_MS = BigInt(1000000);
const STEP = BigInt(30_000) * NS_PER_MS;

/** The range a corpus covers, padded by a minute so the last windows close. */
export interface Range {
  start: bigint;
  end: bigint;
}

function entryKey(ts: bigint, line: string): string {
  return `${ts} ${line}`;
}

function keys(entries: Array<{ ts: bigint; line: string }>): string[] {
  return entries.map((e) => entryKey(e.ts, e.line)).sort();
}

export function matcherHits(corpus: CorpusEntry[], plan: Plan): CorpusEntry[] {
  return corpus.filter((e) => e.event !== undefined && matchEvent(plan, e.event));
}

function steps(range: Range): bigint[] {
  const out: bigint[] = [];
  for (let t = range.start; t <= range.end; t += STEP) {
    out.push(t);
  }
  return out;
}

function matcherSeries(plan: Plan, hits: CorpusEntry[], range: Range): string[] {
  const events = hits.map((h) => h.event!);
  return steps(range)
    .flatMap((t) => [...windowValues(plan, events, t).values()].map((v) => `${t} ${JSON.stringify(v.key)} ${v.value}`))
    .sort();
}

/** Matcher == LogQL oracle, log and metric forms, for every plan. */
export function describeOracle(corpus: CorpusEntry[], plans: Plan[], range: Range): void {
  describe.each(plans.map((p) => [p.ruleId, p] as const))('%s', (_id, plan) => {
    const hits = matcherHits(corpus, plan);
    const log = logqlLogQuery(plan);
    const metric = logqlMetricQuery(plan);

    it('compiled LogQL parses with @grafana/lezer-logql', () => {
      expect(parseLogQL(log).errors).toEqual([]);
      expect(parseLogQL(metric).errors).toEqual([]);
    });

    it('LogQL log query finds exactly the matcher hits (oracle)', () => {
      const found = evaluateLogs(log, corpus, range.start, range.end, 1_000_000, 'forward');
      expect(keys(found)).toEqual(keys(hits));
    });

    it('LogQL metric query gives the matcher window values at every step (oracle)', () => {
      const series = evaluateRange(metric, corpus, range.start, range.end, STEP);
      const labelsOf = (labels: Record<string, string>): Record<string, string> => {
        const out: Record<string, string> = {};
        for (const g of plan.window?.groupBy ?? []) {
          const label = `f_${g.replace(/[^A-Za-z0-9_]/g, '_')}`;
          out[label] = labels[label] ?? '';
        }
        return out;
      };
      const oracle = series
        .flatMap((s) => s.points.map((p) => `${p.t} ${JSON.stringify(labelsOf(s.labels))} ${p.value}`))
        .sort();
      expect(oracle).toEqual(matcherSeries(plan, hits, range));
    });
  });
}

/**
 * The stats (alert) query's values per group equal the matcher's window values at a sample of
 * times: each hit's time (where values change) and just before the next window opens.
 */
async function checkStats(
  url: string,
  plan: Plan,
  hits: CorpusEntry[],
  layout: Layout,
  samples: number
): Promise<void> {
  const w = BigInt(plan.window?.windowMs ?? 300000) * NS_PER_MS;
  const times = [...new Set(hits.flatMap((h) => [eventNs(h.event!), eventNs(h.event!) + w - BigInt(1)]))].sort();
  for (const t of times.filter((_t, i) => i % Math.ceil(times.length / samples) === 0)) {
    const query = logsqlStatsQuery(plan, { layout, time: `_time:(${rfc3339Nano(t - w)}, ${rfc3339Nano(t)}]` });
    const rows = await queryLogsQL(url, query);
    const got = rows.map((r) => {
      const key: Record<string, string> = {};
      for (const g of plan.window?.groupBy ?? []) {
        const f = resolveField(plan.source, g);
        key[f.label] = r[layout === 'native' && f.json ? f.json.segments.join('.') : f.vlField] ?? '';
      }
      return `${JSON.stringify(key)} ${r.hits}`;
    });
    const events = hits.map((h) => h.event!);
    const want = [...windowValues(plan, events, t).values()].map((v) => `${JSON.stringify(v.key)} ${v.value}`);
    expect({ t: String(t), query, got: got.sort() }).toEqual({ t: String(t), query, got: want.sort() });
  }
}

/** Matcher == compiled LogsQL on a real VictoriaLogs holding the corpus. */
export function describeVictoriaLogs(corpus: CorpusEntry[], plans: Plan[]): void {
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

    it.each(plans.map((p) => [p.ruleId, p] as const))(
      '%s: log query finds exactly the matcher hits',
      async (_id, plan) => {
        const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan));
        expect(keys(rows.map((r) => ({ ts: parseRfc3339Ns(r._time), line: r._msg })))).toEqual(
          keys(matcherHits(corpus, plan))
        );
      }
    );

    it.each(plans.map((p) => [p.ruleId, p] as const))('%s: stats query gives the matcher window values', (_id, plan) =>
      checkStats(vl.url, plan, matcherHits(corpus, plan), 'verbatim', 12)
    );
  });
}

/**
 * Matcher == compiled LogsQL on a real VictoriaLogs that stores JSON events as fields (its
 * default, the native layout). Rows have no line: they are keyed by their entry time, unique
 * per corpus entry. The matcher reads the original lines: the rows must give the same answers.
 */
export function describeVictoriaLogsNative(corpus: CorpusEntry[], plans: Plan[]): void {
  const json = corpus.filter((e) => e.source === 'audit' || e.source === 'falco');
  const jsonPlans = plans.filter((p) => p.source === 'audit' || p.source === 'falco');
  describe('compiled LogsQL on a real VictoriaLogs holding events as fields (native layout)', () => {
    let vl: ManagedServer;
    beforeAll(async () => {
      vl = await startVictoriaLogs();
      await pushLoki(vl.url, corpusStreams(json), { backend: 'victorialogs', layout: 'native' });
    });
    afterAll(async () => {
      await vl?.stop();
    });

    it.each(jsonPlans.map((p) => [p.ruleId, p] as const))(
      '%s: log query finds exactly the matcher hits',
      async (_id, plan) => {
        const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan, { layout: 'native' }));
        const got = rows.map((r) => String(parseRfc3339Ns(r._time))).sort();
        const want = matcherHits(json, plan)
          .map((h) => String(h.ts))
          .sort();
        expect(got).toEqual(want);
      }
    );

    it.each(jsonPlans.map((p) => [p.ruleId, p] as const))(
      '%s: stats query gives the matcher window values',
      (_id, plan) => checkStats(vl.url, plan, matcherHits(json, plan), 'native', 8)
    );
  });
}
