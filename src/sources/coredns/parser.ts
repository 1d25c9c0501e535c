/**
 * CoreDNS `log` plugin lines, common and combined formats:
 *   [INFO] {remote}:{port} - {>id} "{type} {class} {name} {proto} {size} {>do} {>bufsize}" {rcode} {>rflags} {rsize} {duration}
 * combined appends ` "{>opcode}"`. IPv6 clients are bracketed (`[fd00::5]:53124`). Lines may
 * come bare or inside a CRI / Docker json-file frame, whose time becomes the event time.
 * Hand-scanned with indexOf rather than one regex: it is the hottest parser (every query).
 */
import { fail, frameTime, guardLine, parseRfc3339, unframeContainer } from '../frames';
import type { FieldValue, ParseOptions, ParseResult } from '../types';

/** Go duration text as CoreDNS prints it (`0.000123s`, older builds `123µs`) → seconds. */
const UNIT_SECONDS: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9, m: 60, h: 3600 };

function durationSeconds(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(s|ms|us|µs|ns|m|h)$/.exec(text);
  return m ? Number(m[1]) * UNIT_SECONDS[m[2]] : undefined;
}

function int(text: string): number | undefined {
  return /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

/** Parses one CoreDNS query log line (framed or bare). Never throws. */
export function parseCoreDns(raw: string, opts?: ParseOptions): ParseResult {
  const bad = guardLine(raw);
  if (bad) {
    return bad;
  }
  const frame = unframeContainer(raw);
  const body = frame ? frame.body : raw;
  let line = body;
  let lineTime;
  // CoreDNS ≤1.1 prefixed its own RFC 3339 time: `2018-03-01T10:00:00.123Z [INFO] ...`.
  if (line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57) {
    const sp = line.indexOf(' ');
    lineTime = sp > 0 ? parseRfc3339(line.slice(0, sp)) : undefined;
    if (lineTime) {
      line = line.slice(sp + 1);
    }
  }
  const unknown = (why: string) => fail('unknown-format', `not a CoreDNS log line: ${why}`, raw);

  let pos = 0;
  let level: string | undefined;
  if (line.charCodeAt(0) === 91 /* [ */) {
    const close = line.indexOf('] ');
    // `[INFO] ` is a level; `[fd00::5]:53124` is a client and has no space after `]`.
    if (close > 0 && close < 10 && !line.slice(1, close).includes(':')) {
      level = line.slice(1, close);
      pos = close + 2;
    }
  }
  const dash = line.indexOf(' - ', pos);
  if (dash < 0) {
    return unknown('no " - " after the client address');
  }
  const remote = line.slice(pos, dash);
  const colon = remote.lastIndexOf(':');
  const port = colon > 0 ? int(remote.slice(colon + 1)) : undefined;
  let ip = colon > 0 ? remote.slice(0, colon) : '';
  if (ip.charCodeAt(0) === 91 && ip.charCodeAt(ip.length - 1) === 93) {
    ip = ip.slice(1, -1);
  }
  if (port === undefined || ip === '' || ip.includes(' ')) {
    return unknown('client is not ip:port');
  }
  const q1 = line.indexOf(' "', dash + 3);
  const q2 = q1 < 0 ? -1 : line.indexOf('" ', q1 + 2);
  if (q2 < 0) {
    return unknown('no quoted question');
  }
  const id = int(line.slice(dash + 3, q1));
  const question = line.slice(q1 + 2, q2).split(' ');
  if (id === undefined || (question.length !== 7 && question.length !== 5)) {
    return unknown('question is not "type class name proto size do bufsize"');
  }
  const [qtype, qclass, qname, proto, sizeText, doText, bufText] = question;
  const rest = line.slice(q2 + 2).trimEnd().split(' ');
  let opcode: string | undefined;
  const last = rest[rest.length - 1];
  if (rest.length === 5 && last.length > 2 && last.startsWith('"') && last.endsWith('"')) {
    opcode = last.slice(1, -1);
    rest.pop();
  }
  if (rest.length !== 4) {
    return unknown('response is not "rcode rflags rsize duration"');
  }
  const [rcode, rflags, rsizeText, durationText] = rest;
  const size = int(sizeText);
  const rsize = int(rsizeText);
  const duration = durationSeconds(durationText);
  if (size === undefined || rsize === undefined || duration === undefined || !/^[A-Z]+\d*$/.test(rcode)) {
    return unknown('bad size, rcode or duration');
  }
  const domain = qname.length > 1 && qname.endsWith('.') ? qname.slice(0, -1) : qname;
  const fields: Record<string, FieldValue> = {
    'client.ip': ip,
    'client.port': port,
    'query.id': id,
    'query.type': qtype,
    'query.class': qclass,
    'query.name': qname,
    'query.domain': domain.toLowerCase(),
    proto,
    size,
    rcode,
    rflags: rflags === '-' || rflags === '' ? [] : rflags.split(','),
    rsize,
    duration_s: duration,
    'entity.ip': ip,
    'entity.domain': domain.toLowerCase(),
  };
  if (doText !== undefined) {
    fields.do = doText === 'true';
    const buf = int(bufText ?? '');
    if (buf !== undefined) {
      fields.bufsize = buf;
    }
  }
  if (opcode !== undefined) {
    fields.opcode = opcode;
  }
  if (level !== undefined) {
    fields.level = level;
  }
  const time = lineTime ? { timeMs: lineTime.ms, timeNs: lineTime.ns, timeFrom: 'line' as const } : frameTime(frame, opts);
  if (time.timeNs === undefined) {
    delete time.timeNs;
  }
  return { ok: true, event: { source: 'coredns', ...time, fields, line: body, ...(frame ? { framed: frame.framed } : {}) } };
}
