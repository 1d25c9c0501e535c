/**
 * Test lines of catalog rules. Text sources (CoreDNS, netfilter) give raw lines; JSON sources
 * (audit, Falco) give partial objects merged onto a realistic template event, so each test
 * states only what matters to its rule: objects merge key by key, lists replace, null removes.
 */
import type { SourceId } from '../../sources/types';
import type { Rule, TestEvent } from '../types';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep merge: objects merge, lists and scalars replace, null deletes the key. */
export function mergeEvent(base: Obj, patch: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
    } else if (isObj(v) && isObj(out[k])) {
      out[k] = mergeEvent(out[k] as Obj, v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

function auditTemplate(time: string, n: number): Obj {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods',
    verb: 'get',
    user: { username: 'alice@example.com', groups: ['system:authenticated'] },
    sourceIPs: ['203.0.113.7'],
    userAgent: 'kubectl/v1.31.0 (linux/amd64) kubernetes/9c1f8b6',
    objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
}

function falcoTemplate(time: string): Obj {
  return {
    hostname: 'worker-1',
    output: `${time.slice(11, 19)}.000000000: Notice A test event | k8s_ns_name=shop k8s_pod_name=web-0`,
    output_fields: { 'container.id': 'a918010e063d', 'k8s.ns.name': 'shop', 'k8s.pod.name': 'web-0', 'proc.cmdline': 'sh' },
    priority: 'Notice',
    rule: 'Test rule',
    source: 'syscall',
    tags: ['container'],
    time,
  };
}

/** The raw line of one test event at `timeMs` (the n-th test line of the run, for unique ids). */
export function testLine(source: SourceId, ev: TestEvent, timeMs: number, n = 0): string {
  if (typeof ev === 'string') {
    return ev;
  }
  const iso = new Date(timeMs).toISOString().replace('Z', '000Z');
  const base = source === 'audit' ? auditTemplate(iso, n) : source === 'falco' ? falcoTemplate(iso) : {};
  return JSON.stringify(mergeEvent(base, ev));
}

/** Positive and negative test lines of a rule. */
export function ruleTestLines(rule: Rule, timeMs: number): { positive: string[]; negative: string[] } {
  const s = rule.logsource.service;
  let n = 0;
  return {
    positive: (rule.tests?.positive ?? []).map((e) => testLine(s, e, timeMs, n++)),
    negative: (rule.tests?.negative ?? []).map((e) => testLine(s, e, timeMs, n++)),
  };
}
