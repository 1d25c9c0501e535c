/**
 * Timestamp parsing shared by the frames and the JSON sources. Kubernetes and Falco write
 * RFC 3339 with up to nine fractional digits; Date.parse keeps only milliseconds, so the
 * sub-millisecond digits are kept apart as `ns` (nanoseconds within the millisecond).
 */

/** A parsed instant: epoch milliseconds plus nanoseconds within that millisecond. */
export interface Instant {
  ms: number;
  /** 0–999999 as a decimal string, present when the text had more than 3 fraction digits. */
  ns?: string;
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)$/i;

/** Parses an RFC 3339 timestamp; undefined when it is not one. */
export function parseRfc3339(text: string): Instant | undefined {
  return fastRfc3339(text) ?? slowRfc3339(text);
}

function slowRfc3339(text: string): Instant | undefined {
  const m = RFC3339.exec(text);
  if (!m) {
    return undefined;
  }
  const frac = m[2] ?? '';
  const zone = m[3].toUpperCase() === 'Z' ? 'Z' : m[3];
  const ms = Date.parse(`${m[1]}.${(frac + '000').slice(0, 3)}${zone}`);
  if (Number.isNaN(ms)) {
    return undefined;
  }
  if (frac.length <= 3) {
    return { ms };
  }
  return { ms, ns: String(Number((frac + '000000000').slice(3, 9))) };
}

/** `count` decimal digits at `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) {
      return -1;
    }
    v = v * 10 + c;
  }
  return v;
}

/**
 * The common shapes (`2026-11-20T10:00:05.004321Z`, `+01:00` offsets) read from char codes
 * with Date.UTC: an audit line has two stamps, and Date.parse of a built string costs more
 * than the rest of the line's fields. Anything unusual (day > 28, second 60, 2-digit-era
 * years, `+0100`) returns undefined and takes the slow path, so results match it exactly.
 */
function fastRfc3339(text: string): Instant | undefined {
  const n = text.length;
  if (
    n < 20 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    (text.charCodeAt(10) | 32) !== 116 /* t */ ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return undefined;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 28 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return undefined;
  }
  let i = 19;
  let ms = 0;
  let sub = 0; // nanoseconds within the millisecond
  let fracDigits = 0;
  if (text.charCodeAt(i) === 46 /* . */) {
    i++;
    for (; i < n && fracDigits < 10; i++, fracDigits++) {
      const c = text.charCodeAt(i) - 48;
      if (!(c >= 0 && c <= 9)) {
        break;
      }
      if (fracDigits < 3) {
        ms = ms * 10 + c;
      } else {
        sub = sub * 10 + c;
      }
    }
    if (fracDigits === 0 || fracDigits > 9) {
      return undefined;
    }
    ms *= 10 ** Math.max(0, 3 - fracDigits);
    sub *= 10 ** Math.max(0, 9 - Math.max(3, fracDigits));
  }
  let offsetMinutes = 0;
  const z = text.charCodeAt(i);
  if ((z | 32) === 122 /* z */ && i + 1 === n) {
    offsetMinutes = 0;
  } else if ((z === 43 || z === 45) && i + 6 === n && text.charCodeAt(i + 3) === 58) {
    const oh = digitsAt(text, i + 1, 2);
    const om = digitsAt(text, i + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) {
      return undefined;
    }
    offsetMinutes = (z === 43 ? 1 : -1) * (oh * 60 + om);
  } else {
    return undefined;
  }
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return fracDigits <= 3 ? { ms: epoch } : { ms: epoch, ns: String(sub) };
}

let lastRef = NaN;
let lastYear = 0;

/** The UTC year of `ms`, memoised: a file's lines share one reference time. */
function utcYear(ms: number): number {
  if (ms !== lastRef) {
    lastRef = ms;
    lastYear = new Date(ms).getUTCFullYear();
  }
  return lastYear;
}

let lastDayKey = -1;
let lastDayMs = 0;

/** Date.UTC of a day, memoised: a log's lines mostly share their day. */
function dayStart(year: number, month: number, day: number): number {
  const key = (year * 12 + month) * 32 + day;
  if (key !== lastDayKey) {
    lastDayKey = key;
    lastDayMs = Date.UTC(year, month, day);
  }
  return lastDayMs;
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/**
 * Parses a BSD syslog stamp `Nov 22 10:00:01` (no year, no zone: read as UTC). The year is
 * taken from `refMs` (the entry time, else now); a stamp more than a day ahead of the
 * reference belongs to the previous year (a December line read in January).
 */
export function parseSyslogStamp(month: string, day: string, clock: string, refMs: number): number | undefined {
  const mon = MONTHS[month];
  // clock is `hh:mm:ss` (the caller's regex guarantees the shape).
  const h = Number(clock.slice(0, 2));
  const mi = Number(clock.slice(3, 5));
  const s = Number(clock.slice(6, 8));
  const d = Number(day);
  if (mon === undefined || !(d >= 1 && d <= 31) || !(h <= 23 && mi <= 59 && s <= 60)) {
    return undefined;
  }
  const year = utcYear(refMs);
  let ms = dayStart(year, mon, d) + h * 3_600_000 + mi * 60_000 + s * 1000;
  if (ms - refMs > 86_400_000) {
    ms = Date.UTC(year - 1, mon, d, h, mi, s);
  }
  return ms;
}
