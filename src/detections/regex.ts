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
 * `\*` `\?` `\\` literal (Sigma's escaping; other backslashes are literal).
 */
export function globToRegex(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length && '*?\\'.includes(value[i + 1])) {
      out += escapeRegex(value[i + 1]);
      i++;
    } else if (ch === '*') {
      out += '.*';
    } else if (ch === '?') {
      out += '.';
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

/** Regex matching the decimal numbers lo..hi (0 ≤ lo ≤ hi ≤ 255) without leading zeros. */
function octetRange(lo: number, hi: number): string {
  const alts: string[] = [];
  for (let n = lo; n <= hi; n++) {
    alts.push(String(n));
  }
  return alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
}

/** Parses an IPv4 CIDR; throws an UnsupportedRuleError for anything else (IPv6 included). */
export function parseCidr(cidr: string, path = ''): { base: number; bits: number } {
  const m = cidr.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits > 32) {
    throw new UnsupportedRuleError(`cidr ${JSON.stringify(cidr)}: only IPv4 CIDRs (a.b.c.d/n) are supported`, path);
  }
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (base & mask) >>> 0, bits };
}

/** Does a dotted-quad IPv4 address lie in the CIDR? Anything that is not one is outside. */
export function inCidr(address: string, cidr: { base: number; bits: number }): boolean {
  const m = address.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m || m.slice(1).some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) {
    return false;
  }
  const ip = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const mask = cidr.bits === 0 ? 0 : (0xffffffff << (32 - cidr.bits)) >>> 0;
  return ((ip & mask) >>> 0) === cidr.base;
}

/** An anchored regex body matching exactly the IPv4 addresses of a CIDR (for LogQL, which lacks ip() in our subset). */
export function cidrRegex(cidr: { base: number; bits: number }): string {
  const parts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const octet = (cidr.base >>> (24 - 8 * i)) & 0xff;
    const fixedBits = Math.min(8, Math.max(0, cidr.bits - 8 * i));
    const span = 2 ** (8 - fixedBits);
    parts.push(fixedBits === 8 ? String(octet) : octetRange(octet, octet + span - 1));
  }
  return parts.join('\\.');
}
