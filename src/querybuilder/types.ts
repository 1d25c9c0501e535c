/**
 * Builder state: what the query editor's builder mode edits. It is pure data (stored in
 * dashboards next to the compiled expression), so it compiles the same in the browser, in
 * tests and in the CLI.
 */
import type { Layout } from '../detections/logsql';
import type { SourceId } from '../sources/types';

/** Operators of a field filter. `in` reads `values`; every other operator reads `value`. */
export type FilterOp = '=' | '!=' | 'contains' | '!contains' | 'regex' | 'in' | '>' | '<';

export const FILTER_OPS: FilterOp[] = ['=', '!=', 'contains', '!contains', 'regex', 'in', '>', '<'];

/** One condition on a catalog field (or, for JSON sources, any dotted JSON path). */
export interface FieldFilter {
  field: string;
  op: FilterOp;
  value: string;
  values?: string[];
}

/** What the query returns. */
export type Operation =
  | { kind: 'events' }
  | { kind: 'count'; by: string[] }
  | { kind: 'rate'; by: string[] }
  | { kind: 'topN'; field: string; n: number }
  | { kind: 'detection'; ruleId: string; form: 'events' | 'metric' };

export type OperationKind = Operation['kind'];

export interface BuilderState {
  source: SourceId;
  filters: FieldFilter[];
  operation: Operation;
  /** Window of metric operations (LogQL `[range]`), e.g. `5m`. */
  range: string;
}

/** Where the compiled query runs and how its streams are found. */
export interface CompileContext {
  /** Stream selector per source, from the data source settings; else the source's default. */
  selectors?: Partial<Record<SourceId, string>>;
  /** VictoriaLogs layout per source (src/datasource/layouts.ts); verbatim when unset. */
  layouts?: Partial<Record<SourceId, Layout>>;
}

/** A builder state that cannot be compiled; the message says what to change. */
export class BuilderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuilderError';
  }
}

export const DEFAULT_RANGE = '5m';

export function defaultBuilderState(source: SourceId = 'audit'): BuilderState {
  return { source, filters: [], operation: { kind: 'events' }, range: DEFAULT_RANGE };
}
