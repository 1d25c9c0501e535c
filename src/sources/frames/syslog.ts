/**
 * Host-log frames around kernel messages: a syslog line (`Nov 22 10:00:01 node1 kernel: ...`,
 * or the RFC 3339 stamp rsyslog writes with high-precision timestamps, optionally with a
 * `<PRI>` and RFC 5424 version) and a journald JSON export entry (`journalctl -o json`, or
 * Alloy's `loki.source.journal` with `format_as_json`).
 */
import type { Unframed } from './container';
import { parseRfc3339, parseSyslogStamp } from './time';

const BSD = /^(?:<\d{1,3}>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d) (\S+) /;
const ISO = /^(?:<\d{1,3}>(?:1 )?)?(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)) (\S+) /;
const TAG = /^([\w./-]{1,64})(?:\[\d+\])?: /;

function withTag(rest: string, base: Unframed): Unframed {
  const t = TAG.exec(rest);
  if (t) {
    base.body = rest.slice(t[0].length);
    base.tag = t[1];
  } else {
    base.body = rest;
  }
  return base;
}

/** Strips a syslog header; undefined when the line has none. `refMs` supplies the year. */
export function unframeSyslog(line: string, refMs: number): Unframed | undefined {
  const c = line.charCodeAt(0);
  if (c === 60 /* < */ || (c >= 65 && c <= 90)) {
    const m = BSD.exec(line);
    if (m) {
      const ms = parseSyslogStamp(m[1], m[2], m[3], refMs);
      if (ms !== undefined) {
        return withTag(line.slice(m[0].length), { body: '', framed: 'syslog', time: { ms }, host: m[4] });
      }
    }
  }
  if (c === 60 || (c >= 48 && c <= 57)) {
    const m = ISO.exec(line);
    const time = m ? parseRfc3339(m[1]) : undefined;
    if (m && time) {
      return withTag(line.slice(m[0].length), { body: '', framed: 'syslog', time, host: m[2] });
    }
  }
  return undefined;
}

/** journald stores non-UTF-8 messages as a byte array. */
function messageText(message: unknown): string | undefined {
  if (typeof message === 'string') {
    return message;
  }
  if (Array.isArray(message) && message.every((b) => typeof b === 'number' && b >= 0 && b <= 255)) {
    return new TextDecoder('utf-8').decode(Uint8Array.from(message as number[]));
  }
  return undefined;
}

/** Strips a journald JSON entry; undefined when the line is not one. */
export function unframeJournald(line: string): Unframed | undefined {
  if (line.charCodeAt(0) !== 123 /* { */ || !line.includes('"MESSAGE"')) {
    return undefined;
  }
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const body = messageText(obj.MESSAGE);
  if (body === undefined) {
    return undefined;
  }
  const us = obj.__REALTIME_TIMESTAMP ?? obj._SOURCE_REALTIME_TIMESTAMP;
  let time;
  if (typeof us === 'string' && /^\d{4,19}$/.test(us)) {
    // Microseconds as text: split rather than convert, 19 digits overflow a double.
    time = { ms: Number(us.slice(0, -3)), ns: String(Number(us.slice(-3)) * 1000) };
  }
  const host = typeof obj._HOSTNAME === 'string' ? obj._HOSTNAME : undefined;
  const tag =
    typeof obj.SYSLOG_IDENTIFIER === 'string'
      ? obj.SYSLOG_IDENTIFIER
      : typeof obj._TRANSPORT === 'string'
        ? obj._TRANSPORT
        : undefined;
  return { body, framed: 'journald', time, host, tag };
}
