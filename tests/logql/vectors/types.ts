// Test vectors taken from Loki's LogQL documentation: data only, run by the oracle test and,
// when VIGIL_LOKI_URL is set, against a real Loki.

/** A pushed entry; `at` is seconds after the vector's base time. */
export interface VectorEntry {
  labels: Record<string, string>;
  line: string;
  at: number;
  metadata?: Record<string, string>;
}

interface VectorBase {
  /** Short description of the behaviour. */
  name: string;
  /** Documentation URL with the section the example comes from. */
  doc: string;
  /** Where the documented text and Loki's behaviour differ, or what the vector adds. */
  note?: string;
  query: string;
  entries: VectorEntry[];
}

/** A log query over [0, end) seconds, results oldest first. */
export interface LogsVector extends VectorBase {
  kind: 'logs';
  expected: Array<{ labels: Record<string, string>; line: string }>;
  /** Labels whose value is implementation detail (e.g. parser error details): compared by presence. */
  presenceOnly?: string[];
}

/** An instant metric query evaluated `atSec` seconds after the base time. */
export interface InstantVector extends VectorBase {
  kind: 'instant';
  atSec: number;
  expected: Array<{ labels: Record<string, string>; value: number }>;
}

/** A range metric query over [startSec, endSec] with `stepSec`. */
export interface RangeVector extends VectorBase {
  kind: 'range';
  startSec: number;
  endSec: number;
  stepSec: number;
  expected: Array<{ labels: Record<string, string>; points: Array<[number, number]> }>;
}

/** A query Loki rejects. */
export interface ErrorVector extends VectorBase {
  kind: 'error';
  error: RegExp;
}

export type LogQLVector = LogsVector | InstantVector | RangeVector | ErrorVector;

/** Log query vectors span this many seconds from the base time. */
export const LOGS_WINDOW_SEC = 600;

export const LQ = 'https://grafana.com/docs/loki/latest/query/log_queries/';
export const MQ = 'https://grafana.com/docs/loki/latest/query/metric_queries/';
export const QR = 'https://grafana.com/docs/loki/latest/query/query_reference/';
