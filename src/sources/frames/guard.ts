/**
 * Checks every parser runs before looking at a line: empty, too long, binary. They are
 * cheap (length compare, one regex scan) so rejecting junk never costs more than parsing.
 */
import type { ParseError, ParseErrorKind, ParseResult } from '../types';

/**
 * Longest line accepted, in UTF-16 code units. Matches Loki's default `max_line_size`
 * (256 KB): anything longer would have been rejected or truncated at ingestion anyway.
 */
export const MAX_LINE_LENGTH = 256 * 1024;

const EXCERPT_LENGTH = 200;

// `\s` is the whitespace set trim() removes.
const NOT_BLANK = /\S/;

// C0 controls other than tab, plus DEL and U+FFFD (what a decoder leaves of invalid UTF-8).
const BINARY = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]/;

/** Builds a typed parse error with a display excerpt of the line. */
export function parseError(kind: ParseErrorKind, message: string, line: string): ParseError {
  let excerpt = line.length > EXCERPT_LENGTH ? line.slice(0, EXCERPT_LENGTH) : line;
  excerpt = excerpt.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '\ufffd');
  return { kind, message, excerpt };
}

/** A failed ParseResult. */
export function fail(kind: ParseErrorKind, message: string, line: string): ParseResult {
  return { ok: false, error: parseError(kind, message, line) };
}

/** Strips a trailing CR/LF (files read with CRLF endings, docker-json `log` values). */
export function chomp(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 10 && c !== 13) {
      break;
    }
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

/**
 * Returns the error for a line no parser should look at, or undefined. The length check
 * comes first so a 1 MiB line is rejected without scanning it.
 */
export function guardLine(line: string, jsonLine = false): ParseResult | undefined {
  if (typeof line !== 'string') {
    return fail('unknown-format', 'line is not a string', String(line));
  }
  if (line.length > MAX_LINE_LENGTH) {
    return fail('too-long', `line is ${line.length} characters, over the ${MAX_LINE_LENGTH} limit`, line);
  }
  // A regex rather than trim(): trim copies every line that ends in a space (netfilter's do).
  if (!NOT_BLANK.test(line)) {
    return fail('empty', 'line is empty', line);
  }
  // JSON rejects raw control characters itself, so JSON sources skip this scan of a
  // 1–3 KB line and call binaryError only when JSON.parse fails.
  if (!jsonLine) {
    return binaryError(line);
  }
  return undefined;
}

/** The `binary` error when the line holds control bytes or U+FFFD, else undefined. */
export function binaryError(line: string): ParseResult | undefined {
  return BINARY.test(line) ? fail('binary', 'line contains control or invalid UTF-8 bytes', line) : undefined;
}
