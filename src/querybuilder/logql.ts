/**
 * Builder plan → LogQL. Cheapest order (docs/dev/logql.md): stream selector, raw-line filters,
 * one `| json l="path"` stage naming only the needed fields (or the catalog's pattern/regexp
 * for text sources), label filters, then `| __error__=""` so unparsable lines never fail a
 * metric query.
 */
import type { ResolvedField } from '../detections/fields';
import { mergePatterns } from '../detections/logql';
import { escapeRegex, logqlContainsFilter, quoteLogQLString, quoteLogQLStringPreferRaw } from '../logql/escape';
import { preFilters, type BuilderPlan, type PlannedFilter } from './plan';
import type { Operation } from './types';

function parserStages(plan: BuilderPlan): string[] {
  if (plan.extract.length === 0) {
    return [];
  }
  const json = plan.extract.filter((f) => f.json);
  if (json.length > 0) {
    return [`| json ${json.map((f) => `${f.label}=${quoteLogQLString(f.json!.path)}`).join(', ')}`];
  }
  return mergePatterns(plan.extract.map((f) => f.text!.logql));
}

/** A regex matching a list's raw JSON text when it holds the element. */
function elementPattern(value: string): string {
  return `(?s).*${escapeRegex(JSON.stringify(value))}.*`;
}

function labelFilter({ filter, field }: PlannedFilter): string {
  const l = field.label;
  const v = filter.value;
  if (field.list && (filter.op === '=' || filter.op === '!=' || filter.op === 'contains' || filter.op === '!contains')) {
    const neg = filter.op === '!=' || filter.op === '!contains';
    const re = filter.op === '=' || filter.op === '!=' ? elementPattern(v) : `(?s).*${escapeRegex(v)}.*`;
    return `${l}${neg ? '!~' : '=~'}${quoteLogQLStringPreferRaw(re)}`;
  }
  switch (filter.op) {
    case '=':
    case '!=':
      return `${l}${filter.op}${quoteLogQLString(v)}`;
    case 'contains':
      return `${l}=~${quoteLogQLStringPreferRaw(`(?s).*${escapeRegex(v)}.*`)}`;
    case '!contains':
      return `${l}!~${quoteLogQLStringPreferRaw(`(?s).*${escapeRegex(v)}.*`)}`;
    case 'regex':
      return `${l}=~${quoteLogQLStringPreferRaw(v)}`;
    case 'in': {
      const values = filter.values ?? [];
      if (field.list) {
        return `${l}=~${quoteLogQLStringPreferRaw(`(?s).*(?:${values.map((v) => escapeRegex(JSON.stringify(v))).join('|')}).*`)}`;
      }
      return values.length === 1 ? `${l}=${quoteLogQLString(values[0])}` : `${l}=~${quoteLogQLStringPreferRaw(values.map(escapeRegex).join('|'))}`;
    }
    case '>':
    case '<':
      return `${l} ${filter.op} ${v.trim()}`;
  }
}

/** The log query: every line the filters keep. */
export function logqlLogQuery(plan: BuilderPlan): string {
  const parts = [plan.selector];
  for (const p of preFilters(plan, 'logql')) {
    parts.push('literal' in p ? logqlContainsFilter(p.literal) : p.filter);
  }
  const stages = parserStages(plan);
  parts.push(...stages);
  parts.push(...plan.filters.map((f) => `| ${labelFilter(f)}`));
  if (stages.length > 0) {
    parts.push('| __error__=""');
  }
  return parts.join(' ');
}

function by(fields: ResolvedField[]): string {
  return fields.length ? ` by (${fields.map((f) => f.label).join(', ')})` : '';
}

/** The query for an operation other than `events`/`detection`. */
export function logqlMetricQuery(plan: BuilderPlan, op: Operation): string {
  const log = logqlLogQuery(plan);
  switch (op.kind) {
    case 'count':
      return `sum${by(plan.groupBy)} (count_over_time(${log} [${plan.range}]))`;
    case 'rate':
      return `sum${by(plan.groupBy)} (rate(${log} [${plan.range}]))`;
    case 'topN':
      return `topk(${op.n}, sum${by(plan.groupBy)} (count_over_time(${log} [${plan.range}])))`;
    default:
      return log;
  }
}
