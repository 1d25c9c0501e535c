// The per-line state a pipeline works on, and the label-setting rules all parsers share.
import { sanitizeLabelName } from '../../../src/logql/escape';

/** One log entry as pushed: stream labels, timestamp in Unix nanoseconds, line. */
export interface LogEntry {
  labels: Record<string, string>;
  ts: bigint;
  line: string;
  /** Structured metadata (third element of a pushed value). */
  metadata?: Record<string, string>;
}

/** A line while it moves through the pipeline. */
export interface LineState {
  line: string;
  ts: bigint;
  /** Stream labels and structured metadata: parsed keys that collide get `_extracted`. */
  base: ReadonlySet<string>;
  labels: Map<string, string>;
  /** Names set by a parser for this line: a later parser does not overwrite them. */
  extracted: Set<string>;
}

export const ERROR_LABEL = '__error__';
export const ERROR_DETAILS_LABEL = '__error_details__';

/** Starts a line's state: stream labels, then structured metadata (docs/dev/logql.md#structured-metadata). */
export function initialState(entry: LogEntry): LineState {
  const labels = new Map(Object.entries(entry.labels));
  for (const [k, v] of Object.entries(entry.metadata ?? {})) {
    labels.set(k, v);
  }
  return { line: entry.line, ts: entry.ts, base: new Set(labels.keys()), labels, extracted: new Set() };
}

/**
 * Adds a parsed label. [LQ "Parser expression"]: keys are sanitised; "If an extracted label key
 * name already exists in the original log stream, the extracted label key will be suffixed with
 * the `_extracted` keyword"; "if an extracted key appears twice, only the first label value will
 * be kept".
 */
export function setParsed(state: LineState, rawKey: string, value: string, sanitize = true): void {
  let key = sanitize ? sanitizeLabelName(rawKey) : rawKey;
  if (key === '') {
    return;
  }
  if (state.base.has(key)) {
    key += '_extracted';
  }
  if (state.extracted.has(key)) {
    return;
  }
  state.labels.set(key, value);
  state.extracted.add(key);
}

/**
 * Marks a parse failure: [LQ "Parser expression"] "the log line won't be filtered but instead
 * will get a new `__error__` label added"; details go to `__error_details__`.
 */
export function setError(state: LineState, error: string, details?: string): void {
  state.labels.set(ERROR_LABEL, error);
  if (details !== undefined) {
    state.labels.set(ERROR_DETAILS_LABEL, details);
  }
}

/** A label's value; a missing label reads as "" (Prometheus matcher semantics, [LQ]). */
export function labelValue(state: LineState, name: string): string {
  return state.labels.get(name) ?? '';
}

/** A label set as a plain object with sorted keys (Loki's label sets are sorted by name). */
export function sortedLabels(labels: Map<string, string> | Record<string, string>): Record<string, string> {
  const entries = labels instanceof Map ? [...labels.entries()] : Object.entries(labels);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** A stable identity for a label set (series key). */
export function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(sortedLabels(labels)));
}
