/**
 * The language-neutral plan of a builder state: which fields to extract, which raw-line
 * literals can be tested before any parser, and the checked filters. Both compilers start here.
 */
import { isJsonSource, type ResolvedField } from '../detections/fields';
import type { Layout } from '../detections/logsql';
import { DEFAULT_SELECTORS, checkSelector } from '../detections/plan';
import type { SourceId } from '../sources/types';
import { catalogLineFilter, fieldOf, requiredLiteral, VARIABLE_REF } from './fields';
import { BuilderError, type BuilderState, type CompileContext, type FieldFilter } from './types';

export interface PlannedFilter {
  filter: FieldFilter;
  field: ResolvedField;
}

export interface BuilderPlan {
  source: SourceId;
  selector: string;
  filters: PlannedFilter[];
  /** Fields to extract, in first-use order (filters, then grouping). */
  extract: ResolvedField[];
  /** Grouping fields of the operation. */
  groupBy: ResolvedField[];
  range: string;
  /** VictoriaLogs only: native when the source's events are stored as fields. */
  layout: Layout;
}

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const RANGE = /^[1-9]\d*(?:ms|s|m|h|d)$/;

function isVariable(value: string): boolean {
  return new RegExp(`^(?:${VARIABLE_REF.source})$`).test(value);
}

function checkFilter(source: SourceId, filter: FieldFilter): PlannedFilter {
  const field = fieldOf(source, filter.field);
  switch (filter.op) {
    case '>':
    case '<':
      if (!NUMBER.test(filter.value.trim()) && !isVariable(filter.value.trim())) {
        throw new BuilderError(`"${filter.field} ${filter.op}" needs a number, not ${JSON.stringify(filter.value)}`);
      }
      if (field.list) {
        throw new BuilderError(`"${filter.field}" is a list: compare its elements with = or !=`);
      }
      break;
    case 'in':
      if (!filter.values?.length) {
        throw new BuilderError(`"${filter.field} in" needs at least one value`);
      }
      break;
    case 'contains':
    case '!contains':
    case 'regex':
      if (filter.value === '') {
        throw new BuilderError(`"${filter.field} ${filter.op}" needs a value`);
      }
      if (field.list && filter.op === 'regex') {
        throw new BuilderError(`"${filter.field}" is a list: use =, != or contains`);
      }
      break;
    default:
      break;
  }
  return { filter, field };
}

function groupFields(state: BuilderState): string[] {
  const op = state.operation;
  switch (op.kind) {
    case 'count':
    case 'rate':
      return op.by;
    case 'topN':
      if (!op.field) {
        throw new BuilderError('top N needs a field to rank');
      }
      if (!Number.isInteger(op.n) || op.n < 1 || op.n > 1000) {
        throw new BuilderError(`top N needs N between 1 and 1000, not ${op.n}`);
      }
      return [op.field];
    default:
      return [];
  }
}

/** The source's stream selector from the settings, else its default; checked. */
export function selectorOf(source: SourceId, ctx: CompileContext = {}): string {
  try {
    return checkSelector(ctx.selectors?.[source]?.trim() || DEFAULT_SELECTORS[source]);
  } catch (e) {
    throw new BuilderError(`${source} stream selector: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Checks a builder state and plans it. Throws BuilderError with what to change. */
export function planBuilder(state: BuilderState, ctx: CompileContext = {}): BuilderPlan {
  const selector = selectorOf(state.source, ctx);
  if (state.operation.kind !== 'events' && !RANGE.test(state.range)) {
    throw new BuilderError(`range ${JSON.stringify(state.range)} is not a duration such as 30s, 5m or 1h`);
  }
  const filters = state.filters.map((f) => checkFilter(state.source, f));
  const groupBy = groupFields(state).map((name) => fieldOf(state.source, name));
  const extract: ResolvedField[] = [];
  for (const f of [...filters.map((p) => p.field), ...groupBy]) {
    if (!extract.some((e) => e.name === f.name)) {
      extract.push(f);
    }
  }
  const layout = isJsonSource(state.source) && ctx.layouts?.[state.source] === 'native' ? 'native' : 'verbatim';
  return { source: state.source, selector, filters, extract, groupBy, range: state.range, layout };
}

/** Raw-line tests, as `{ literal }` (plain substring) or `{ filter }` (a catalog-written filter). */
export function preFilters(plan: BuilderPlan, language: 'logql' | 'logsql'): Array<{ literal: string } | { filter: string }> {
  const out: Array<{ literal: string } | { filter: string }> = [];
  for (const { filter, field } of plan.filters) {
    const own = catalogLineFilter(plan.source, field.name, filter, language);
    if (own) {
      out.push({ filter: own });
      continue;
    }
    const literal = requiredLiteral(plan.source, field, filter);
    if (literal !== undefined) {
      out.push({ literal });
    }
  }
  return out;
}
