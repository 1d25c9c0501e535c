/**
 * The Detections page's reads, as data source queries the backend runs: hit counts of every
 * rule and the readiness probes in ONE /api/ds/query request, and a rule's preview (count
 * over time + sample events). Counting ignores a window rule's correlation: the count is
 * of matching events, which is what an exception changes.
 */
import {
  DEFAULT_SELECTORS,
  logqlLogQuery,
  logqlMetricQuery,
  logsqlLogQuery,
  logsqlStatsQuery,
  planRule,
  type Backend,
  type Plan,
  type Rule,
} from '../detections';
import { GrafanaApiError, messageOf, type GrafanaHttp } from '../api/grafana';
import { DATASOURCE_TYPE } from '../constants';
import { SOURCE_IDS, type SourceId } from '../sources/types';
import { effectiveRule, type RuleSettings } from './settings';

/** One query of the Vigil data source model (src/datasource/types.ts), plus `instant`. */
export interface DsQuery {
  refId: string;
  datasource: { type: string; uid: string };
  version: 1;
  mode: 'code';
  queryType: 'metric' | 'logs';
  language: 'logql' | 'logsql';
  expr: string;
  source?: SourceId;
  instant?: boolean;
  limit?: number;
  maxDataPoints?: number;
  intervalMs?: number;
}

/** One frame as /api/ds/query returns it in JSON. */
export interface FrameJson {
  schema?: { name?: string; fields: Array<{ name: string; type: string; labels?: Record<string, string> }> };
  data?: { values: unknown[][] };
}

export type QueryResults = Record<string, { frames: FrameJson[]; error?: string }>;

/** `24h`, `90m` or `45s`: the single-unit durations both languages accept. */
export function durationText(ms: number): string {
  if (ms % 3_600_000 === 0) {
    return `${ms / 3_600_000}h`;
  }
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.max(1, Math.round(ms / 1000))}s`;
}

/** The plan counting a rule's matching events over `windowMs` (no correlation). */
function countPlan(rule: Rule, settings: RuleSettings | undefined, windowMs: number): Plan {
  const plan = planRule(effectiveRule(rule, settings), settings?.params ?? {});
  return { ...plan, window: undefined, alertWindow: durationText(windowMs) };
}

function base(refId: string, dsUid: string, backend: Backend, source?: SourceId): Omit<DsQuery, 'queryType' | 'expr'> {
  return {
    refId,
    datasource: { type: DATASOURCE_TYPE, uid: dsUid },
    version: 1,
    mode: 'code',
    language: backend === 'victorialogs' ? 'logsql' : 'logql',
    ...(source ? { source } : {}),
  };
}

/** Metric query counting a plan's events: over its alertWindow (instant) or per step (range, `step`). */
export function countExpr(plan: Plan, backend: Backend, instant: boolean): string {
  if (backend === 'victorialogs') {
    // Instant: the `_time:` filter is evaluated back from the query time. Range: buckets come from `step`.
    return logsqlStatsQuery(plan, { time: instant ? `_time:${plan.alertWindow}` : '' });
  }
  return logqlMetricQuery(plan);
}

export const refIdOfRule = (i: number) => `rule${i}`;
export const refIdOfSource = (s: SourceId) => `source_${s}`;
export const REQUEST_OBJECT_REF = 'audit_request_object';

/** A plain stream-presence count per source, and audit lines carrying requestObject (Request level or more). */
export function readinessTargets(dsUid: string, backend: Backend, rangeMs: number): DsQuery[] {
  const counts = (refId: string, source: SourceId, lineContains?: string): DsQuery => {
    const cond = lineContains
      ? ({ k: 'line', neg: false, op: 'contains', value: lineContains } as const)
      : ({ k: 'const', value: true } as const);
    const plan: Plan = {
      ruleId: refId,
      source,
      selector: DEFAULT_SELECTORS[source],
      cond,
      fields: [],
      alertWindow: durationText(rangeMs),
    };
    return {
      ...base(refId, dsUid, backend, source),
      queryType: 'metric',
      instant: true,
      expr: countExpr(plan, backend, true),
    };
  };
  return [
    ...SOURCE_IDS.map((s) => counts(refIdOfSource(s), s)),
    counts(REQUEST_OBJECT_REF, 'audit', '"requestObject"'),
  ];
}

// Compiled count expressions per rule object, keyed by backend, range and settings: re-renders,
// range switches back and forth, and re-visits do not compile the same rule again.
const compiled = new WeakMap<Rule, Map<string, { expr?: string; error?: string }>>();

function compiledCount(rule: Rule, settings: RuleSettings | undefined, backend: Backend, rangeMs: number) {
  let byKey = compiled.get(rule);
  if (!byKey) {
    byKey = new Map();
    compiled.set(rule, byKey);
  }
  const key = `${backend}|${rangeMs}|${settings ? JSON.stringify(settings) : ''}`;
  let c = byKey.get(key);
  if (!c) {
    try {
      c = { expr: countExpr(countPlan(rule, settings, rangeMs), backend, true) };
    } catch (e) {
      c = { error: e instanceof Error ? e.message : String(e) };
    }
    byKey.set(key, c);
  }
  return c;
}

/** Count targets of rules `items`, rule i named `rule<offset + i>`; rules that cannot compile are left out. */
export function ruleCountTargets(
  items: Array<{ rule: Rule; settings?: RuleSettings }>,
  dsUid: string,
  backend: Backend,
  rangeMs: number,
  offset = 0
) {
  const targets: DsQuery[] = [];
  const errors = new Map<string, string>();
  items.forEach(({ rule, settings }, i) => {
    const c = compiledCount(rule, settings, backend, rangeMs);
    if (c.expr === undefined) {
      errors.set(rule.id, c.error ?? 'does not compile');
      return;
    }
    targets.push({
      ...base(refIdOfRule(offset + i), dsUid, backend, rule.logsource.service),
      queryType: 'metric',
      instant: true,
      expr: c.expr,
    });
  });
  return { targets, errors };
}

/** Targets of the catalog in one request: rule i is `rule<i>`, then the readiness probes. */
export function catalogTargets(
  items: Array<{ rule: Rule; settings?: RuleSettings }>,
  dsUid: string,
  backend: Backend,
  rangeMs: number
) {
  const { targets, errors } = ruleCountTargets(items, dsUid, backend, rangeMs);
  return { targets: [...targets, ...readinessTargets(dsUid, backend, rangeMs)], errors };
}

/** Preview of one rule: hits per step over the range (refId `count`) and sample events (refId `sample`). */
export function previewTargets(
  rule: Rule,
  settings: RuleSettings | undefined,
  dsUid: string,
  backend: Backend,
  stepMs: number,
  sampleLimit = 20
): DsQuery[] {
  const plan = countPlan(rule, settings, stepMs);
  const source = rule.logsource.service;
  return [
    {
      ...base('count', dsUid, backend, source),
      queryType: 'metric',
      expr: countExpr(plan, backend, false),
      intervalMs: stepMs,
      maxDataPoints: 1000,
    },
    {
      ...base('sample', dsUid, backend, source),
      queryType: 'logs',
      expr: backend === 'victorialogs' ? logsqlLogQuery(plan) : logqlLogQuery(plan),
      limit: sampleLimit,
    },
  ];
}

/** Runs targets in one POST /api/ds/query; per-query errors come back in the results, transport errors throw. */
export async function runQueries(
  http: GrafanaHttp,
  targets: DsQuery[],
  fromMs: number,
  toMs: number
): Promise<QueryResults> {
  const body = { queries: targets, from: String(fromMs), to: String(toMs) };
  const res = await http.request<{ results?: QueryResults }>('POST', '/api/ds/query', body);
  if (!res.data?.results) {
    throw new GrafanaApiError(res.status, messageOf(res.data), 'Running the detection queries');
  }
  return res.data.results;
}

/** Sum of the last value of every number field: the count an instant query returned. */
export function totalOf(frames: FrameJson[] | undefined): number {
  let sum = 0;
  for (const f of frames ?? []) {
    f.schema?.fields.forEach((field, i) => {
      const col = f.data?.values[i];
      if (field.type === 'number' && col?.length) {
        sum += Number(col[col.length - 1]) || 0;
      }
    });
  }
  return sum;
}

/** Points of a range count: time → summed value across series. */
export function seriesOf(frames: FrameJson[] | undefined): Array<{ t: number; v: number }> {
  const byTime = new Map<number, number>();
  for (const f of frames ?? []) {
    const fields = f.schema?.fields ?? [];
    const ti = fields.findIndex((x) => x.type === 'time');
    if (ti < 0) {
      continue;
    }
    fields.forEach((field, i) => {
      if (field.type !== 'number') {
        return;
      }
      const times = f.data?.values[ti] ?? [];
      (f.data?.values[i] ?? []).forEach((v, j) => {
        const t = Number(times[j]);
        byTime.set(t, (byTime.get(t) ?? 0) + (Number(v) || 0));
      });
    });
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
}

/** Rows of a logs frame as {time, line}. */
export function sampleOf(frames: FrameJson[] | undefined): Array<{ time: number; line: string }> {
  const out: Array<{ time: number; line: string }> = [];
  for (const f of frames ?? []) {
    const fields = f.schema?.fields ?? [];
    const ti = fields.findIndex((x) => x.type === 'time');
    const li = fields.findIndex((x) => x.name === 'body' || x.name === 'Line');
    const lineIdx = li >= 0 ? li : fields.findIndex((x) => x.type === 'string');
    (f.data?.values[lineIdx] ?? []).forEach((line, j) =>
      out.push({ time: Number(f.data?.values[ti]?.[j] ?? 0), line: String(line) })
    );
  }
  return out;
}

export { SOURCE_IDS };
