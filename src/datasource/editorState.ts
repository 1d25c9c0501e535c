/**
 * The editor's view of a query and back. The stored query holds both the builder state and
 * the compiled expression; the editor holds the builder, the code text and the options.
 * `toStoredQuery(toEditorState(q))` is `q` for every migrated query, and the reverse holds
 * for every editor state the editor produces.
 */
import { compileBuilder, defaultBuilderState, effectiveSource, queryTypeOf, selectorOf, type BuilderState, type CompileContext, type LogLanguage } from '../querybuilder';
import type { SourceId } from '../sources/types';
import { QUERY_MODEL_VERSION, type QueryLanguage, type QueryType, type VigilQuery } from './types';

export interface EditorState {
  refId: string;
  mode: 'builder' | 'code';
  builder?: BuilderState;
  code: { expr: string; language: QueryLanguage };
  queryType: QueryType;
  source?: SourceId;
  legend?: string;
  limit?: number;
  instant?: boolean;
  /** Why the builder state does not compile (builder mode), for the editor to show. */
  error?: string;
}

/** Where builder queries run: the configured log backend's language and selectors. */
export interface EditorContext extends CompileContext {
  language: LogLanguage;
}

function optional<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function toEditorState(q: VigilQuery): EditorState {
  return {
    refId: q.refId,
    mode: q.mode,
    code: { expr: q.expr, language: q.language },
    queryType: q.queryType,
    ...optional({ builder: q.builder, source: q.source, legend: q.legend, limit: q.limit, instant: q.instant }),
  };
}

/** Compiles the builder (builder mode) and writes the stored query. */
export function toStoredQuery(s: EditorState): VigilQuery {
  const common = {
    refId: s.refId,
    version: QUERY_MODEL_VERSION,
    expr: s.code.expr,
    language: s.code.language,
    queryType: s.queryType,
    ...optional({ source: s.source, legend: s.legend, limit: s.limit, instant: s.instant }),
  };
  if (s.mode === 'builder' && s.builder) {
    return { ...common, mode: 'builder', builder: s.builder };
  }
  return { ...common, mode: 'code', ...optional({ builder: s.builder }) };
}

/** Sets a new builder state and recompiles it into the code, query type and source. */
export function withBuilder(s: EditorState, builder: BuilderState, ctx: EditorContext): EditorState {
  const r = compileBuilder(builder, ctx.language, ctx);
  const { error: _old, ...rest } = s;
  const next: EditorState = { ...rest, mode: 'builder', builder, source: effectiveSource(builder), queryType: queryTypeOf(builder.operation) };
  if (!r.ok) {
    return { ...next, error: r.error };
  }
  return { ...next, code: { expr: r.expr, language: ctx.language } };
}

/**
 * Reads a hand-written expression back into a builder state when it is exactly what a
 * builder state compiles to: the current one, or a source's plain stream selector.
 */
export function readBack(expr: string, builder: BuilderState | undefined, ctx: EditorContext): BuilderState | undefined {
  const text = expr.trim();
  if (builder) {
    const r = compileBuilder(builder, ctx.language, ctx);
    if (r.ok && r.expr === text) {
      return builder;
    }
  }
  for (const source of ['audit', 'coredns', 'netfilter', 'falco'] as SourceId[]) {
    try {
      if (selectorOf(source, ctx) === text) {
        return defaultBuilderState(source);
      }
    } catch {
      // A broken selector setting matches nothing.
    }
  }
  return undefined;
}

export interface ModeSwitch {
  state: EditorState;
  /** Set when switching would lose the hand-written expression; the editor asks first. */
  warning?: string;
}

/** Switches mode keeping what it can: builder→code keeps the compiled expression. */
export function switchMode(s: EditorState, mode: 'builder' | 'code', ctx: EditorContext, force = false): ModeSwitch {
  if (mode === s.mode) {
    return { state: s };
  }
  if (mode === 'code') {
    const { error: _e, ...rest } = s;
    return { state: { ...rest, mode: 'code' } };
  }
  const back = readBack(s.code.expr, s.builder, ctx);
  if (back) {
    return { state: withBuilder(s, back, ctx) };
  }
  const fallback = s.builder ?? defaultBuilderState(s.source);
  if (s.code.expr.trim() === '' || force) {
    return { state: withBuilder(s, fallback, ctx) };
  }
  return {
    state: s,
    warning: 'This expression cannot be read back into the builder. Switching replaces it with what the builder compiles.',
  };
}
