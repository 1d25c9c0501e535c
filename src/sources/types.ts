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
  /** The framing that was stripped, if any. */
  framed?: 'cri' | 'docker-json' | 'syslog' | 'journald';
}

/** Why a line did not parse. Parsers return these; they never throw. */
export type ParseErrorKind =
  | 'empty'
  | 'too-long'
  | 'binary'
  | 'invalid-json'
  | 'wrong-kind'
  | 'unknown-format'
  | 'missing-field';

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
