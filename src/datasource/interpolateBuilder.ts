/**
 * Template variables in a builder state: every value lands in the state, and the compiler's
 * own escaping applies when the state is compiled (see interpolate.ts for code queries).
 */
import type { AdHocVariableFilter, ScopedVars } from '@grafana/data';
import { escapeRegex } from '../logql/escape';
import { builderFields, type BuilderState, type FieldFilter } from '../querybuilder';
import type { Interpolator } from './interpolate';

const SEP = '\u0000';

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
    return f.op === '='
      ? { ...f, op: 'in', value: '', values }
      : { ...f, op: 'regex', value: `(?:${values.map(escapeRegex).join('|')})` };
  }
  return { ...f, value: values.join(',') };
}

/** Ad-hoc filters whose key is a field of the builder's source become builder filters. */
function adHocFilters(state: BuilderState, filters: AdHocVariableFilter[]): FieldFilter[] {
  const names = new Set(builderFields(state.source).map((f) => f.name));
  const ops: Record<string, FieldFilter['op'] | undefined> = {
    '=': '=',
    '!=': '!=',
    '=~': 'regex',
    '>': '>',
    '<': '<',
  };
  return filters
    .filter((f) => names.has(f.key) && ops[f.operator])
    .map((f) => ({ field: f.key, op: ops[f.operator]!, value: f.value }));
}

/** The builder state with variables and ad-hoc filters applied. */
export function interpolateBuilder(
  state: BuilderState,
  tpl: Interpolator,
  scopedVars: ScopedVars,
  adhoc: AdHocVariableFilter[] = []
): BuilderState {
  const operation = state.operation;
  return {
    ...state,
    filters: [...state.filters.map((f) => interpolateFilter(f, tpl, scopedVars)), ...adHocFilters(state, adhoc)],
    operation:
      operation.kind === 'detection' ? { ...operation, ruleId: tpl.replace(operation.ruleId, scopedVars) } : operation,
    range: tpl.replace(state.range, scopedVars),
  };
}
