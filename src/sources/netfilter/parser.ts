/**
 * Kernel netfilter LOG lines (iptables/nftables LOG, Calico `Log`, UFW):
 *   [syslog or journald frame] [12345.678901] <prefix>IN=eth0 OUT= MAC=.. SRC=.. DST=.. LEN=60 .. DF PROTO=TCP SPT=.. DPT=.. SYN URGP=0
 * The prefix is whatever the rule configured (no separator is guaranteed), so it is found
 * by anchoring on `IN=<if> OUT=`. Tokens are KEY=value or bare flags. UDP repeats LEN (IP
 * then UDP length). ICMP errors quote the offending packet in `[...]`; its keys go under
 * `embedded.*` so they never overwrite the outer packet.
 */
import { fail, frameTime, guardLine, type Unframed, unframeContainer, unframeJournald, unframeSyslog } from '../frames';
import type { FieldValue, ParseOptions, ParseResult } from '../types';

const NUMERIC = new Set(['len', 'ttl', 'id', 'spt', 'dpt', 'window', 'urgp', 'uid', 'gid', 'type', 'code', 'seq', 'mtu']);

// Lower-cased key names, memoised: the same dozen keys repeat on every line.
const KEY_NAMES = new Map<string, string>();

function keyName(raw: string): string {
  let name = KEY_NAMES.get(raw);
  if (name === undefined) {
    name = raw.toLowerCase();
    if (KEY_NAMES.size < 256) {
      KEY_NAMES.set(raw, name);
    }
  }
  return name;
}

/** A decimal of 1–10 digits, checked without a regex (this runs for most tokens). */
function isSmallInt(text: string): boolean {
  if (text.length === 0 || text.length > 10) {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) {
      return false;
    }
  }
  return true;
}

/** Keys that mean something else after PROTO=ICMP (`ID=`/`SEQ=` of an echo). */
const ICMP_KEYS: Record<string, string> = { type: 'icmp.type', code: 'icmp.code', id: 'icmp.id', seq: 'icmp.seq', mtu: 'icmp.mtu' };

function unframe(raw: string, opts?: ParseOptions): Unframed | undefined {
  const c = raw.charCodeAt(0);
  if (c === 123 /* { */) {
    return unframeJournald(raw);
  }
  return unframeSyslog(raw, opts?.entryTimeMs ?? Date.now()) ?? unframeContainer(raw);
}

/** Strips `kernel: ` (when no frame took it) and the dmesg uptime stamp `[12345.678901] `. */
function stripKernelStamp(body: string, fields: Record<string, FieldValue>): string {
  let s = body.startsWith('kernel: ') ? body.slice(8) : body;
  if (s.charCodeAt(0) === 91 /* [ */) {
    const m = /^\[\s*(\d+\.\d+)\] /.exec(s);
    if (m) {
      fields['kernel.uptime_s'] = Number(m[1]);
      s = s.slice(m[0].length);
    }
  }
  return s;
}

/** Parses one netfilter log line (bare, syslog- or journald-framed). Never throws. */
export function parseNetfilter(raw: string, opts?: ParseOptions): ParseResult {
  const bad = guardLine(raw);
  if (bad) {
    return bad;
  }
  const frame = unframe(raw, opts);
  const fields: Record<string, FieldValue> = {};
  const unframed = frame ? frame.body : raw;
  const body = stripKernelStamp(unframed, fields);
  const outAt = body.indexOf(' OUT=');
  const inAt = outAt < 0 ? -1 : body.lastIndexOf('IN=', outAt);
  if (inAt < 0 || body.slice(inAt, outAt).includes(' ')) {
    return fail('unknown-format', 'not a netfilter log line: no "IN=<if> OUT=" pair', raw);
  }
  fields.prefix = body.slice(0, inAt).trim();
  const flags: string[] = [];
  let scope = '';
  let proto = '';
  let lenSeen = false;
  let embeddedLenSeen = false;
  for (let token of body.slice(inAt).split(' ')) {
    if (token === '') {
      continue; // doubled or trailing spaces
    }
    let closes = false;
    if (token.charCodeAt(0) === 91 /* [ */) {
      scope = 'embedded.';
      proto = '';
      token = token.slice(1);
    }
    if (token.charCodeAt(token.length - 1) === 93 /* ] */ && scope !== '') {
      closes = true;
      token = token.slice(0, -1);
    }
    const eq = token.indexOf('=');
    if (eq < 0) {
      // A bare flag (DF, SYN, ACK…); `OPT (…)` option dumps are not flags.
      if (token !== '' && token.charCodeAt(0) !== 40 /* ( */ && scope === '') {
        flags.push(token);
      }
    } else {
      let key = keyName(token.slice(0, eq));
      const value = token.slice(eq + 1);
      if (key === 'len') {
        const seen = scope === '' ? lenSeen : embeddedLenSeen;
        if (seen) {
          key = proto === 'UDP' || proto === 'UDPLITE' ? 'udp.len' : 'len2';
        }
        if (scope === '') {
          lenSeen = true;
        } else {
          embeddedLenSeen = true;
        }
      } else if (proto === 'ICMP' && ICMP_KEYS[key]) {
        key = ICMP_KEYS[key];
      }
      if (key === 'proto') {
        proto = value;
      }
      const name = scope === '' ? key : scope + key;
      if (fields[name] === undefined) {
        const plain = key.startsWith('icmp.') ? key.slice(5) : key.startsWith('udp.') ? 'len' : key;
        fields[name] = NUMERIC.has(plain) && isSmallInt(value) ? Number(value) : value;
      }
    }
    if (closes) {
      scope = '';
      proto = String(fields.proto ?? '');
    }
  }
  if (typeof fields.src !== 'string' || fields.src === '') {
    return fail('missing-field', 'netfilter line has no SRC=', raw);
  }
  fields.flags = flags;
  fields['entity.ip'] = fields.src;
  if (typeof fields.dst === 'string') {
    fields['entity.peer'] = fields.dst;
  }
  if (frame?.host) {
    fields.hostname = frame.host;
    fields['entity.node'] = frame.host;
  }
  const time = frameTime(frame, opts);
  return { ok: true, event: { source: 'netfilter', ...time, fields, line: unframed, ...(frame ? { framed: frame.framed } : {}) } };
}
