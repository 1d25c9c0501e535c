/**
 * Fields the audit parser derives from the request rather than copying a JSON path: the
 * exec command (only present as repeated `command=` query parameters in requestURI) and a
 * summary of a workload's pod spec (only present in requestObject, at Request level or above).
 */
import type { FieldValue } from '../types';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function decode(param: string): string {
  try {
    return decodeURIComponent(param.replace(/\+/g, ' '));
  } catch {
    return param; // a malformed %-escape: keep the text as logged
  }
}

/** `exec.command` / `exec.container` from `/pods/p/exec?command=sh&command=-c&container=c`. */
export function execFields(requestURI: string, out: Record<string, FieldValue>): void {
  const q = requestURI.indexOf('?');
  if (q < 0 || !/\/(exec|attach)$/.test(requestURI.slice(0, q))) {
    return;
  }
  const command: string[] = [];
  for (const pair of requestURI.slice(q + 1).split('&')) {
    if (pair.startsWith('command=')) {
      command.push(decode(pair.slice(8)));
    } else if (pair.startsWith('container=')) {
      out['exec.container'] = decode(pair.slice(10));
    }
  }
  if (command.length > 0) {
    out['exec.command'] = command;
    out['entity.process'] = command.join(' ');
  }
  if (typeof out['exec.container'] === 'string') {
    out['entity.container'] = out['exec.container'];
  }
}

const WORKLOAD_TEMPLATE = new Set([
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'ReplicationController',
]);

/** The pod spec inside a Pod or a workload's template; undefined for anything else. */
export function podSpecOf(request: unknown): Obj | undefined {
  const o = obj(request);
  const kind = o?.kind;
  if (kind === 'Pod') {
    return obj(o?.spec);
  }
  if (typeof kind === 'string' && WORKLOAD_TEMPLATE.has(kind)) {
    return obj(obj(obj(o?.spec)?.template)?.spec);
  }
  if (kind === 'CronJob') {
    return obj(obj(obj(obj(obj(o?.spec)?.jobTemplate)?.spec)?.template)?.spec);
  }
  return undefined;
}

/** `pod.*` summary fields of a pod spec (containers include init and ephemeral ones). */
export function podFields(spec: Obj, out: Record<string, FieldValue>): void {
  const images: string[] = [];
  const capabilities: string[] = [];
  let privileged = false;
  // Plain loops: this runs for every pod create at Request level and above.
  for (const group of [spec.containers, spec.initContainers, spec.ephemeralContainers]) {
    for (const item of list(group)) {
      const c = obj(item);
      if (c === undefined) {
        continue;
      }
      if (typeof c.image === 'string') {
        images.push(c.image);
      }
      const sc = obj(c.securityContext);
      privileged = privileged || sc?.privileged === true;
      for (const cap of list(obj(sc?.capabilities)?.add)) {
        if (typeof cap === 'string' && !capabilities.includes(cap)) {
          capabilities.push(cap);
        }
      }
    }
  }
  const hostPaths: string[] = [];
  for (const v of list(spec.volumes)) {
    const path = obj(obj(v)?.hostPath)?.path;
    if (typeof path === 'string') {
      hostPaths.push(path);
    }
  }
  out['pod.images'] = images;
  out['pod.privileged'] = privileged;
  out['pod.hostNetwork'] = spec.hostNetwork === true;
  out['pod.hostPID'] = spec.hostPID === true;
  out['pod.hostIPC'] = spec.hostIPC === true;
  out['pod.hostPaths'] = hostPaths;
  out['pod.capabilities'] = capabilities;
  if (typeof spec.serviceAccountName === 'string') {
    out['pod.serviceAccountName'] = spec.serviceAccountName;
  }
  if (images.length > 0) {
    out['entity.image'] = images[0];
  }
}

/** `requestObject.kind`, `binding.role` (RoleBinding roleRef) and `service.type`. */
export function objectFields(request: unknown, out: Record<string, FieldValue>): void {
  const o = obj(request);
  if (!o) {
    return;
  }
  if (typeof o.kind === 'string') {
    out['requestObject.kind'] = o.kind;
  }
  const role = obj(o.roleRef)?.name;
  if (typeof role === 'string') {
    out['binding.role'] = role;
  }
  if (o.kind === 'Service' && typeof obj(o.spec)?.type === 'string') {
    out['service.type'] = obj(o.spec)?.type as string;
  }
  const spec = podSpecOf(o);
  if (spec) {
    podFields(spec, out);
  }
}
