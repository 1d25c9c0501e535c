/**
 * Detection → Grafana-managed alert rule (the provisioning API's ProvisionedAlertRule), typed
 * with the foundation SDK's alerting and expression types: query A is the rule's metric query
 * on the Vigil data source, evaluated instantly over the rule's window; B reduces each series
 * to its last value; C is the threshold that fires. This runs in the browser, so it imports
 * the SDK's types only: its builders would add a 176 KB chunk (`…/expr` loads the v2 dashboard
 * packages). payload.sdk.test.ts proves the payloads equal what the SDK's builders produce.
 */
import type { TypeReduce, TypeThreshold } from '@grafana/grafana-foundation-sdk/expr';
import { compileRule, durationMs, planRule, type ParamValues, type Plan, type Rule } from '../detections';
import { resolveField } from '../detections/fields';
import { fieldName } from '../detections/logsql';
import type { AlertQuery, ProvisionedAlertRule } from '../api/grafana';
import { DATASOURCE_TYPE, PLUGIN_BASE_URL } from '../constants';
import { mitreTags } from './mitre';
import { effectiveRule, type RuleSettings } from './settings';
import { layoutOf, ruleParams, type QueryLanguage, type QueryTarget } from './target';
import { alertRuleUid } from './uid';

/** Where and on what a rule is written: the data source it queries, and its folder and group. */
export interface AlertTarget extends QueryTarget {
  folderUID: string;
  ruleGroup: string;
}

const EXPR_UID = '__expr__';
const EXPR = { type: EXPR_UID, uid: EXPR_UID };

/**
 * The label a window key carries in the query's result: LogQL's extracted label; in LogsQL the
 * unpacked field, or where events are stored as fields, the stored field itself.
 */
export function keyLabels(plan: Plan, target: QueryLanguage): Array<{ field: string; label: string }> {
  const layout = layoutOf(target, plan.source) ?? 'verbatim';
  return (plan.window?.groupBy ?? []).map((field) => {
    const f = resolveField(plan.source, field);
    return { field, label: target.backend === 'victorialogs' ? fieldName(f, layout) : f.label };
  });
}

/** The count above which the rule fires, as Grafana's `gt` evaluator (counts are integers). */
export function thresholdOf(plan: Plan): number {
  if (!plan.window) {
    return 0;
  }
  return plan.window.op === 'gte' ? plan.window.threshold - 1 : plan.window.threshold;
}

/** A link to the Investigate page filtered on the firing keys, as a Grafana annotation template. */
export function investigateLink(rule: Rule, plan: Plan, target: QueryLanguage): string {
  const params = [`rule=${encodeURIComponent(rule.id)}`, `source=${plan.source}`];
  for (const { field, label } of keyLabels(plan, target)) {
    // `index` reads labels whose names hold dots (LogsQL fields such as f_user.username).
    params.push(`${encodeURIComponent(field)}={{ index $labels ${JSON.stringify(label)} }}`);
  }
  params.push('from=now-1h', 'to=now');
  return `${PLUGIN_BASE_URL}/investigate?${params.join('&')}`;
}

function summaryOf(rule: Rule, plan: Plan, target: QueryLanguage): string {
  const keys = keyLabels(plan, target).map(
    ({ field, label }) => `${field}={{ index $labels ${JSON.stringify(label)} }}`
  );
  return keys.length ? `${rule.title} (${keys.join(', ')})` : rule.title;
}

function runbookOf(rule: Rule): string {
  const fp = rule.falsepositives?.length
    ? `\n\nKnown false positives:\n${rule.falsepositives.map((f) => `- ${f}`).join('\n')}`
    : '';
  const ex = rule.exceptions.length
    ? `\n\nExceptions in effect: ${rule.exceptions.map((e) => JSON.stringify(e)).join('; ')}`
    : '';
  return `What to check: ${rule.description.trim()}${fp}${ex}`;
}

/** Labels every Vigil alert carries; `vigil_rule` is how the page finds its rules. */
export function alertLabels(rule: Rule): Record<string, string> {
  const { techniques, tactics } = mitreTags(rule.tags);
  return {
    vigil_rule: rule.id,
    severity: rule.level,
    source: rule.logsource.service,
    ...(tactics.length ? { mitre_tactic: tactics.join(',') } : {}),
    ...(techniques.length ? { mitre_technique: techniques.join(',') } : {}),
  };
}

/**
 * The data source query model of a rule's alert query (what Grafana forwards to the backend):
 * the data source's stream selector for the rule's source is written into the query.
 */
export function alertQueryModel(rule: Rule, target: QueryTarget, params: ParamValues = {}) {
  return {
    refId: 'A',
    datasource: { type: DATASOURCE_TYPE, uid: target.dsUid },
    version: 1,
    mode: 'code',
    queryType: 'metric',
    source: rule.logsource.service,
    language: target.backend === 'victorialogs' ? 'logsql' : 'logql',
    expr: compileRule(rule, 'metric', target.backend, ruleParams(rule, params, target), layoutOf(target, rule.logsource.service)),
    // The backend evaluates the query once at the end of the range: one number per key.
    instant: true,
  };
}

/** Summary, description, runbook and the Investigate link of a rule's alerts. */
export function alertAnnotations(rule: Rule, plan: Plan, target: QueryLanguage): Record<string, string> {
  return {
    summary: summaryOf(rule, plan, target),
    description: rule.description.trim(),
    runbook: runbookOf(rule),
    vigil_investigate: investigateLink(rule, plan, target),
  };
}

/** An expression model as JSON: the SDK's type without its marker method. */
type ExpressionModel<T> = Omit<T, '_implementsDataqueryVariant'>;

/** A server-side expression node (reduce, threshold) evaluated at the rule's time. */
function expressionQuery(refId: string, model: ExpressionModel<TypeReduce | TypeThreshold>): AlertQuery {
  return { refId, queryType: '', relativeTimeRange: { from: 0, to: 0 }, datasourceUid: EXPR_UID, model };
}

/** The provisioning API payload of a detection. Throws UnsupportedRuleError for rules that cannot compile. */
export function alertRulePayload(catalogRule: Rule, settings: RuleSettings | undefined, target: AlertTarget): ProvisionedAlertRule {
  const rule = effectiveRule(catalogRule, settings);
  const params = settings?.params ?? {};
  const plan = planRule(rule, ruleParams(rule, params, target));
  const windowSeconds = Math.max(60, Math.ceil(durationMs(plan.window?.window ?? plan.alertWindow) / 1000));
  const reduce: ExpressionModel<TypeReduce> = { refId: 'B', datasource: EXPR, type: 'reduce', expression: 'A', reducer: 'last', settings: { mode: 'dropNN' } };
  const threshold: ExpressionModel<TypeThreshold> = {
    refId: 'C',
    datasource: EXPR,
    type: 'threshold',
    expression: 'B',
    conditions: [{ evaluator: { type: 'gt', params: [thresholdOf(plan)] } }],
  };
  return {
    uid: alertRuleUid(rule.id),
    title: rule.title,
    // Required by the API's schema; Grafana replaces it with the caller's organisation.
    orgID: 0,
    folderUID: target.folderUID,
    ruleGroup: target.ruleGroup,
    condition: 'C',
    data: [
      {
        refId: 'A',
        queryType: 'metric',
        relativeTimeRange: { from: windowSeconds, to: 0 },
        datasourceUid: target.dsUid,
        model: alertQueryModel(rule, target, params),
      },
      expressionQuery('B', reduce),
      expressionQuery('C', threshold),
    ],
    // No events in the window is the normal state of a detection, not "no data".
    noDataState: 'OK',
    execErrState: 'Error',
    for: '0s',
    labels: alertLabels(rule),
    annotations: alertAnnotations(rule, plan, target),
    isPaused: false,
  };
}
