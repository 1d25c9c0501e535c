/**
 * The Detections page's reads, as data source queries the backend runs: hit counts of every
 * rule and the readiness probes in ONE /api/ds/query request, and a rule's preview (count
 * over time + sample events). Counting ignores a window rule's correlation: the count is
 * of matching events, which is what an exception changes.
 */
import {
  durationMs,
  logqlLogQuery,
  logqlMetricQuery,
  logsqlLogQuery,
  logsqlStatsQuery,
  planRule,
  type Backend,
  type Cond,
  type Plan,
  type Rule,
} from '../detections';
import { GrafanaApiError, messageOf, type GrafanaHttp } from '../api/grafana';
import { DATASOURCE_TYPE } from '../constants';
import { SOURCE_IDS, type SourceId } from '../sources/types';
import { effectiveRule, type RuleSettings } from './settings';
import { layoutOf, ruleParams, selectorFor, type QueryLanguage, type QueryTarget } from './target';

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

/** The plan counting a rule's matching events over `windowMs` (no correlation), in the target's streams. */
function countPlan(rule: Rule, settings: RuleSettings | undefined, target: QueryLanguage, windowMs: number): Plan {
  const eff = effectiveRule(rule, settings);
  const plan = planRule(eff, ruleParams(eff, settings?.params ?? {}, target));
  return { ...plan, window: undefined, alertWindow: durationText(windowMs) };
}

/** The fields every query of `target` shares. */
export function baseQuery(refId: string, target: QueryTarget, source?: SourceId): Omit<DsQuery, 'queryType' | 'expr'> {
  return {
    refId,
    datasource: { type: DATASOURCE_TYPE, uid: target.dsUid },
    version: 1,
    mode: 'code',
    language: target.backend === 'victorialogs' ? 'logsql' : 'logql',
    ...(source ? { source } : {}),
  };
}

/** Metric query counting a plan's events: over its alertWindow (instant) or per step (range, `step`). */
export function countExpr(plan: Plan, target: QueryLanguage, instant: boolean): string {
  if (target.backend === 'victorialogs') {
    // Instant: the `_time:` filter is evaluated back from the query time. Range: buckets come from `step`.
    return logsqlStatsQuery(plan, {
      time: instant ? `_time:${plan.alertWindow}` : '',
      layout: layoutOf(target, plan.source),
    });
  }
  return logqlMetricQuery(plan);
}

/** The drill-down log query of a plan in the target's language. */
export function logExpr(plan: Plan, target: QueryLanguage): string {
  return target.backend === 'victorialogs'
    ? logsqlLogQuery(plan, { layout: layoutOf(target, plan.source) })
    : logqlLogQuery(plan);
}

export const refIdOfRule = (i: number) => `rule${i}`;
export const refIdOfSource = (s: SourceId) => `source_${s}`;
export const REQUEST_OBJECT_REF = 'audit_request_object';

/**
 * Audit events carrying a request body: the line names `"requestObject"`, or where events
 * are stored as fields (no line), some field under requestObject holds a value.
 */
function hasRequestObject(target: QueryLanguage): Cond {
  return layoutOf(target, 'audit') === 'native'
    ? { k: 'field', field: 'requestObject', neg: false, op: 're', source: '.', flags: '' }
    : { k: 'line', neg: false, op: 'contains', value: '"requestObject"' };
}

/**
 * A plain stream-presence count per source (in the data source's selector of each), and audit
 * lines carrying requestObject (Request level or more).
 */
export function readinessTargets(target: QueryTarget, rangeMs: number): DsQuery[] {
  const counts = (refId: string, source: SourceId, cond: Cond): DsQuery => {
    const fields = cond.k === 'field' ? [cond.field] : [];
    const plan: Plan = {
      ruleId: refId,
      source,
      selector: selectorFor(target, source),
      cond,
      fields,
      alertWindow: durationText(rangeMs),
    };
    return {
      ...baseQuery(refId, target, source),
      queryType: 'metric',
      instant: true,
      expr: countExpr(plan, target, true),
    };
  };
  return [
    ...SOURCE_IDS.map((s) => counts(refIdOfSource(s), s, { k: 'const', value: true })),
    counts(REQUEST_OBJECT_REF, 'audit', hasRequestObject(target)),
  ];
}

// Compiled count expressions per rule object, keyed by backend, layout, selector, range and settings:
// re-renders, range switches back and forth, and re-visits do not compile the same rule again.
const compiled = new WeakMap<Rule, Map<string, { expr?: string; error?: string }>>();

function compiledCount(rule: Rule, settings: RuleSettings | undefined, target: QueryLanguage, rangeMs: number) {
  let byKey = compiled.get(rule);
  if (!byKey) {
    byKey = new Map();
    compiled.set(rule, byKey);
  }
  const source = rule.logsource.service;
  const key = `${target.backend}|${layoutOf(target, source) ?? ''}|${selectorFor(target, source)}|${rangeMs}|${settings ? JSON.stringify(settings) : ''}`;
  let c = byKey.get(key);
  if (!c) {
    try {
      c = { expr: countExpr(countPlan(rule, settings, target, rangeMs), target, true) };
    } catch (e) {
      c = { error: e instanceof Error ? e.message : String(e) };
    }
    byKey.set(key, c);
  }
  return c;
}

/** A rule to count, with the user's settings. */
export type CountItem = { rule: Rule; settings?: RuleSettings };

/** Count queries, and the rules left out with why. */
export interface CountTargets {
  targets: DsQuery[];
  errors: Map<string, string>;
}

/** Count targets of rules `items`, rule i named `rule<offset + i>`; rules that cannot compile are left out. */
export function ruleCountTargets(items: CountItem[], target: QueryTarget, rangeMs: number, offset = 0): CountTargets {
  const targets: DsQuery[] = [];
  const errors = new Map<string, string>();
  items.forEach(({ rule, settings }, i) => {
    const c = compiledCount(rule, settings, target, rangeMs);
    if (c.expr === undefined) {
      errors.set(rule.id, c.error ?? 'does not compile');
      return;
    }
    targets.push({
      ...baseQuery(refIdOfRule(offset + i), target, rule.logsource.service),
      queryType: 'metric',
      instant: true,
      expr: c.expr,
    });
  });
  return { targets, errors };
}

/** Targets of the catalog in one request: rule i is `rule<i>`, then the readiness probes. */
export function catalogTargets(items: CountItem[], target: QueryTarget, rangeMs: number): CountTargets;
/** @deprecated A data source uid and backend alone read every source verbatim: pass a QueryTarget. */
// eslint-disable-next-line no-redeclare -- a TypeScript overload
export function catalogTargets(items: CountItem[], dsUid: string, backend: Backend, rangeMs: number): CountTargets;
// eslint-disable-next-line no-redeclare -- the overloads' implementation
export function catalogTargets(
  items: CountItem[],
  to: QueryTarget | string,
  a: number | Backend,
  b?: number
): CountTargets {
  const [target, rangeMs] = typeof to === 'string' ? [{ dsUid: to, backend: a as Backend }, b!] : [to, a as number];
  const { targets, errors } = ruleCountTargets(items, target, rangeMs);
  return { targets: [...targets, ...readinessTargets(target, rangeMs)], errors };
}

/** Preview of one rule: hits per step over the range (refId `count`) and sample events (refId `sample`). */
export function previewTargets(
  rule: Rule,
  settings: RuleSettings | undefined,
  target: QueryTarget,
  stepMs: number,
  sampleLimit = 20,
  rangeMs?: number
): DsQuery[] {
  const plan = countPlan(rule, settings, target, stepMs);
  const source = rule.logsource.service;
  return [
    {
      ...baseQuery('count', target, source),
      queryType: 'metric',
      expr: countExpr(plan, target, false),
      intervalMs: stepMs,
      maxDataPoints: maxPointsFor(stepMs, rangeMs),
    },
    hitRowsTarget('sample', rule, settings, target, sampleLimit),
  ];
}

/** The backend coarsens the step to range / maxDataPoints: room for one point per step (1000 at least). */
function maxPointsFor(stepMs: number, rangeMs: number | undefined): number {
  return Math.max(1000, rangeMs ? Math.ceil(rangeMs / stepMs) + 1 : 0);
}

/** The newest `limit` events a rule (with the user's settings) matches: a logs query named `refId`. */
export function hitRowsTarget(
  refId: string,
  rule: Rule,
  settings: RuleSettings | undefined,
  target: QueryTarget,
  limit: number
): DsQuery {
  const plan = countPlan(rule, settings, target, 60_000);
  return { ...baseQuery(refId, target, rule.logsource.service), queryType: 'logs', expr: logExpr(plan, target), limit };
}

/**
 * The plan an alert rule evaluates (correlation kept), with the user's settings, and the length
 * of the window each evaluation reads: the correlation timespan, else the alert window.
 */
export function evaluationOf(
  rule: Rule,
  settings: RuleSettings | undefined,
  target: QueryLanguage
): { plan: Plan; windowMs: number; window: string } {
  const eff = effectiveRule(rule, settings);
  const plan = planRule(eff, ruleParams(eff, settings?.params ?? {}, target));
  const window = plan.window?.window ?? plan.alertWindow;
  return { plan, window, windowMs: plan.window?.windowMs ?? durationMs(plan.alertWindow) };
}

/**
 * A window rule's alert query over the range, one evaluation per `stepMs` (refId `firing`): a
 * series per group key holding the windows whose count passes the threshold. Event rules fire
 * on any hit in the window, which the count query already shows: undefined for them.
 */
export function firingTarget(
  rule: Rule,
  settings: RuleSettings | undefined,
  target: QueryTarget,
  stepMs: number,
  rangeMs?: number
): DsQuery | undefined {
  const { plan } = evaluationOf(rule, settings, target);
  if (!plan.window) {
    return undefined;
  }
  return {
    ...baseQuery('firing', target, rule.logsource.service),
    queryType: 'metric',
    expr: countExpr(plan, target, false),
    intervalMs: stepMs,
    maxDataPoints: maxPointsFor(stepMs, rangeMs),
  };
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
