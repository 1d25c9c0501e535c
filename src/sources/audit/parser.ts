/**
 * Kubernetes API audit events (`audit.k8s.io/v1`, `kind: Event`), one JSON object per line,
 * every level (Metadata/Request/RequestResponse) and stage. Bare, or CRI/docker-json framed
 * when the API server writes its audit log to stdout (`--audit-log-path=-`).
 */
import { binaryError, fail, frameTime, guardLine, parseRfc3339, unframeContainer } from '../frames';
import type { FieldValue, ParseOptions, ParseResult, ParsedEvent } from '../types';
import { execFields, objectFields } from './derived';

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

/** Parses one audit log line. Never throws. */
export function parseAudit(raw: string, opts?: ParseOptions): ParseResult {
  const bad = guardLine(raw, true);
  if (bad) {
    return bad;
  }
  const frame = raw.charCodeAt(0) === 123 && !raw.startsWith('{"log":') ? undefined : unframeContainer(raw);
  const line = frame ? frame.body : raw;
  if (line.charCodeAt(0) !== 123 /* { */) {
    return binaryError(raw) ?? fail(line.trimStart().startsWith('{') ? 'invalid-json' : 'unknown-format', 'not a JSON object', raw);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (e) {
    return binaryError(raw) ?? fail('invalid-json', `invalid JSON: ${(e as Error).message}`, raw);
  }
  const ev = asObj(parsed);
  if (!ev || ev.kind !== 'Event' || typeof ev.apiVersion !== 'string' || !ev.apiVersion.startsWith('audit.k8s.io/')) {
    const kind = ev && typeof ev.kind === 'string' ? `kind ${ev.kind}` : 'no audit.k8s.io kind';
    return fail('wrong-kind', `not an audit.k8s.io Event (${kind})`, raw);
  }
  const missing = typeof ev.level !== 'string' ? 'level' : typeof ev.stage !== 'string' ? 'stage' : typeof ev.verb !== 'string' ? 'verb' : '';
  if (missing !== '') {
    return fail('missing-field', `audit event has no ${missing}`, raw);
  }
  const fields = auditFields(ev);
  const stamp = (typeof ev.stageTimestamp === 'string' && parseRfc3339(ev.stageTimestamp)) ||
    (typeof ev.requestReceivedTimestamp === 'string' && parseRfc3339(ev.requestReceivedTimestamp)) ||
    undefined;
  const event: ParsedEvent = stamp
    ? { source: 'audit', timeMs: stamp.ms, timeFrom: 'line', fields, object: ev, line }
    : { source: 'audit', ...frameTime(frame, opts), fields, object: ev, line };
  if (stamp && stamp.ns !== undefined) {
    event.timeNs = stamp.ns;
  }
  if (frame) {
    event.framed = frame.framed;
  }
  return { ok: true, event };
}
