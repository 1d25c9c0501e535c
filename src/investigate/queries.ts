/**
 * Plans → data source queries. Logs queries ask for the newest `limit` lines of the range
 * (the backend caps at Loki's 5000); count queries aggregate in the log backend, so the
 * browser never holds more than one page per source however busy the entity is.
 */
import { logqlLogQuery, logsqlLogQuery, type Plan } from '../detections';
import { baseQuery, durationText, logExpr, runQueries, sampleOf, seriesOf, type DsQuery, type QueryResults } from '../alerting/queries';
import { layoutOf, type QueryLanguage, type QueryTarget } from '../alerting/target';
import type { GrafanaHttp } from '../api/grafana';
import type { LogRow } from './timeline';
import type { SourceId } from '../sources/types';

/** Lines per source in one page. */
export const DEFAULT_PAGE = 200;

/** Events per step of a plan: LogsQL `stats` (bucketed by the step) or LogQL `count_over_time`. */
export function countExpr(plan: Plan, target: QueryLanguage, stepMs: number): string {
  if (target.backend === 'victorialogs') {
    return `${logsqlLogQuery(plan, { layout: layoutOf(target, plan.source) })} | stats count() as events`;
  }
  return `sum(count_over_time(${logqlLogQuery(plan)} [${durationText(stepMs)}]))`;
}

/** A step giving about 60 buckets over the range, in whole minutes. */
export function stepFor(rangeMs: number): number {
  return Math.max(60_000, Math.ceil(rangeMs / 60 / 60_000) * 60_000);
}

export function logsTarget(refId: string, plan: Plan, target: QueryTarget, limit: number): DsQuery {
  return { ...baseQuery(refId, target, plan.source), queryType: 'logs', expr: logExpr(plan, target), limit };
}

export function countTarget(refId: string, plan: Plan, target: QueryTarget, stepMs: number): DsQuery {
  return {
    ...baseQuery(refId, target, plan.source),
    queryType: 'metric',
    expr: countExpr(plan, target, stepMs),
    intervalMs: stepMs,
    maxDataPoints: 1000,
  };
}

/** Runs targets in one request over [fromMs, toMs]; per-query errors come back in the results. */
export type QueryRunner = (targets: DsQuery[], fromMs: number, toMs: number) => Promise<QueryResults>;

/** The runner over Grafana's /api/ds/query. */
export const httpRunner =
  (http: GrafanaHttp): QueryRunner =>
  (targets, fromMs, toMs) =>
    runQueries(http, targets, fromMs, toMs);

/** Rows of one logs result, tagged with their source. */
export function rowsOf(results: QueryResults, refId: string, source: SourceId, via?: string): LogRow[] {
  return sampleOf(results[refId]?.frames).map((r) => ({ source, timeMs: r.time, line: r.line, ...(via ? { via } : {}) }));
}

export { logExpr, seriesOf };
export type { DsQuery, QueryResults };
