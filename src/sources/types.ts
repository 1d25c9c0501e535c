/**
 * Shared contracts of the source adapters (src/sources/<source>/). Everything that reads
 * events (the detection matcher, the CLI, the simulator's self-check, the pages) uses these.
 */

/** The four security sources. Adding a fifth means adding one folder and one id here. */
export type SourceId = 'audit' | 'coredns' | 'netfilter' | 'falco';

export const SOURCE_IDS: readonly SourceId[] = ['audit', 'coredns', 'netfilter', 'falco'];

/** A scalar or list value of a parsed field. Lists come from JSON arrays (groups, sourceIPs…). */
export type FieldValue = string | number | boolean | null | string[];

/** One parsed event. */
export interface ParsedEvent {
  source: SourceId;
  /** Event time in epoch milliseconds (frame or entry time when the line has none). */
  timeMs: number;
  /** Nanoseconds within the millisecond-precision time, when the format has them. */
  timeNs?: string;
  /**
   * Fields by catalog name (see each source's fields.ts), flattened with dots for nested
   * JSON (e.g. `objectRef.resource`, `user.username`). Absent fields are absent keys.
   */
  fields: Record<string, FieldValue>;
  /** The full original object for JSON sources (audit, falco); undefined otherwise. */
  object?: unknown;
  /** The line as received (after stripping any container-log/syslog frame: see `framed`). */
  line: string;
  /**
   * The framing that was stripped, if any; `fields` when the event was rebuilt from a
   * backend row of fields (VictoriaLogs' native layout), whose `line` is then the rebuilt
   * event as compact JSON.
   */
  framed?: 'cri' | 'docker-json' | 'syslog' | 'journald' | 'aks-diagnostic' | 'cloudwatch' | 'fields';
  /**
   * Where `timeMs` came from: the line itself, its frame, the backend entry, or nowhere
   * (then `timeMs` is 0). Window rules must not trust `none`.
   */
  timeFrom?: 'line' | 'frame' | 'entry' | 'none';
}

/** Why a line did not parse. Parsers return these; they never throw. */
export type ParseErrorKind =
  | 'empty'
  | 'too-long'
  | 'binary'
  | 'invalid-json'
  | 'wrong-kind'
  | 'unknown-format'
  | 'missing-field'
  /** A line of the source's stream that is not an event: startup or plugin messages, the
   * tool's own log lines, batches to split first, wrapper records of other categories. */
  | 'not-event';

export interface ParseError {
  kind: ParseErrorKind;
  message: string;
  /** The first 200 characters of the line, for display. */
  excerpt: string;
}

export type ParseResult = { ok: true; event: ParsedEvent } | { ok: false; error: ParseError };

/** Options a parser receives besides the line. */
export interface ParseOptions {
  /** Entry timestamp from the log backend (epoch ms), used when the line has no time. */
  entryTimeMs?: number;
}

export type LineParser = (line: string, opts?: ParseOptions) => ParseResult;

/** Value types of catalog fields. `list` fields are JSON arrays (or repeated values). */
export type FieldType = 'string' | 'number' | 'boolean' | 'time' | 'list';

/** How one query language extracts a field from a raw line. */
export interface FieldExtraction {
  /**
   * The cheapest pipeline stage that sets the field, e.g. `| json verb="verb"`,
   * `| regexp "SRC=(?P<src>\\S+)"`; empty when the field needs no stage (already a field).
   */
  stage: string;
  /** The label (LogQL) or field (LogsQL) name the stage produces. */
  name: string;
  /**
   * A line filter that can run before the stage to skip lines cheaply. `{value}` stands for
   * the value being matched; fill it with `fillLineFilter` (src/sources/catalog.ts), which
   * escapes for JSON lines, for regexes and for the string literal.
   */
  lineFilter?: string;
  /** How the value is written in the line: `url` = URL-encoded (exec `command=` words). */
  valueEncoding?: 'url';
}

/** One field a user can filter, group or display on. */
export interface FieldSpec {
  /** Name as it appears in ParsedEvent.fields. */
  name: string;
  type: FieldType;
  description: string;
  logql: FieldExtraction;
  logsql: FieldExtraction;
  /** For `list` fields: how a single element is matched, since `| json` skips arrays. */
  listMatch?: string;
  /** Derived by the parser (not a raw path in the line); the extraction is an approximation. */
  derived?: boolean;
}
