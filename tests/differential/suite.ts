// The differential checks, for any corpus: for every catalog rule, the matcher's hits equal
// what the compiled LogQL finds in the LogQL oracle (log and metric forms). The same checks
// against a real VictoriaLogs (compiled LogsQL) are in victorialogs.ts.
import { logqlLogQuery, logqlMetricQuery } from '../../src/detections/logql';
import { matchEvent, windowValues } from '../../src/detections/matcher';
import type { Plan } from '../../src/detections/types';
import { evaluateLogs, evaluateRange, parseLogQL } from '../logql/oracle';
import { CorpusEntry } from './corpus';

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

export function keys(entries: Array<{ ts: bigint; line: string }>): string[] {
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
