/**
 * Falco JSON output (`json_output: true`), with or without `output_fields`
 * (`json_include_output_property`, `json_include_tags_property`), and both output styles:
 * `<time>: <Priority> Message | k=v k=v` (rules since 0.36) and `... Message (k=v k=v)`.
 * Bare, or framed by the container runtime when read from the Falco pod's log file.
 * Falco's text output (`json_output: false`: `HH:MM:SS.ns: Priority output`, on stdout or
 * through syslog) parses too, without `rule` (the text does not carry it).
 */
import {
  binaryError,
  fail,
  frameTime,
  guardLine,
  parseRfc3339,
  type Unframed,
  unframeContainer,
  unframeSyslog,
} from '../frames';
import { isFlatEvent, unflattenEvent } from '../flat';
import type { FieldType, FieldValue, ParseOptions, ParseResult, ParsedEvent } from '../types';
import { falcoEntities } from './entities';
import { FALCO_FIELDS } from './fields';

const FALCO_TYPES = new Map<string, FieldType>(FALCO_FIELDS.filter((f) => !f.derived).map((f) => [f.name, f.type]));

function falcoFieldType(name: string): FieldType | undefined {
  return FALCO_TYPES.get(name);
}

type Obj = Record<string, unknown>;

/** Falco's priorities, most severe first (syslog severity numbers). Compare by name. */
export const FALCO_PRIORITIES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
];

/** Severity 0 (Emergency) … 7 (Debug) of a priority name, any case; `Info` is Informational. */
export function prioritySeverity(priority: string): number | undefined {
  const p = priority.toLowerCase();
  const i = FALCO_PRIORITIES.findIndex((name) => name.toLowerCase() === p);
  return i >= 0 ? i : p === 'info' ? 6 : undefined;
}

const PAIR_START = /^[A-Za-z_][\w.[\]]*=/;
const OUTPUT_HEAD = /^\d\d:\d\d:\d\d\.\d+: [A-Za-z]+ /;

/**
 * Splits Falco's output into the message and its key=value pairs. Values may contain
 * spaces (`cmdline=bash -c ls`), so a token without `key=` continues the previous value.
 */
export function splitOutput(output: string): { message: string; pairs: Record<string, string> } {
  const body = output.replace(OUTPUT_HEAD, '');
  let message = body;
  let kv = '';
  const bar = body.indexOf(' | ');
  if (bar >= 0) {
    message = body.slice(0, bar);
    kv = body.slice(bar + 3);
  } else if (body.endsWith(')')) {
    const open = body.lastIndexOf(' (');
    if (open >= 0 && PAIR_START.test(body.slice(open + 2))) {
      message = body.slice(0, open);
      kv = body.slice(open + 2, -1);
    }
  }
  const pairs: Record<string, string> = {};
  let key = '';
  for (const token of kv.split(' ')) {
    const eq = token.indexOf('=');
    if (eq > 0 && PAIR_START.test(token)) {
      key = token.slice(0, eq);
      pairs[key] = token.slice(eq + 1);
    } else if (key !== '' && token !== '') {
      pairs[key] += ` ${token}`;
    }
  }
  return { message: message.trim(), pairs };
}

function scalarFields(of: Obj, raw: string): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const k in of) {
    const v = of[k];
    if (typeof v === 'string' || typeof v === 'boolean') {
      out[k] = v;
    } else if (typeof v === 'number') {
      // evt.time and other 64-bit integers lose digits in a JS number: keep their text.
      const digits = Number.isSafeInteger(v)
        ? undefined
        : new RegExp(`"${k.replace(/[.[\]]/g, '\\$&')}":(-?\\d{16,20})[,}]`).exec(raw);
      out[k] = digits ? digits[1] : v;
    } else if (Array.isArray(v)) {
      out[k] = v.map(String);
    }
  }
  return out;
}

/** Parses one Falco JSON line. Never throws. */
export function parseFalco(raw: string, opts?: ParseOptions): ParseResult {
  const bad = guardLine(raw, true);
  if (bad) {
    return bad;
  }
  const frame =
    raw.charCodeAt(0) === 123 && !raw.startsWith('{"log":')
      ? undefined
      : (unframeContainer(raw) ?? unframeSyslog(raw, opts?.entryTimeMs ?? Date.now()));
  const body = frame ? frame.body : raw;
  if (body.charCodeAt(0) !== 123) {
    return binaryError(raw) ?? parseFalcoText(raw, body, frame, opts);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return binaryError(raw) ?? fail('invalid-json', `invalid JSON: ${(e as Error).message}`, raw);
  }
  let ev = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Obj) : undefined;
  let line = body;
  const rebuilt = ev !== undefined && isFlatEvent(ev);
  if (rebuilt) {
    ev = unflattenEvent(ev!, falcoFieldType);
    line = JSON.stringify(ev);
  }
  if (!ev || typeof ev.rule !== 'string' || typeof ev.priority !== 'string') {
    return fail('wrong-kind', 'not a Falco event (no rule and priority)', raw);
  }
  if (typeof ev.output !== 'string') {
    return fail('missing-field', 'Falco event has no output', raw);
  }
  const fields: Record<string, FieldValue> = { rule: ev.rule, priority: ev.priority, output: ev.output };
  const severity = prioritySeverity(ev.priority);
  if (severity !== undefined) {
    fields['priority.severity'] = severity;
  }
  for (const k of ['source', 'hostname', 'time', 'uuid']) {
    if (typeof ev[k] === 'string') {
      fields[k] = ev[k] as string;
    }
  }
  if (Array.isArray(ev.tags)) {
    fields.tags = ev.tags.map(String);
  }
  const { message, pairs } = splitOutput(ev.output);
  fields.message = message;
  const of =
    ev.output_fields !== null && typeof ev.output_fields === 'object'
      ? scalarFields(ev.output_fields as Obj, line)
      : {};
  for (const k in of) {
    fields[`output_fields.${k}`] = of[k];
  }
  falcoEntities([of, pairs], fields);
  if (typeof ev.hostname === 'string') {
    fields['entity.node'] = ev.hostname;
  }
  const stamp = typeof ev.time === 'string' ? parseRfc3339(ev.time) : undefined;
  const time: Pick<ParsedEvent, 'timeMs' | 'timeNs' | 'timeFrom'> = stamp
    ? { timeMs: stamp.ms, timeFrom: 'line', ...(stamp.ns !== undefined ? { timeNs: stamp.ns } : {}) }
    : frameTime(frame, opts);
  const framed = rebuilt ? 'fields' : frame?.framed;
  return { ok: true, event: { source: 'falco', ...time, fields, object: ev, line, ...(framed ? { framed } : {}) } };
}

/** Falco's text alert: time of day, priority, then the rule's output. */
const TEXT_ALERT = /^(\d\d:\d\d:\d\d\.\d{1,9}): ([A-Za-z]+) (.+)$/s;

/** Falco's own log lines (`Wed Mar 27 15:28:24 2019: Falco initialized…`, `…: Exiting.`). */
const OWN_LOG = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;

/**
 * A text-output alert. The text has only the time of day: the event time is the frame's or
 * the entry's. Detections read JSON output only (as the compiled queries do), so a text
 * alert is an event to show and count, not one rules evaluate.
 */
function parseFalcoText(
  raw: string,
  line: string,
  frame: Unframed | undefined,
  opts: ParseOptions | undefined
): ParseResult {
  const m = TEXT_ALERT.exec(line);
  const severity = m ? prioritySeverity(m[2]) : undefined;
  if (!m || severity === undefined) {
    return OWN_LOG.test(line)
      ? fail('not-event', "a line of Falco's own log, not an alert", raw)
      : fail('unknown-format', 'not a Falco alert: neither JSON output nor "HH:MM:SS.ns: Priority output" text', raw);
  }
  const { message, pairs } = splitOutput(line);
  const fields: Record<string, FieldValue> = { priority: m[2], 'priority.severity': severity, output: line, message };
  falcoEntities([pairs], fields);
  if (frame?.host) {
    fields.hostname = frame.host;
    fields['entity.node'] = frame.host;
  }
  const event: ParsedEvent = { source: 'falco', ...frameTime(frame, opts), fields, line };
  if (frame) {
    event.framed = frame.framed;
  }
  return { ok: true, event };
}
