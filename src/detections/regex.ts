/**
 * Regular expressions shared by the compiler and the matcher. Rules may only use the part of
 * RE2 that JavaScript evaluates identically, so the matcher (JS) and Loki/VictoriaLogs (RE2)
 * agree; anything else is rejected with the reason.
 */
import { escapeRegex } from '../logql/escape';
import { UnsupportedRuleError } from './types';

export { escapeRegex };

const FORBIDDEN: Array<[RegExp, string]> = [
  [/\(\?[=!]/, 'lookahead is not RE2'],
  [/\(\?<[=!]/, 'lookbehind is not RE2'],
  [/\\[1-9]/, 'backreferences are not RE2'],
  [/\\[pP]/, 'Unicode classes (\\p) differ between RE2 and JavaScript'],
  [/\\[sS]/, '\\s differs between RE2 (ASCII space) and JavaScript (Unicode space): write [ \\t\\r\\n]'],
  [/\\[AzZCQEk]/, 'this escape is not supported by both RE2 and JavaScript'],
  [/\[\[:/, 'POSIX classes are not supported by JavaScript'],
  [/\(\?[a-zA-Z]*[^a-zA-Z:)P<]/, 'malformed group flag'],
  [/\(\?[imsU]*[mU]/, 'only the i and s flags are supported'],
];

/** Splits leading inline flags `(?is)` off a regex; flags inside the regex are rejected. */
export function splitFlags(source: string, path = ''): { source: string; flags: string } {
  const lead = source.match(/^\(\?([is]+)\)/);
  const body = lead ? source.slice(lead[0].length) : source;
  for (const [re, why] of FORBIDDEN) {
    if (re.test(body)) {
      throw new UnsupportedRuleError(`regex ${JSON.stringify(source)}: ${why}`, path);
    }
  }
  if (/\(\?[is]+[):]/.test(body)) {
    throw new UnsupportedRuleError(`regex ${JSON.stringify(source)}: inline flags are only supported at the start`, path);
  }
  try {
    new RegExp(body.replace(/\(\?P</g, '(?<'), 'u');
  } catch (e) {
    throw new UnsupportedRuleError(`regex ${JSON.stringify(source)} is invalid: ${(e as Error).message}`, path);
  }
  return { source: body, flags: lead ? [...new Set(lead[1])].sort().join('') : '' };
}

/** A regex with flags in RE2 inline form, e.g. `(?is).*x.*`. */
export function withFlags(source: string, flags: string): string {
  return flags ? `(?${flags})${source}` : source;
}

const jsCache = new Map<string, RegExp>();

/** The JavaScript equivalent of an RE2-subset regex; `anchored` wraps it as Prometheus matchers do. */
export function jsRegex(source: string, flags: string, anchored: boolean): RegExp {
  const key = `${anchored ? 'a' : 'u'}${flags}:${source}`;
  let re = jsCache.get(key);
  if (!re) {
    const body = source.replace(/\(\?P</g, '(?<');
    re = new RegExp(anchored ? `^(?:${body})$` : body, `u${flags}`);
    jsCache.set(key, re);
  }
  return re;
}

/**
 * A Sigma wildcard value as an anchored regex body: `*` any run, `?` one character,
 * `\*` `\?` `\\` literal (Sigma's escaping; other backslashes are literal). With `dashes`
 * (Sigma `windash`), each of those characters stands for any of them.
 */
export function globToRegex(value: string, dashes?: string[]): string {
  let out = '';
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\' && i + 1 < chars.length && '*?\\'.includes(chars[i + 1])) {
      out += escapeRegex(chars[i + 1]);
      i++;
    } else if (ch === '*') {
      out += '.*';
    } else if (ch === '?') {
      out += '.';
    } else if (dashes?.includes(ch)) {
      out += `(?:${dashes.map(escapeRegex).join('|')})`;
    } else {
      out += escapeRegex(ch);
    }
  }
  return out;
}

/** Sigma's unescaped wildcards in a plain value? */
export function hasWildcard(value: string): boolean {
  return /(^|[^\\])(\\\\)*[*?]/.test(value);
}

/** Removes Sigma escapes from a value without wildcards. */
export function unescapeSigma(value: string): string {
  return value.replace(/\\([*?\\])/g, '$1');
}
