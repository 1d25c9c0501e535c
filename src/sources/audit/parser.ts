/**
 * Kubernetes API audit events (`audit.k8s.io/v1`, `kind: Event`), one JSON object per line,
 * every level (Metadata/Request/RequestResponse) and stage. Bare, or CRI/docker-json framed
 * when the API server writes its audit log to stdout (`--audit-log-path=-`).
 */
import { binaryError, fail, frameTime, guardLine, parseRfc3339, unframeContainer } from '../frames';
import { isFlatEvent, unflattenEvent } from '../flat';
import type { FieldType, FieldValue, ParseOptions, ParseResult, ParsedEvent } from '../types';
import { execFields, objectFields } from './derived';
import { AUDIT_FIELDS } from './fields';

const AUDIT_TYPES = new Map<string, FieldType>(AUDIT_FIELDS.filter((f) => !f.derived).map((f) => [f.name, f.type]));

function auditFieldType(name: string): FieldType | undefined {
  return AUDIT_TYPES.get(name);
}

type Obj = Record<string, unknown>;

// Annotation keys come from a small set (authorization.k8s.io/…, pod-security…): memoise
// their field names, bounded against hostile input.
const ANNOTATION_NAMES = new Map<string, string>();

function annotationName(key: string): string {
  let name = ANNOTATION_NAMES.get(key);
  if (name === undefined) {
    name = `annotations.${key}`;
    if (ANNOTATION_NAMES.size < 512) {
      ANNOTATION_NAMES.set(key, name);
    }
  }
  return name;
}

function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;
}

/**
 * Sets a scalar field. Callers pass literal names and read literal JSON keys: V8 then sees
 * the same few object shapes on every line and the copies stay monomorphic (a loop over key
 * arrays was a third of the parser's own time).
 */
function put(out: Record<string, FieldValue>, name: string, v: unknown): void {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    out[name] = v;
  }
}

function putString(out: Record<string, FieldValue>, name: string, v: unknown): void {
  if (typeof v === 'string') {
    out[name] = v;
  }
}

function putStrings(out: Record<string, FieldValue>, name: string, v: unknown): void {
  const list = strings(v);
  if (list) {
    out[name] = list;
  }
}

/** The flattened fields of an audit event (see fields.ts for the catalog). */
export function auditFields(ev: Obj): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  putString(out, 'auditID', ev.auditID);
  putString(out, 'level', ev.level);
  putString(out, 'stage', ev.stage);
  putString(out, 'verb', ev.verb);
  putString(out, 'requestURI', ev.requestURI);
  putString(out, 'userAgent', ev.userAgent);
  putString(out, 'requestReceivedTimestamp', ev.requestReceivedTimestamp);
  putString(out, 'stageTimestamp', ev.stageTimestamp);
  const user = asObj(ev.user);
  if (user) {
    put(out, 'user.username', user.username);
    put(out, 'user.uid', user.uid);
    putStrings(out, 'user.groups', user.groups);
  }
  const impersonated = asObj(ev.impersonatedUser);
  if (impersonated) {
    put(out, 'impersonatedUser.username', impersonated.username);
    put(out, 'impersonatedUser.uid', impersonated.uid);
    putStrings(out, 'impersonatedUser.groups', impersonated.groups);
  }
  putStrings(out, 'sourceIPs', ev.sourceIPs);
  const ref = asObj(ev.objectRef);
  if (ref) {
    put(out, 'objectRef.resource', ref.resource);
    put(out, 'objectRef.namespace', ref.namespace);
    put(out, 'objectRef.name', ref.name);
    put(out, 'objectRef.apiGroup', ref.apiGroup);
    put(out, 'objectRef.apiVersion', ref.apiVersion);
    put(out, 'objectRef.subresource', ref.subresource);
    put(out, 'objectRef.uid', ref.uid);
    put(out, 'objectRef.resourceVersion', ref.resourceVersion);
  }
  const status = asObj(ev.responseStatus);
  if (status) {
    put(out, 'responseStatus.code', status.code);
    put(out, 'responseStatus.status', status.status);
    put(out, 'responseStatus.reason', status.reason);
    put(out, 'responseStatus.message', status.message);
  }
  const annotations = asObj(ev.annotations);
  for (const k in annotations) {
    if (typeof annotations[k] === 'string') {
      out[annotationName(k)] = annotations[k] as string;
    }
  }
  if (typeof out.requestURI === 'string') {
    execFields(out.requestURI, out);
  }
  objectFields(ev.requestObject, out);
  entityFields(out);
  return out;
}

function entityFields(out: Record<string, FieldValue>): void {
  const user = out['user.username'];
  if (typeof user === 'string') {
    out['entity.user'] = user;
    if (user.startsWith('system:node:')) {
      out['entity.node'] = user.slice(12);
    }
  }
  if (out['objectRef.namespace'] !== undefined) {
    out['entity.namespace'] = out['objectRef.namespace'];
  }
  const name = out['objectRef.name'];
  if (typeof name === 'string' && out['objectRef.resource'] === 'pods') {
    out['entity.pod'] = name;
  }
  if (typeof name === 'string' && out['objectRef.resource'] === 'nodes') {
    out['entity.node'] = name;
  }
  const ips = out.sourceIPs;
  if (Array.isArray(ips) && ips.length > 0) {
    out['entity.ip'] = ips[0];
  }
}

/**
 * Whether a JSON object is an audit event. `kind: Event` alone is not enough: core
 * Kubernetes Events (`apiVersion: v1` or `events.k8s.io/*`) share the kind. Items of a
 * webhook EventList and many exports drop `kind` and `apiVersion`; they still carry `verb`
 * with one of `objectRef`, `user` or `requestURI`, which no other object of these streams does.
 */
function auditEventError(ev: Obj): string | undefined {
  const api = ev.apiVersion;
  if (ev.kind === 'Event') {
    return api === undefined || (typeof api === 'string' && api.startsWith('audit.k8s.io/'))
      ? undefined
      : `a Kubernetes Event object (${String(api)}), not an audit event`;
  }
  if (ev.kind !== undefined) {
    return `not an audit event (kind ${String(ev.kind)})`;
  }
  if (api !== undefined && !(typeof api === 'string' && api.startsWith('audit.k8s.io/'))) {
    return `not an audit event (apiVersion ${String(api)})`;
  }
  if (typeof ev.verb === 'string' && (asObj(ev.objectRef) || asObj(ev.user) || typeof ev.requestURI === 'string')) {
    return undefined;
  }
  return 'not an audit event (no kind Event, and no verb with objectRef, user or requestURI)';
}

/** A wrapper record around one event: Azure diagnostic settings (AKS) or CloudWatch Logs (EKS). */
interface Wrapped {
  /** The inner event as a JSON object, or its JSON text. */
  inner: unknown;
  framed: 'aks-diagnostic' | 'cloudwatch';
  time?: { ms: number; ns?: string };
}

function unwrap(ev: Obj): Wrapped | string | undefined {
  const props = asObj(ev.properties);
  if (props && typeof props.log === 'string' && typeof ev.category === 'string') {
    if (!ev.category.startsWith('kube-audit')) {
      return `an AKS diagnostic record of category ${ev.category}, not kube-audit`;
    }
    const time = typeof ev.time === 'string' ? parseRfc3339(ev.time) : undefined;
    return { inner: props.log, framed: 'aks-diagnostic', time: time || undefined };
  }
  const message = ev.message;
  if (
    typeof ev.timestamp === 'number' &&
    (asObj(message) || typeof message === 'string') &&
    ev.kind === undefined &&
    ev.verb === undefined
  ) {
    return { inner: message, framed: 'cloudwatch', time: { ms: ev.timestamp } };
  }
  return undefined;
}

/** The event's own time: stageTimestamp, requestReceivedTimestamp, or v1alpha1/v1beta1 `timestamp`. */
function eventTime(ev: Obj): { ms: number; ns?: string } | undefined {
  for (const v of [ev.stageTimestamp, ev.requestReceivedTimestamp, ev.timestamp]) {
    const stamp = typeof v === 'string' ? parseRfc3339(v) : undefined;
    if (stamp) {
      return stamp;
    }
  }
  return undefined;
}

/**
 * Parses one audit log line. Never throws. Accepts full and partial events (any of
 * `apiVersion`, `kind`, `level`, `stage`, `auditID` and the timestamps may be missing), the
 * AKS diagnostic record whose `properties.log` holds the event text, and the CloudWatch Logs
 * record whose `message` holds it. A webhook `EventList` batch is rejected with its size:
 * split it into its items first (`splitEventList`, as `vigil parse` and `vigil detect` do).
 */
export function parseAudit(raw: string, opts?: ParseOptions): ParseResult {
  const bad = guardLine(raw, true);
  if (bad) {
    return bad;
  }
  const frame = raw.charCodeAt(0) === 123 && !raw.startsWith('{"log":') ? undefined : unframeContainer(raw);
  let line = frame ? frame.body : raw;
  if (line.charCodeAt(0) !== 123 /* { */) {
    return (
      binaryError(raw) ??
      fail(line.trimStart().startsWith('{') ? 'invalid-json' : 'unknown-format', 'not a JSON object', raw)
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (e) {
    return binaryError(raw) ?? fail('invalid-json', `invalid JSON: ${(e as Error).message}`, raw);
  }
  let ev = asObj(parsed);
  if (!ev) {
    return fail('wrong-kind', 'not an audit event (not a JSON object)', raw);
  }
  let rebuilt = false;
  if (ev.kind === undefined || typeof ev.objectRef !== 'object') {
    if (isFlatEvent(ev)) {
      ev = unflattenEvent(ev, auditFieldType);
      line = JSON.stringify(ev);
      rebuilt = true;
    }
  }
  let wrapped: Wrapped | undefined;
  if (ev.kind !== 'Event') {
    if (Array.isArray(ev.items)) {
      return fail(
        'not-event',
        `an EventList batch of ${ev.items.length} events: split it into one event per line`,
        raw
      );
    }
    const w = unwrap(ev);
    if (typeof w === 'string') {
      return fail('not-event', w, raw);
    }
    if (w) {
      const inner = innerEvent(w.inner);
      if (typeof inner === 'string') {
        return fail('invalid-json', `${w.framed} record: ${inner}`, raw);
      }
      wrapped = w;
      ev = inner.ev;
      line = inner.line;
    }
  }
  const wrong = auditEventError(ev);
  if (wrong) {
    return fail('wrong-kind', wrong, raw);
  }
  const fields = auditFields(ev);
  const stamp = eventTime(ev) ?? wrapped?.time;
  const event: ParsedEvent = stamp
    ? { source: 'audit', timeMs: stamp.ms, timeFrom: 'line', fields, object: ev, line }
    : { source: 'audit', ...frameTime(frame, opts), fields, object: ev, line };
  if (stamp && stamp.ns !== undefined) {
    event.timeNs = stamp.ns;
  }
  if (wrapped || frame || rebuilt) {
    event.framed = wrapped ? wrapped.framed : rebuilt ? 'fields' : frame!.framed;
  }
  return { ok: true, event };
}

/** The event inside a wrapper, with the line a shipper that unwraps it would store. */
function innerEvent(inner: unknown): { ev: Obj; line: string } | string {
  if (typeof inner === 'string') {
    const text = inner.trimEnd();
    try {
      const ev = asObj(JSON.parse(text));
      return ev ? { ev, line: text } : 'the wrapped event is not a JSON object';
    } catch (e) {
      return `the wrapped event is not JSON: ${(e as Error).message}`;
    }
  }
  const ev = asObj(inner);
  return ev ? { ev, line: JSON.stringify(ev) } : 'the wrapped event is not a JSON object';
}

/**
 * The events of a webhook `EventList` batch line, one compact JSON line each (what the
 * parser and the backends read), or undefined when the line is not a batch.
 */
export function splitEventList(line: string): string[] | undefined {
  if (!line.includes('"items"')) {
    return undefined;
  }
  try {
    const v = asObj(JSON.parse(line));
    if (!v || !Array.isArray(v.items) || (v.kind !== undefined && v.kind !== 'EventList')) {
      return undefined;
    }
    return v.items.map((item) => JSON.stringify(item));
  } catch {
    return undefined;
  }
}
