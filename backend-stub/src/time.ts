/**
 * Time helpers. Events carry epoch microseconds (a safe integer) plus a nanosecond string,
 * because epoch nanoseconds do not fit in a JavaScript number.
 */
import { Rng } from './prng';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A point in time at microsecond precision with its nanosecond spelling. */
export interface Stamp {
  us: number;
  /** Epoch nanoseconds, decimal. */
  ns: string;
}

export function stampAt(us: number, rng: Rng): Stamp {
  const whole = Math.floor(us);
  return { us: whole, ns: `${whole}${String(rng.int(0, 999)).padStart(3, '0')}` };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** RFC 3339 UTC with microseconds, as the API server writes audit timestamps. */
export function rfc3339Micro(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  return `${d.toISOString().slice(0, 19)}.${pad(us % 1_000_000, 6)}Z`;
}

/** RFC 3339 UTC with nanoseconds (Falco `time`, CRI frames). */
export function rfc3339Nano(s: Stamp): string {
  const d = new Date(Math.floor(s.us / 1000));
  return `${d.toISOString().slice(0, 19)}.${s.ns.slice(-9)}Z`;
}

/** Classic syslog timestamp `Nov 22 10:00:01` (day space-padded, UTC). */
export function syslogTime(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[d.getUTCMonth()]} ${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `HH:MM:SS.nnnnnnnnn` as Falco prefixes its text output. */
export function clockNano(s: Stamp): string {
  return rfc3339Nano(s).slice(11, 29);
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses durations like `90s`, `15m`, `2h`, `1d`. Returns milliseconds or an error. */
export function parseDuration(text: string): number | Error {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m) {
    return new Error(`invalid duration "${text}": use a number and s, m, h or d, e.g. 2h`);
  }
  return Number(m[1]) * UNITS[m[2]];
}
