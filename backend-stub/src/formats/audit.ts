/**
 * Kubernetes API audit events (audit.k8s.io/v1 Event), one JSON object per line, with the
 * stages and levels a real API server writes.
 */
import { Rng } from '../prng';
import { rfc3339Micro } from '../time';

export type AuditLevel = 'Metadata' | 'Request' | 'RequestResponse';
export type AuditStage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

export interface AuditUser {
  username: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export interface ObjectRef {
  resource: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion: string;
  subresource?: string;
}

/** One API request; it becomes one audit line per logged stage. */
export interface AuditRequest {
  atUs: number;
  level: AuditLevel;
  verb: string;
  user: AuditUser;
  /** `kubectl --as/--as-group`: the identity the request runs as. */
  impersonatedUser?: AuditUser;
  sourceIP: string;
  userAgent: string;
  objectRef?: ObjectRef;
  /** Overrides the URI built from objectRef (non-resource URLs, exec query strings). */
  requestURI?: string;
  /** Appended to the built URI, e.g. `?limit=500`. */
  query?: string;
  code: number;
  requestObject?: unknown;
  responseObject?: unknown;
  /** Stages to log; default ResponseComplete only (the common `omitStages: [RequestReceived]`). */
  stages?: AuditStage[];
  /** RBAC reason for allowed requests. */
  reason?: string;
  annotations?: Record<string, string>;
  /** Streaming subresources: how long the session stays open before ResponseComplete. */
  sessionUs?: number;
}


/** Builds the request path the API server logs for a resource request. */
export function resourceUri(ref: ObjectRef, verb: string): string {
  const base = ref.apiGroup ? `/apis/${ref.apiGroup}/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  const ns = ref.namespace ? `/namespaces/${ref.namespace}` : '';
  // A create names its object in the body, except for subresources (pods/p/exec).
  const name = ref.name && (verb !== 'create' || ref.subresource) ? `/${ref.name}` : '';
  const sub = ref.subresource ? `/${ref.subresource}` : '';
  return `${base}${ns}/${ref.resource}${name}${sub}`;
}

/** The exec/attach query string: each command word a URL-encoded `command=` parameter. */
export function execQuery(command: string[], container: string, tty: boolean): string {
  const parts = command.map((c) => `command=${encodeURIComponent(c)}`);
  parts.push(`container=${encodeURIComponent(container)}`, 'stderr=true', 'stdin=true', 'stdout=true');
  if (tty) {
    parts.push('tty=true');
  }
  return `?${parts.join('&')}`;
}

function statusFor(req: AuditRequest): Record<string, unknown> {
  if (req.code < 400) {
    return { metadata: {}, code: req.code };
  }
  const ref = req.objectRef;
  const reason = req.code === 403 ? 'Forbidden' : req.code === 404 ? 'NotFound' : req.code === 401 ? 'Unauthorized' : 'InternalError';
  const what = ref ? `${ref.resource}${ref.name ? ` "${ref.name}"` : ''}` : 'path';
  const message =
    req.code === 403 && ref
      ? `${what} is forbidden: User "${req.user.username}" cannot ${req.verb} resource "${ref.resource}${ref.subresource ? '/' + ref.subresource : ''}" in API group "${ref.apiGroup ?? ''}"${ref.namespace ? ` in the namespace "${ref.namespace}"` : ' at the cluster scope'}`
      : `${what}: ${reason}`;
  return { metadata: {}, status: 'Failure', message, reason, details: ref ? { name: ref.name, kind: ref.resource } : {}, code: req.code };
}

/** Renders a request as its audit lines: [microseconds, JSON line] per stage. */
export function auditLines(req: AuditRequest, rng: Rng): Array<[number, string]> {
  const auditID = rng.uuid();
  const stages = req.stages ?? ['ResponseComplete'];
  const uri = req.requestURI ?? (req.objectRef ? resourceUri(req.objectRef, req.verb) + (req.query ?? '') : '/');
  const received = rfc3339Micro(req.atUs);
  const decision = req.code === 403 ? 'forbid' : 'allow';
  const out: Array<[number, string]> = [];
  let t = req.atUs;
  for (const stage of stages) {
    if (stage !== 'RequestReceived') {
      t += rng.int(300, 40_000) + (stage === 'ResponseComplete' ? (req.sessionUs ?? 0) : 0);
    }
    const ev: Record<string, unknown> = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: req.level,
      auditID,
      stage,
      requestURI: uri,
      verb: req.verb,
      user: req.user,
      ...(req.impersonatedUser ? { impersonatedUser: req.impersonatedUser } : {}),
      sourceIPs: [req.sourceIP],
      userAgent: req.userAgent,
    };
    if (req.objectRef) {
      // A create names its object in the body, which is decoded after RequestReceived is logged.
      const unnamed = stage === 'RequestReceived' && req.verb === 'create' && !req.objectRef.subresource;
      const { name: _name, ...rest } = req.objectRef;
      ev.objectRef = unnamed ? rest : req.objectRef;
    }
    if (stage !== 'RequestReceived') {
      ev.responseStatus = stage === 'Panic' ? { metadata: {}, status: 'Failure', message: 'APIServer panic\'d: net/http: abort Handler', reason: 'InternalError', code: 500 } : statusFor(req);
    }
    // The body is decoded after RequestReceived is logged, so that stage never carries it.
    if (req.level !== 'Metadata' && req.requestObject !== undefined && stage !== 'RequestReceived') {
      ev.requestObject = req.requestObject;
    }
    if (req.level === 'RequestResponse' && req.responseObject !== undefined && stage === 'ResponseComplete') {
      ev.responseObject = req.responseObject;
    }
    ev.requestReceivedTimestamp = received;
    ev.stageTimestamp = rfc3339Micro(t);
    if (stage !== 'RequestReceived') {
      ev.annotations = {
        'authorization.k8s.io/decision': decision,
        'authorization.k8s.io/reason': decision === 'allow' ? (req.reason ?? '') : '',
        ...req.annotations,
      };
    }
    out.push([t, JSON.stringify(ev)]);
  }
  return out;
}

/** `RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to User "u"`. */
export function rbacReason(binding: string, role: string, subjectKind: 'User' | 'Group' | 'ServiceAccount', subject: string): string {
  return `RBAC: allowed by ClusterRoleBinding "${binding}" of ClusterRole "${role}" to ${subjectKind} "${subject}"`;
}
