// An alert rule evaluated as Grafana's scheduler does at one instant: query A over
// [t − relativeTimeRange.from, t − relativeTimeRange.to], B = reduce(last, drop non-numbers)
// of each series, C = threshold; an alert instance fires per series that passes C. A Loki
// ruler rule fires when its expression (comparison included) returns any sample at t.
import { parse } from 'yaml';
import type { ProvisionedAlertRule } from '../../src/api/grafana';
import { evaluateInstant, type LogEntry } from '../logql/oracle';

const NS_PER_MS = BigInt(1_000_000);

/** One evaluation: each series' reduced value and those that fire. */
export interface Evaluation {
  values: number[];
  firing: number[];
}

interface Frame {
  schema?: { fields: Array<{ type?: string }> };
  data?: { values: unknown[][] };
}

function thresholdOf(rule: ProvisionedAlertRule): number {
  const [, b, c] = rule.data;
  const reduce = b.model as { type: string; reducer: string; settings?: { mode?: string } };
  const threshold = c.model as { type: string; conditions: Array<{ evaluator: { type: string; params: number[] } }> };
  if (reduce.type !== 'reduce' || reduce.reducer !== 'last' || reduce.settings?.mode !== 'dropNN' || threshold.type !== 'threshold') {
    throw new Error(`unexpected expressions in ${rule.uid}: ${JSON.stringify([b.model, c.model])}`);
  }
  const { evaluator } = threshold.conditions[0];
  if (evaluator.type !== 'gt') {
    throw new Error(`unexpected evaluator ${evaluator.type}`);
  }
  return evaluator.params[0];
}

function decide(rule: ProvisionedAlertRule, values: number[]): Evaluation {
  const threshold = thresholdOf(rule);
  return { values, firing: values.filter((v) => v > threshold) };
}

/** reduce(last, dropNN) of one frame: the last numeric, non-NaN value of its number field. */
function lastValue(frame: Frame): number {
  const i = frame.schema?.fields.findIndex((f) => f.type === 'number') ?? -1;
  const col = (i >= 0 ? frame.data?.values[i] : undefined) ?? [];
  const nums = col.filter((v) => v !== null && v !== undefined).map(Number).filter((v) => Number.isFinite(v));
  return nums.length ? nums[nums.length - 1] : NaN;
}

/** Query A through the data source's /api/ds/query (the plugin binary behind devhost). */
export async function evaluateThroughPlugin(hostUrl: string, rule: ProvisionedAlertRule, atMs: number): Promise<Evaluation> {
  const a = rule.data[0];
  const res = await fetch(`${hostUrl}/api/ds/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', FromAlert: 'true' },
    body: JSON.stringify({
      queries: [{ ...a.model, refId: 'A', datasource: { uid: a.datasourceUid } }],
      from: String(atMs - a.relativeTimeRange!.from * 1000),
      to: String(atMs - a.relativeTimeRange!.to * 1000),
    }),
  });
  const body = await res.json();
  if (res.status !== 200 || body.results?.A?.error) {
    throw new Error(`query A failed (${res.status}): ${body.results?.A?.error ?? JSON.stringify(body)}`);
  }
  const frames: Frame[] = body.results.A.frames ?? [];
  return decide(rule, frames.map(lastValue).filter((v) => !Number.isNaN(v)));
}

/** Query A (LogQL) through the LogQL oracle as Loki's instant query at t. */
export function evaluateThroughOracle(rule: ProvisionedAlertRule, entries: LogEntry[], atMs: number): Evaluation {
  const model = rule.data[0].model as { expr: string; instant: boolean; language: string };
  if (!model.instant || model.language !== 'logql') {
    throw new Error(`expected an instant LogQL query, got ${JSON.stringify(model)}`);
  }
  const samples = evaluateInstant(model.expr, entries, BigInt(atMs) * NS_PER_MS);
  return decide(rule, samples.map((s) => s.value).filter((v) => Number.isFinite(v)));
}

/** The expression of the single rule in a Loki ruler file. */
export function rulerExpr(yaml: string): string {
  const doc = parse(yaml) as { groups: Array<{ rules: Array<{ expr: string }> }> };
  if (doc.groups.length !== 1 || doc.groups[0].rules.length !== 1) {
    throw new Error(`expected one ruler rule, got ${yaml}`);
  }
  return doc.groups[0].rules[0].expr;
}

/** A Loki ruler alert at t: every sample its expression returns is a firing alert. */
export function evaluateRuler(expr: string, entries: LogEntry[], atMs: number): Evaluation {
  const values = evaluateInstant(expr, entries, BigInt(atMs) * NS_PER_MS).map((s) => s.value);
  return { values, firing: values };
}
