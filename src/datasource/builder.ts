/**
 * What the data source does with the query builder and the detection catalog. It is a lazy
 * chunk of its own (see datasource.ts): the compiler, the field catalogs and the catalog of
 * detections stay out of module.js, which Grafana loads for every panel using the source.
 */
import type { AdHocVariableFilter, ScopedVars } from '@grafana/data';
import { builderFields, compileBuilder, defaultBuilderState, detectionChoices, volumeState } from '../querybuilder';
import type { SourceId } from '../sources/types';
import { toEditorState, toStoredQuery, withBuilder, type EditorContext } from './editorState';
import type { Interpolator } from './interpolate';
import { interpolateBuilder } from './interpolateBuilder';
import { migrateQuery } from './migrations';
import type { BuilderQuery, CodeQuery, VigilQuery } from './types';

export { detectionChoices };
export { withEntityLinks } from './entityLinks';

const SOURCES: SourceId[] = ['audit', 'coredns', 'netfilter', 'falco'];

/** The logs-volume companion of a logs query: counts per minute of the same lines. */
export function logsVolumeQuery(query: VigilQuery, ctx: EditorContext): VigilQuery | undefined {
  const q = migrateQuery(query);
  if (q.queryType !== 'logs' || !q.expr.trim() || q.language === 'promql') {
    return undefined;
  }
  const refId = `log-volume-${q.refId}`;
  if (q.mode === 'builder' && q.builder.operation.kind !== 'detection') {
    const s = withBuilder(toEditorState({ ...q, refId }), { ...volumeState(q.builder), range: '1m' }, ctx);
    return s.error ? undefined : toStoredQuery(s);
  }
  const expr = q.language === 'logsql' ? `${q.expr} | stats count() as hits` : `sum(count_over_time(${q.expr} [1m]))`;
  const volume: CodeQuery = { ...q, refId, mode: 'code', expr, queryType: 'metric' };
  return volume;
}

/** A new query: the audit log in the builder, compiled for the configured backend. */
export function defaultQuery(ctx: EditorContext): Partial<VigilQuery> {
  const s = withBuilder(
    { refId: 'A', mode: 'builder', code: { expr: '', language: ctx.language }, queryType: 'logs' },
    defaultBuilderState('audit'),
    ctx
  );
  const { refId: _r, ...rest } = toStoredQuery(s);
  return rest;
}

/** A builder query with variables and ad-hoc filters applied to its state, then recompiled. */
export function applyBuilderVariables(
  q: BuilderQuery,
  tpl: Interpolator,
  scopedVars: ScopedVars,
  filters: AdHocVariableFilter[],
  ctx: EditorContext
): VigilQuery {
  const r = compileBuilder(interpolateBuilder(q.builder, tpl, scopedVars, filters), ctx.language, ctx);
  // An invalid state keeps the stored expression, so the backend's error names the problem.
  return r.ok ? { ...q, expr: r.expr } : q;
}

/** The top-N query over the last hour behind a field's values. */
export function topNQuery(source: SourceId, field: string, n: number, ctx: EditorContext): CodeQuery {
  const state = { ...defaultBuilderState(source), operation: { kind: 'topN' as const, field, n }, range: '1h' };
  const r = compileBuilder(state, ctx.language, ctx);
  if (!r.ok) {
    throw new Error(r.error);
  }
  return { refId: 'values', version: 2, mode: 'code', expr: r.expr, language: ctx.language, queryType: 'metric' };
}

/** Ad-hoc filter keys: the fields every source's builder can filter on. */
export function tagKeys(): string[] {
  return [...new Set(SOURCES.flatMap((s) => builderFields(s).map((f) => f.name)))].sort();
}

/** The first source whose builder has a field of that name. */
export function sourceOfField(name: string): SourceId | undefined {
  return SOURCES.find((s) => builderFields(s).some((f) => f.name === name));
}
