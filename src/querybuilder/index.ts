/**
 * Builder state → query text. Pure: no React, no Grafana runtime, so the editor, the
 * data source (variables, logs volume, annotations) and tests all compile the same way.
 */
import { catalogRule, CATALOG_RULES } from '../detections/catalog';
import { logqlLogQuery as ruleLogQL, logqlMetricQuery as ruleMetricLogQL } from '../detections/logql';
import { logsqlLogQuery as ruleLogsQL, logsqlStatsQuery as ruleStatsLogsQL } from '../detections/logsql';
import { planRule } from '../detections/plan';
import type { SourceId } from '../sources/types';
import { logqlLogQuery, logqlMetricQuery } from './logql';
import { logsqlLogQuery, logsqlStatsQuery } from './logsql';
import { planBuilder, selectorOf } from './plan';
import { BuilderError, type BuilderState, type CompileContext, type Operation } from './types';

export * from './types';
export { builderFields, fieldOf } from './fields';
export type { BuilderField } from './fields';
export { planBuilder, selectorOf } from './plan';

export type LogLanguage = 'logql' | 'logsql';
export type BuilderQueryType = 'logs' | 'metric' | 'table' | 'detection';

export type CompileResult = { ok: true; expr: string; queryType: BuilderQueryType } | { ok: false; error: string };

/** The query type an operation produces. */
export function queryTypeOf(op: Operation): BuilderQueryType {
  switch (op.kind) {
    case 'events':
      return 'logs';
    case 'topN':
      return 'table';
    case 'detection':
      return op.form === 'events' ? 'logs' : 'detection';
    default:
      return 'metric';
  }
}

/** The source a state queries: a detection's own source wins. */
export function effectiveSource(state: BuilderState): SourceId {
  if (state.operation.kind === 'detection') {
    return catalogRule(state.operation.ruleId)?.logsource.service ?? state.source;
  }
  return state.source;
}

function compileDetection(op: Extract<Operation, { kind: 'detection' }>, language: LogLanguage, ctx: CompileContext): string {
  const rule = catalogRule(op.ruleId);
  if (!rule) {
    throw new BuilderError(`unknown detection ${JSON.stringify(op.ruleId)}`);
  }
  const selector = selectorOf(rule.logsource.service, ctx);
  // The detection compiler's log/metric forms (not compileRule, whose ruler form pulls in a YAML writer).
  const plan = planRule(rule, { selector });
  if (language === 'logsql') {
    const layout = ctx.layouts?.[rule.logsource.service];
    return op.form === 'events' ? ruleLogsQL(plan, { layout }) : ruleStatsLogsQL(plan, { layout });
  }
  return op.form === 'events' ? ruleLogQL(plan) : ruleMetricLogQL(plan);
}

/** Compiles or throws BuilderError. */
export function compileBuilderOrThrow(state: BuilderState, language: LogLanguage, ctx: CompileContext = {}): string {
  const op = state.operation;
  if (op.kind === 'detection') {
    return compileDetection(op, language, ctx);
  }
  const plan = planBuilder(state, ctx);
  if (language === 'logsql') {
    return op.kind === 'events' ? logsqlLogQuery(plan) : logsqlStatsQuery(plan, op);
  }
  return op.kind === 'events' ? logqlLogQuery(plan) : logqlMetricQuery(plan, op);
}

/** Compiles a builder state; never throws. */
export function compileBuilder(state: BuilderState, language: LogLanguage, ctx: CompileContext = {}): CompileResult {
  try {
    return { ok: true, expr: compileBuilderOrThrow(state, language, ctx), queryType: queryTypeOf(state.operation) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Detections a builder can run, for pickers and the detections variable. */
export function detectionChoices(source?: SourceId): Array<{ id: string; title: string; source: SourceId; level: string }> {
  return CATALOG_RULES.filter((r) => !source || r.logsource.service === source).map((r) => ({
    id: r.id,
    title: r.title,
    source: r.logsource.service,
    level: r.level,
  }));
}

/** The same state as a count over time: the logs-volume query of a builder query. */
export function volumeState(state: BuilderState): BuilderState {
  return { ...state, operation: { kind: 'count', by: [] } };
}
