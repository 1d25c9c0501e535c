// Go semantics the oracle needs in JavaScript: RE2 regexes, strconv.ParseFloat,
// time.ParseDuration and go-humanize ParseBytes (the converters Loki's label filters use,
// docs/dev/logql.md#label-filters).
import { OracleUnsupportedError } from './parse';

const regexCache = new Map<string, RegExp>();

/**
 * Compiles an RE2 regex to a JavaScript RegExp. `anchored` wraps it as `^(?:re)$`, as
 * Prometheus-style matchers do ([LQ "Log stream selector"]); line filters and the regexp parser
 * are unanchored ([LQ "Line filter expression"], [LQ "Regular expression"]).
 */
export function compileRE2(source: string, anchored: boolean): RegExp {
  const key = `${anchored}:${source}`;
  const cached = regexCache.get(key);
  if (cached) {
    return cached;
  }
  let body = source;
  let flags = 'u';
  // Leading flag groups such as (?i) or (?is) become JavaScript flags.
  const lead = body.match(/^\(\?([imsU]+)\)/);
  if (lead) {
    if (lead[1].includes('U') || lead[1].includes('m')) {
      throw new OracleUnsupportedError(`regex flags (?${lead[1]})`);
    }
    flags += lead[1];
    body = body.slice(lead[0].length);
  }
  if (/\(\?[a-zA-Z]/.test(body.replace(/\(\?P?</g, '')) || /\\[AzCQE]|\[\[:/.test(body)) {
    throw new OracleUnsupportedError(`RE2 syntax in ${JSON.stringify(source)}`);
  }
  body = body.replace(/\(\?P</g, '(?<');
  const compiled = new RegExp(anchored ? `^(?:${body})$` : body, flags);
  regexCache.set(key, compiled);
  return compiled;
}

/** Go strconv.ParseFloat (decimal forms, Inf and NaN); undefined when Go would fail. */
export function goParseFloat(s: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    return Number(s);
  }
  const special = s.toLowerCase().match(/^([+-]?)(inf|infinity|nan)$/);
  if (special) {
    if (special[2] === 'nan') {
      return NaN;
    }
    return special[1] === '-' ? -Infinity : Infinity;
  }
  return undefined;
}

const GO_DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Go time.ParseDuration in seconds; undefined when Go would fail (no d/w/y units). */
export function goParseDuration(s: string): number | undefined {
  const m = s.match(/^([+-]?)(.*)$/)!;
  if (m[2] === '0') {
    return 0;
  }
  const parts = m[2].match(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g);
  if (!parts || parts.join('') !== m[2]) {
    return undefined;
  }
  let total = 0;
  for (const p of parts) {
    const [, num, unit] = p.match(/^(\d+\.?\d*|\.\d+)(.+)$/)!;
    total += Number(num) * GO_DURATION_UNITS[unit];
  }
  return m[1] === '-' ? -total : total;
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  ki: 1024,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  p: 1e15,
  pb: 1e15,
  pi: 1024 ** 5,
  pib: 1024 ** 5,
};

/** go-humanize ParseBytes: case-insensitive units, optional space, SI and IEC; no negatives. */
export function humanizeParseBytes(s: string): number | undefined {
  const m = s.match(/^([0-9.,]+)\s*([a-zA-Z]*)$/);
  if (!m) {
    return undefined;
  }
  const num = Number(m[1].replace(/,/g, ''));
  const unit = BYTE_UNITS[m[2].toLowerCase()];
  if (Number.isNaN(num) || unit === undefined) {
    return undefined;
  }
  return num * unit;
}
