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

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
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
  let ms = Date.UTC(year, mon, d, h, mi, s);
  if (ms - refMs > 86_400_000) {
    ms = Date.UTC(year - 1, mon, d, h, mi, s);
  }
  return ms;
}
