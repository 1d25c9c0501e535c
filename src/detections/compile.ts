/**
 * One rule, three forms: the drill-down log query, the alerting metric query and a Loki
 * ruler group, for Loki (LogQL) or VictoriaLogs (LogsQL).
 */
import { stringify } from 'yaml';
import { logqlLogQuery, logqlMetricQuery } from './logql';
import { logsqlLogQuery, logsqlStatsQuery, type Layout } from './logsql';
import { planRule, type ParamValues } from './plan';
import type { Plan, Rule } from './types';

export type Form = 'log' | 'metric' | 'ruler';
export type Backend = 'loki' | 'victorialogs';

/** A Loki ruler (Prometheus rule file) group alerting on the rule's metric query. */
export function rulerYaml(rule: Rule, plan: Plan): string {
  const mitre = rule.tags.filter((t) => t.startsWith('attack.')).join(',');
  const group = {
    groups: [
      {
        name: `vigil-${rule.id}`,
        interval: '1m',
        rules: [
          {
            alert: rule.id,
            expr: logqlMetricQuery(plan),
            labels: { severity: rule.level, vigil_rule: rule.id, source: rule.logsource.service, ...(mitre ? { mitre } : {}) },
            annotations: { summary: rule.title, description: rule.description.trim() },
          },
        ],
      },
    ],
  };
  return stringify(group, { lineWidth: 0 });
}

/**
 * Compiles a rule into one form for one backend; `layout` says how VictoriaLogs holds JSON
 * events (see logsql.ts). Throws UnsupportedRuleError.
 */
export function compileRule(rule: Rule, form: Form, backend: Backend = 'loki', params: ParamValues = {}, layout: Layout = 'verbatim'): string {
  const plan = planRule(rule, params);
  if (backend === 'victorialogs') {
    if (form === 'ruler') {
      throw new Error('the ruler form exists only for Loki (VictoriaLogs alerts through vmalert with the metric form)');
    }
    return form === 'log' ? logsqlLogQuery(plan, { layout }) : logsqlStatsQuery(plan, { layout });
  }
  return form === 'log' ? logqlLogQuery(plan) : form === 'metric' ? logqlMetricQuery(plan) : rulerYaml(rule, plan);
}
