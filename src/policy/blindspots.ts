/**
 * Which detections a policy would blind. Each detection need is probed with representative
 * requests (identities × namespaces × verbs × resources) plus the matching requests seen in
 * the sample; a probe fails when the policy logs it below the needed level or at none of
 * the stages the detection counts.
 */
import { evaluateAttributes } from './evaluate';
import type { ObservedRequest } from './observe';
import { AUDIT_REQUIREMENTS, DetectionRequirement, EventNeed, IdentityClass } from './requirements';
import { Level, levelRank, Policy, RequestAttributes } from './types';

interface Identity {
  username: string;
  groups: string[];
}

const HUMANS: Identity[] = [
  { username: 'jane@example.com', groups: ['oidc:engineering', 'system:authenticated'] },
  { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] },
];
const ANONYMOUS: Identity[] = [{ username: 'system:anonymous', groups: ['system:unauthenticated'] }];
const SYSTEM: Identity[] = [
  { username: 'system:serviceaccount:default:default', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] },
  { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] },
  { username: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] },
  { username: 'system:kube-controller-manager', groups: ['system:authenticated'] },
];
const NAMESPACES = ['default', 'kube-system'];
// For needs on any request: a spread of resource and non-resource requests.
const ANY_RESOURCE_PROBES: Array<Pick<RequestAttributes, 'verb' | 'apiGroup' | 'resource' | 'namespace'>> = [
  { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'default' },
  { verb: 'create', apiGroup: '', resource: 'pods', namespace: 'default' },
  { verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'default' },
  { verb: 'get', apiGroup: '', resource: 'configmaps', namespace: 'kube-system' },
  { verb: 'list', apiGroup: '', resource: 'namespaces', namespace: '' },
  { verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'default' },
];
const ANY_PATHS = ['/', '/api', '/apis', '/apis/apps/v1', '/metrics', '/logs', '/openapi/v2'];

function isHuman(username: string): boolean {
  return !username.startsWith('system:');
}

function isAnonymous(id: Identity): boolean {
  return id.username === 'system:anonymous' || id.groups.includes('system:unauthenticated');
}

function inClass(id: Identity, cls: IdentityClass): boolean {
  return cls === 'any' || (cls === 'human' ? isHuman(id.username) : isAnonymous(id));
}

function identitiesFor(cls: IdentityClass): Identity[] {
  return cls === 'human' ? HUMANS : cls === 'anonymous' ? ANONYMOUS : [...HUMANS, ...ANONYMOUS, ...SYSTEM];
}

function base(id: Identity): RequestAttributes {
  return { ...id, verb: '', resourceRequest: true, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: '' };
}

/** Representative requests for a need. */
export function probesFor(need: EventNeed): RequestAttributes[] {
  const out: RequestAttributes[] = [];
  for (const id of identitiesFor(need.identities)) {
    if (!need.resources) {
      ANY_RESOURCE_PROBES.forEach((p) => out.push({ ...base(id), ...p, name: p.verb === 'get' ? 'probe' : '' }));
      ANY_PATHS.forEach((path) => out.push({ ...base(id), resourceRequest: false, verb: 'get', path }));
      continue;
    }
    for (const ref of need.resources) {
      const namespaces = ref.clusterScoped ? [''] : (need.namespaces ?? NAMESPACES);
      for (const namespace of namespaces) {
        for (const verb of need.verbs) {
          const name = verb === 'create' && !ref.subresource ? '' : verb === 'list' || verb === 'watch' ? '' : 'probe';
          out.push({ ...base(id), verb, apiGroup: ref.group, resource: ref.resource, subresource: ref.subresource ?? '', namespace, name });
        }
      }
    }
  }
  return out;
}

/** Whether an observed request is one the need is about. */
function observedMatches(need: EventNeed, a: RequestAttributes): boolean {
  if (!inClass(a, need.identities) || (need.verbs.length > 0 && !need.verbs.includes(a.verb))) {
    return false;
  }
  if (!a.resourceRequest && (need.ignoredPaths ?? []).some((p) => a.path === p || a.path.startsWith(`${p}/`))) {
    return false;
  }
  if (!need.resources) {
    return true;
  }
  if (need.namespaces && !need.namespaces.includes(a.namespace)) {
    return false;
  }
  return a.resourceRequest && need.resources.some((r) => r.group === a.apiGroup && r.resource === a.resource && (r.subresource ?? '') === a.subresource);
}

export function describeRequest(a: RequestAttributes): string {
  if (!a.resourceRequest) {
    return `${a.verb} ${a.path} by ${a.username}`;
  }
  const res = `${a.apiGroup ? a.apiGroup + '/' : ''}${a.resource}${a.subresource ? '/' + a.subresource : ''}`;
  return `${a.verb} ${res}${a.namespace ? ` in ${a.namespace}` : ''} by ${a.username}`;
}

export interface ProbeFailure {
  request: string;
  level: Level;
  /** 1-based rule number, or 0 when no rule matched. */
  rule: number;
  reason: string;
}

export interface DetectionCoverage {
  id: string;
  status: 'working' | 'partly-blind' | 'blind';
  probes: number;
  failed: number;
  /** Up to five failing requests, with why. */
  examples: ProbeFailure[];
  /** What the detection needs, for display (e.g. "Request on create pods: requestObject…"). */
  needs: string[];
}

function checkProbe(policy: Policy, need: EventNeed, a: RequestAttributes): ProbeFailure | undefined {
  const ev = evaluateAttributes(policy, a);
  const rule = ev.ruleIndex + 1;
  if (levelRank(ev.level) < levelRank(need.minLevel)) {
    return { request: describeRequest(a), level: ev.level, rule, reason: `logged at ${ev.level}, needs ${need.minLevel} (${need.fields.join(', ')})` };
  }
  if (!need.stages.some((s) => ev.stagesLogged.includes(s))) {
    return { request: describeRequest(a), level: ev.level, rule, reason: `stage ${need.stages.join(' or ')} is omitted` };
  }
  return undefined;
}

/** Coverage of one detection under a policy. */
export function checkDetection(policy: Policy, req: DetectionRequirement, observed: ObservedRequest[] = []): DetectionCoverage {
  let probes = 0;
  let failed = 0;
  const examples: ProbeFailure[] = [];
  for (const need of req.needs) {
    const seen = new Set<string>();
    const candidates = [...probesFor(need), ...observed.map((r) => r.attrs).filter((a) => observedMatches(need, a))];
    for (const a of candidates) {
      const key = JSON.stringify(a);
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      probes++;
      const failure = checkProbe(policy, need, a);
      if (failure) {
        failed++;
        if (examples.length < 5) {
          examples.push(failure);
        }
      }
    }
  }
  const status = failed === 0 ? 'working' : failed === probes ? 'blind' : 'partly-blind';
  const needs = req.needs.map((n) => `${n.minLevel}: ${n.verbs.length ? n.verbs.join('/') : 'any verb'} on ${n.resources ? n.resources.map((r) => `${r.group ? r.group + '/' : ''}${r.resource}${r.subresource ? '/' + r.subresource : ''}`).join(', ') : 'any request'} (${n.identities} identity) → ${n.fields.join(', ')}`);
  return { id: req.id, status, probes, failed, examples, needs };
}

/** Coverage of every (enabled) audit detection under a policy. */
export function blindSpots(policy: Policy, observed: ObservedRequest[] = [], enabled?: readonly string[]): DetectionCoverage[] {
  return AUDIT_REQUIREMENTS.filter((r) => !enabled || enabled.includes(r.id)).map((r) => checkDetection(policy, r, observed));
}
