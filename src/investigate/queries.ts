/**
 * Plans → data source queries. Logs queries ask for the newest `limit` lines of the range
 * (the backend caps at Loki's 5000); count queries aggregate in the log backend, so the
 * browser never holds more than one page per source however busy the entity is.
 */
import { logqlLogQuery, logsqlLogQuery, type Backend, type Plan } from '../detections';
import { durationText, runQueries, sampleOf, seriesOf, type DsQuery, type QueryResults } from '../alerting/queries';
import type { GrafanaHttp } from '../api/grafana';
import { DATASOURCE_TYPE } from '../constants';
import type { LogRow } from './timeline';
import type { SourceId } from '../sources/types';

/** Lines per source in one page. */
export const DEFAULT_PAGE = 200;

/** The drill-down log query of a plan in the backend's language. */
export function logExpr(plan: Plan, backend: Backend): string {
  return backend === 'victorialogs' ? logsqlLogQuery(plan) : logqlLogQuery(plan);
}

/** Events per step of a plan: LogsQL `stats` (bucketed by the step) or LogQL `count_over_time`. */
export function countExpr(plan: Plan, backend: Backend, stepMs: number): string {
  if (backend === 'victorialogs') {
    return `${logsqlLogQuery(plan)} | stats count() as events`;
  }
  return `sum(count_over_time(${logqlLogQuery(plan)} [${durationText(stepMs)}]))`;
}

/** A step giving about 60 buckets over the range, in whole minutes. */
export function stepFor(rangeMs: number): number {
  return Math.max(60_000, Math.ceil(rangeMs / 60 / 60_000) * 60_000);
}

function target(refId: string, dsUid: string, backend: Backend, source: SourceId): Omit<DsQuery, 'queryType' | 'expr'> {
  return {
    refId,
    datasource: { type: DATASOURCE_TYPE, uid: dsUid },
    version: 1,
    mode: 'code',
    language: backend === 'victorialogs' ? 'logsql' : 'logql',
    source,
  };
}

export function logsTarget(refId: string, plan: Plan, dsUid: string, backend: Backend, limit: number): DsQuery {
  return { ...target(refId, dsUid, backend, plan.source), queryType: 'logs', expr: logExpr(plan, backend), limit };
}

export function countTarget(refId: string, plan: Plan, dsUid: string, backend: Backend, stepMs: number): DsQuery {
  return {
    ...target(refId, dsUid, backend, plan.source),
    queryType: 'metric',
    expr: countExpr(plan, backend, stepMs),
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

export { seriesOf };
export type { DsQuery, QueryResults };
