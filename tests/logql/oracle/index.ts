// The LogQL oracle: evaluates the LogQL subset Vigil emits over in-memory entries, following
// Loki's documented semantics, so tests can check queries without a Loki server.
import { LogQLQueryError, OracleUnsupportedError, child, parseOrThrow } from './parse';
import { compileLogExpr } from './pipeline';
import { compileMetric, Sample } from './metrics';
import { LogEntry, labelsKey, sortedLabels } from './state';

export { parseLogQL, LogQLQueryError, OracleUnsupportedError } from './parse';
export type { LogQLSyntaxError, ParsedLogQL } from './parse';
export type { LogEntry } from './state';
export type { Sample } from './metrics';

/** A returned log line with its final label set (stream + metadata + parsed). */
export interface ResultEntry {
  labels: Record<string, string>;
  ts: bigint;
  line: string;
}

/** One series of a range query: points at each step where it has a value. */
export interface Series {
  labels: Record<string, string>;
  points: Array<{ t: bigint; value: number }>;
}

function rootExpr(query: string) {
  const parsed = parseOrThrow(query);
  const expr = parsed.tree.topNode.getChild('Expr');
  if (!expr) {
    throw new LogQLQueryError('empty query');
  }
  return expr;
}

/**
 * A log query over [start, end) (Loki API: "start ≤ ts < end"), newest first for 'backward'
 * (the default direction), cut to `limit` entries across all streams [API query_range].
 */
export function evaluateLogs(
  query: string,
  entries: LogEntry[],
  start: bigint,
  end: bigint,
  limit = 100,
  direction: 'forward' | 'backward' = 'backward'
): ResultEntry[] {
  const expr = rootExpr(query);
  const logExpr = child(expr, 'LogExpr');
  if (!logExpr) {
    throw new LogQLQueryError('a metric query is not a log query');
  }
  const selector = child(logExpr, 'Selector');
  if (!selector) {
    throw new OracleUnsupportedError(`log expression ${query}`);
  }
  const compiled = compileLogExpr(query, selector, child(logExpr, 'PipelineExpr'));
  const out: ResultEntry[] = [];
  for (const entry of entries) {
    if (entry.ts < start || entry.ts >= end || !compiled.selects(entry.labels)) {
      continue;
    }
    const state = compiled.run(entry);
    if (state) {
      out.push({ labels: sortedLabels(state.labels), ts: entry.ts, line: state.line });
    }
  }
  out.sort((a, b) => (a.ts === b.ts ? 0 : a.ts < b.ts === (direction === 'forward') ? -1 : 1));
  return out.slice(0, limit);
}

function sortSamples(samples: Sample[]): Sample[] {
  return [...samples].sort((a, b) => labelsKey(a.labels).localeCompare(labelsKey(b.labels)));
}

/**
 * An instant metric query at `time` (Unix ns). A scalar result is returned as one sample with
 * no labels. Samples are sorted by label set (Loki leaves the order unspecified [MQ]).
 */
export function evaluateInstant(query: string, entries: LogEntry[], time: bigint): Sample[] {
  const value = compileMetric(query, rootExpr(query), entries)(time);
  return value.kind === 'scalar' ? [{ labels: {}, value: value.value }] : sortSamples(value.samples);
}

/**
 * A range metric query: evaluated at t = start, start+step, … while t ≤ end; a series has a point
 * only at the steps where it has a sample (no zero filling) (docs/dev/logql.md#query-results,
 * [API query_range]).
 */
export function evaluateRange(query: string, entries: LogEntry[], start: bigint, end: bigint, step: bigint): Series[] {
  if (step <= BigInt(0)) {
    throw new LogQLQueryError('zero or negative query resolution step widths are not accepted');
  }
  const evaluate = compileMetric(query, rootExpr(query), entries);
  const series = new Map<string, Series>();
  for (let t = start; t <= end; t += step) {
    const value = evaluate(t);
    const samples = value.kind === 'scalar' ? [{ labels: {}, value: value.value }] : value.samples;
    for (const s of samples) {
      const key = labelsKey(s.labels);
      const entry = series.get(key) ?? { labels: s.labels, points: [] };
      entry.points.push({ t, value: s.value });
      series.set(key, entry);
    }
  }
  return [...series.values()].sort((a, b) => labelsKey(a.labels).localeCompare(labelsKey(b.labels)));
}
