/**
 * Quoting and escaping of user-supplied values before they enter a LogQL, LogsQL or PromQL
 * query. Every value that reaches a query goes through one of these helpers, so a value can
 * never change the structure of the query it is placed in.
 *
 * All three languages use Go string-literal rules for double-quoted strings:
 * - LogQL: https://grafana.com/docs/loki/latest/query/log_queries/ (strings use Go escapes,
 *   backticks are raw),
 * - LogsQL: https://docs.victoriametrics.com/victorialogs/logsql/ ("Go-style escaping"),
 * - PromQL: https://prometheus.io/docs/prometheus/latest/querying/basics/#string-literals .
 */

/** Thrown when a value cannot be represented in a query (e.g. a lone UTF-16 surrogate). */
export class QueryEscapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryEscapeError';
  }
}

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function isControl(cp: number): boolean {
  return cp < 0x20 || cp === 0x7f;
}

/** Lone surrogates cannot be encoded as UTF-8, which all three query languages require. */
function assertWellFormed(value: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      throw new QueryEscapeError(`value has a lone UTF-16 surrogate at index ${i}; queries must be valid UTF-8`);
    }
  }
}

/**
 * A Go double-quoted string literal for `value`: escapes `\`, `"` and control characters;
 * everything else (including non-ASCII) is kept as is.
 */
export function goQuote(value: string): string {
  assertWellFormed(value);
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch in NAMED_ESCAPES) {
      out += NAMED_ESCAPES[ch];
    } else if (isControl(cp)) {
      out += '\\x' + cp.toString(16).padStart(2, '0');
    } else {
      out += ch;
    }
  }
  return out + '"';
}

/** True when `value` can be written as a backtick raw string and stay readable. */
function rawSafe(value: string): boolean {
  for (const ch of value) {
    // A raw string cannot hold a backtick; control characters (incl. CR, which Go drops from raw
    // strings) are clearer escaped.
    if (ch === '`' || isControl(ch.codePointAt(0)!)) {
      return false;
    }
  }
  return true;
}

/** A LogQL string literal for `value` (double-quoted, Go escapes). */
export function quoteLogQLString(value: string): string {
  return goQuote(value);
}

/**
 * A LogQL string literal for `value`, as a backtick raw string when that is possible (no
 * backtick or control character in the value), else double-quoted. Regexes read better raw.
 */
export function quoteLogQLStringPreferRaw(value: string): string {
  assertWellFormed(value);
  return rawSafe(value) ? '`' + value + '`' : goQuote(value);
}

/**
 * Escapes RE2 metacharacters so that the regex matches `value` literally (the same set as
 * Go's regexp.QuoteMeta). Used inside `|~`, `!~`, `=~`, `!~` and LogsQL `~"..."`.
 */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** A LogQL string literal holding a regex that matches `value` literally. */
export function quoteLogQLRegexLiteral(value: string): string {
  return quoteLogQLStringPreferRaw(escapeRegex(value));
}

/** Prometheus/Loki label names: `[a-zA-Z_][a-zA-Z0-9_]*`. */
export function isValidLabelName(name: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);
}

function assertLabelName(name: string): void {
  if (!isValidLabelName(name)) {
    throw new QueryEscapeError(`invalid label name ${JSON.stringify(name)}: must match [a-zA-Z_][a-zA-Z0-9_]*`);
  }
}

/** The matcher operators of stream selectors, label filters and PromQL selectors. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** A LogQL matcher (`name="value"`) for stream selectors and string label filters. */
export function logqlMatcher(name: string, op: MatchOp, value: string): string {
  assertLabelName(name);
  const regex = op === '=~' || op === '!~';
  return `${name}${op}${regex ? quoteLogQLStringPreferRaw(value) : quoteLogQLString(value)}`;
}

/** The LogQL line filter operators. */
export type LineFilterOp = '|=' | '!=' | '|~' | '!~';

/** A LogQL line filter that tests for `value` as a plain substring (never as a regex). */
export function logqlContainsFilter(value: string, negate = false): string {
  return `${negate ? '!=' : '|='} ${quoteLogQLString(value)}`;
}

/**
 * Turns any string into a valid label name the way Loki sanitises parsed keys: each rune that
 * is not `[A-Za-z0-9_]` becomes `_`, and a leading digit gets a `_` prefix
 * (https://grafana.com/docs/loki/latest/query/log_queries/#json).
 */
export function sanitizeLabelName(key: string): string {
  const trimmed = key.trim();
  const replaced = Array.from(trimmed, (ch) => (/[A-Za-z0-9_]/.test(ch) ? ch : '_')).join('');
  return /^[0-9]/.test(replaced) ? '_' + replaced : replaced;
}

/** A LogsQL quoted string (phrase, exact value or field name), Go escapes. */
export function quoteLogsQLString(value: string): string {
  return goQuote(value);
}

/** LogsQL exact-value filter `field:="value"` (VictoriaLogs "Exact filter"). */
export function logsqlExactFilter(field: string, value: string): string {
  return `${quoteLogsQLString(field)}:=${quoteLogsQLString(value)}`;
}

/** LogsQL phrase filter `field:"value"` (whole words / exact phrase at word boundaries). */
export function logsqlPhraseFilter(value: string, field = '_msg'): string {
  return `${quoteLogsQLString(field)}:${quoteLogsQLString(value)}`;
}

/** LogsQL substring filter `field:~"escaped"`: matches `value` anywhere, literally. */
export function logsqlSubstringFilter(value: string, field = '_msg'): string {
  return `${quoteLogsQLString(field)}:~${quoteLogsQLString(escapeRegex(value))}`;
}

/** A PromQL label value literal (double-quoted, Go escapes). */
export function quotePromQLLabelValue(value: string): string {
  return goQuote(value);
}

/** A PromQL label matcher `name="value"`. */
export function promqlMatcher(name: string, op: MatchOp, value: string): string {
  assertLabelName(name);
  return `${name}${op}${quotePromQLLabelValue(value)}`;
}
