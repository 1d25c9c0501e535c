/**
 * Template variables, escaped for the language they land in. Builder queries are
 * interpolated in their builder state and recompiled, so every value goes through the
 * compiler's own escaping; code queries get each value escaped as the inside of a
 * double-quoted string (all three languages use Go string rules), multi-values as an
 * escaped regex alternation, the way Grafana's Loki and Prometheus data sources do.
 */
import type { AdHocVariableFilter, ScopedVars } from '@grafana/data';
import { escapeRegex, goQuote } from '../logql/escape';
import { builderFields, type BuilderState, type FieldFilter } from '../querybuilder';

/** The part of Grafana's TemplateSrv this needs. */
export interface Interpolator {
  replace(target?: string, scopedVars?: ScopedVars, format?: string | ((value: string | string[]) => string)): string;
}

const SEP = '\u0000';

function insideString(v: string): string {
  return goQuote(v).slice(1, -1);
}

/** A code expression with every variable value escaped for a string literal. */
export function interpolateExpr(expr: string, tpl: Interpolator, scopedVars: ScopedVars): string {
  return tpl.replace(expr, scopedVars, (value: string | string[]) => {
    if (Array.isArray(value)) {
      return value.length === 1 ? insideString(value[0]) : insideString(value.map(escapeRegex).join('|'));
    }
    return insideString(String(value));
  });
}

/** Raw values of one builder value: a multi-value variable gives several. */
function rawValues(value: string, tpl: Interpolator, scopedVars: ScopedVars): string[] {
  const out = tpl.replace(value, scopedVars, (v: string | string[]) => (Array.isArray(v) ? v.join(SEP) : String(v)));
  return out.split(SEP);
}

function interpolateFilter(f: FieldFilter, tpl: Interpolator, scopedVars: ScopedVars): FieldFilter {
  if (f.op === 'in') {
    return { ...f, values: (f.values ?? []).flatMap((v) => rawValues(v, tpl, scopedVars)) };
  }
  const values = rawValues(f.value, tpl, scopedVars);
  if (values.length > 1 && (f.op === '=' || f.op === '!=')) {
    // `x = $multi` means any of them; `x != $multi` none of them.
    return f.op === '=' ? { ...f, op: 'in', value: '', values } : { ...f, op: 'regex', value: `(?:${values.map(escapeRegex).join('|')})` };
  }
  return { ...f, value: values.join(',') };
}

/** Ad-hoc filters whose key is a field of the builder's source become builder filters. */
function adHocFilters(state: BuilderState, filters: AdHocVariableFilter[]): FieldFilter[] {
  const names = new Set(builderFields(state.source).map((f) => f.name));
  const ops: Record<string, FieldFilter['op'] | undefined> = { '=': '=', '!=': '!=', '=~': 'regex', '>': '>', '<': '<' };
  return filters
    .filter((f) => names.has(f.key) && ops[f.operator])
    .map((f) => ({ field: f.key, op: ops[f.operator]!, value: f.value }));
}

/** The builder state with variables and ad-hoc filters applied. */
export function interpolateBuilder(state: BuilderState, tpl: Interpolator, scopedVars: ScopedVars, adhoc: AdHocVariableFilter[] = []): BuilderState {
  const operation = state.operation;
  return {
    ...state,
    filters: [...state.filters.map((f) => interpolateFilter(f, tpl, scopedVars)), ...adHocFilters(state, adhoc)],
    operation: operation.kind === 'detection' ? { ...operation, ruleId: tpl.replace(operation.ruleId, scopedVars) } : operation,
    range: tpl.replace(state.range, scopedVars),
  };
}
