/**
 * What stream detection needs from a log backend: label names, label values and a few
 * recent lines of a stream. Implemented for Loki (lokiProbe.ts) and VictoriaLogs
 * (victoriaLogsProbe.ts); the ranking never sees which one it talks to.
 */
import { goQuote, logqlContainsFilter, logqlMatcher } from '../../logql/escape';

/** One stream-label matcher of a proposed selector. */
export interface LabelMatcher {
  label: string;
  op: '=' | '=~';
  value: string;
}

/** A stream selector plus an optional substring every wanted line contains. */
export interface StreamQuery {
  matchers: LabelMatcher[];
  contains?: string;
}

export interface LogBackendProbe {
  readonly kind: 'loki' | 'victoriaLogs';
  /** Stream label names seen in the probe's time range. */
  labelNames(): Promise<string[]>;
  /** Values of one stream label in the probe's time range. */
  labelValues(label: string): Promise<string[]>;
  /** Up to `limit` recent lines of the streams `query` selects, as the shipper sent them. */
  sampleLines(query: StreamQuery, limit: number): Promise<string[]>;
}

/** The time range a probe looks at, epoch ms. */
export interface ProbeRange {
  startMs: number;
  endMs: number;
}

/** The LogQL selector (and line filter) for a stream query. */
export function toLogQL(q: StreamQuery): string {
  const selector = `{${q.matchers.map((m) => logqlMatcher(m.label, m.op, m.value)).join(', ')}}`;
  return q.contains ? `${selector} ${logqlContainsFilter(q.contains)}` : selector;
}

/**
 * The LogsQL filter for a stream query. Loki-API ingestion makes every label a stream
 * field, so the stream filter `{...}` applies; the substring becomes a `~` filter on _msg.
 */
export function toLogsQL(q: StreamQuery): string {
  const selector = `{${q.matchers.map((m) => `${m.label}${m.op}${goQuote(m.value)}`).join(',')}}`;
  return q.contains ? `${selector} ~${goQuote(q.contains.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'))}` : selector;
}
