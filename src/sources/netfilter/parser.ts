/**
 * Kernel netfilter LOG lines (iptables/nftables LOG, Calico `Log`, UFW):
 *   [syslog or journald frame] [12345.678901] <prefix>IN=eth0 OUT= MAC=.. SRC=.. DST=.. LEN=60 .. DF PROTO=TCP SPT=.. DPT=.. SYN URGP=0
 * The prefix is whatever the rule configured (no separator is guaranteed), so it is found
 * by anchoring on the first `IN=` or `OUT=`. Tokens are KEY=value or bare flags. UDP repeats LEN (IP
 * then UDP length). ICMP errors quote the offending packet in `[...]`; its keys go under
 * `embedded.*` so they never overwrite the outer packet.
 */
import {
  fail,
  guardLine,
  setFrameTime,
  type Unframed,
  unframeContainer,
  unframeJournald,
  unframeSyslog,
} from '../frames';
import type { FieldValue, ParseOptions, ParseResult, ParsedEvent } from '../types';
import { readTokens } from './tokens';

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

/**
 * Where the packet's key=value body starts: the first `IN=` or `OUT=`. Most rules log both
 * (`IN=eth0 OUT= `), but some front ends print only the one that is set (Proxmox's
 * `PVEFW-HOST-IN … policy DROP: IN=vmbr0 MAC=…`, `… REJECT: OUT=vmbr0 SRC=…`).
 */
function packetStart(body: string): number {
  const inAt = body.indexOf('IN=');
  const outAt = body.indexOf('OUT=');
  return inAt < 0 ? outAt : outAt < 0 ? inAt : Math.min(inAt, outAt);
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
  const start = packetStart(body);
  if (start < 0) {
    return fail('unknown-format', 'not a netfilter log line: no IN= or OUT= interface', raw);
  }
  fields.prefix = body.slice(0, start).trim();
  const flags: string[] = [];
  readTokens(body, start, fields, flags);
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
  const event: ParsedEvent = { source: 'netfilter', timeMs: 0, fields, line: unframed };
  setFrameTime(event, frame, opts);
  if (frame) {
    event.framed = frame.framed;
  }
  return { ok: true, event };
}
