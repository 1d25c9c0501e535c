/**
 * Kubernetes API audit events (`audit.k8s.io/v1`, `kind: Event`), one JSON object per line,
 * every level (Metadata/Request/RequestResponse) and stage. Bare, or CRI/docker-json framed
 * when the API server writes its audit log to stdout (`--audit-log-path=-`).
 */
import { binaryError, fail, frameTime, guardLine, parseRfc3339, unframeContainer } from '../frames';
import type { FieldValue, ParseOptions, ParseResult, ParsedEvent } from '../types';
import { execFields, objectFields } from './derived';

type Obj = Record<string, unknown>;

const SCALARS = ['auditID', 'level', 'stage', 'verb', 'requestURI', 'userAgent', 'requestReceivedTimestamp', 'stageTimestamp'];
const OBJECT_REF = ['resource', 'namespace', 'name', 'apiGroup', 'apiVersion', 'subresource', 'uid', 'resourceVersion'];
const RESPONSE_STATUS = ['code', 'status', 'reason', 'message'];

function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;
}

/** Copies `keys` of a nested object as `<prefix>.<key>` scalar fields. */
function copy(from: unknown, prefix: string, keys: string[], out: Record<string, FieldValue>): void {
  const o = asObj(from);
  if (!o) {
    return;
  }
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out[`${prefix}.${k}`] = v;
    }
  }
}

function userFields(user: unknown, prefix: string, out: Record<string, FieldValue>): void {
  const u = asObj(user);
  if (!u) {
    return;
  }
  copy(u, prefix, ['username', 'uid'], out);
  const groups = strings(u.groups);
  if (groups) {
    out[`${prefix}.groups`] = groups;
  }
}

/** The flattened fields of an audit event (see fields.ts for the catalog). */
export function auditFields(ev: Obj): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const k of SCALARS) {
    if (typeof ev[k] === 'string') {
      out[k] = ev[k] as string;
    }
  }
  userFields(ev.user, 'user', out);
  userFields(ev.impersonatedUser, 'impersonatedUser', out);
  const ips = strings(ev.sourceIPs);
  if (ips) {
    out.sourceIPs = ips;
  }
  copy(ev.objectRef, 'objectRef', OBJECT_REF, out);
  copy(ev.responseStatus, 'responseStatus', RESPONSE_STATUS, out);
  const annotations = asObj(ev.annotations);
  for (const k in annotations) {
    if (typeof annotations[k] === 'string') {
      out[`annotations.${k}`] = annotations[k] as string;
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
  for (const k of ['level', 'stage', 'verb']) {
    if (typeof ev[k] !== 'string') {
      return fail('missing-field', `audit event has no ${k}`, raw);
    }
  }
  const fields = auditFields(ev);
  const stamp = (typeof ev.stageTimestamp === 'string' && parseRfc3339(ev.stageTimestamp)) ||
    (typeof ev.requestReceivedTimestamp === 'string' && parseRfc3339(ev.requestReceivedTimestamp)) ||
    undefined;
  const time: Pick<ParsedEvent, 'timeMs' | 'timeNs' | 'timeFrom'> = stamp
    ? { timeMs: stamp.ms, timeFrom: 'line', ...(stamp.ns !== undefined ? { timeNs: stamp.ns } : {}) }
    : frameTime(frame, opts);
  return {
    ok: true,
    event: { source: 'audit', ...time, fields, object: ev, line, ...(frame ? { framed: frame.framed } : {}) },
  };
}
