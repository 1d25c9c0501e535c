/**
 * Query planning: an entity becomes, per source, a detection-engine Plan (the same condition
 * tree the rule compiler turns into LogQL/LogsQL with line filters before extraction, and the
 * matcher evaluates in memory). Sources that cannot name the entity themselves are reached
 * through resolution: a pod's IP, read from its audit status updates, finds its DNS lookups
 * and packets; the pods a user exec'd into find the Falco alerts raised inside them.
 */
import { planRule, type Cond, type FieldLeaf, type Plan, type Rule } from '../detections';
import { CATALOG_RULES } from '../detections/catalog';
import { ruleParams, selectorFor, type SourceSelectors } from '../alerting/target';
import type { SourceId } from '../sources/types';
import { podParts, type Entity } from './entity';

/** Stream selectors per source, from the data source settings; defaults otherwise. */
export type Selectors = SourceSelectors;

/** One query of the timeline: which source, its plan, and how it relates to the entity. */
export interface SourcePlan {
  source: SourceId;
  plan: Plan;
  /** Set when the source is reached through resolution, e.g. `pod IP 10.0.2.231`. */
  via?: string;
}

/** What phase one learns for phase two. */
export interface Resolution {
  /** Pod IPs the entity's pods held in the range. */
  ips: string[];
  /** Pods (`namespace/name`) linked to the entity: exec'd into, or holding its IP. */
  pods: string[];
}

/** An audit query whose rows feed a Resolution (see resolve.ts). */
export interface ResolvePlan {
  purpose: 'pod-ips' | 'pods-of-ip' | 'exec-pods';
  plan: Plan;
}

/** How many resolved values phase two queries at most, so a busy namespace stays bounded. */
export const MAX_RESOLVED = 20;

// Every condition tests fields, none the raw line: VictoriaLogs may keep the events as fields
// with no line (docs/victorialogs.md), and the same plan then reads both layouts.
const eq = (field: string, value: string): FieldLeaf => ({ k: 'field', field, neg: false, op: 'eq', value });
const exists = (field: string): FieldLeaf => ({ k: 'field', field, neg: false, op: 'exists', value: true });
/** A search of a request or response body's JSON text (arrays included, as in the line). */
const inBody = (field: 'requestObject' | 'responseObject', text: string): FieldLeaf => ({ k: 'field', field, neg: false, op: 'contains', value: text });
const and = (...c: Cond[]): Cond => (c.length === 1 ? c[0] : { k: 'and', c });
const or = (...c: Cond[]): Cond => (c.length === 1 ? c[0] : { k: 'or', c });
/** A JSON string as it appears inside compact JSON text. */
const jsonText = (v: string) => JSON.stringify(v);
/** Where a pod's IP is written: the kubelet's status update, or a read of the pod. */
const POD_IP = ['requestObject.status.podIP', 'responseObject.status.podIP'];
const hasPodIP = (): Cond => or(...POD_IP.map(exists));
const podIPIs = (ip: string): Cond => or(...POD_IP.map((f) => eq(f, ip)));

function fieldsOf(c: Cond, out: string[] = []): string[] {
  if (c.k === 'field' && !out.includes(c.field)) {
    out.push(c.field);
  } else if (c.k === 'and' || c.k === 'or') {
    c.c.forEach((x) => fieldsOf(x, out));
  }
  return out;
}

/** A Plan for an ad-hoc condition on one source. */
export function conditionPlan(source: SourceId, cond: Cond, selectors: Selectors = {}, id = 'investigate'): Plan {
  return { ruleId: id, source, selector: selectorFor({ selectors }, source), cond, fields: fieldsOf(cond), alertWindow: '5m' };
}

function podCond(source: 'audit' | 'falco', pod: string): Cond {
  const { namespace, name } = podParts(pod);
  if (source === 'falco') {
    return and(eq('output_fields.k8s.ns.name', namespace), eq('output_fields.k8s.pod.name', name));
  }
  // A create names the pod only in its body; everything after names it in objectRef.
  return and(eq('objectRef.namespace', namespace), or(eq('objectRef.name', name), eq('requestObject.metadata.name', name)));
}

function ipConds(ips: string[]): Partial<Record<SourceId, Cond>> {
  return {
    coredns: or(...ips.map((ip) => eq('client.ip', ip))),
    netfilter: or(...ips.flatMap((ip) => [eq('src', ip), eq('dst', ip)])),
  };
}

/** The conditions each source can evaluate on the entity itself. */
function directConds(e: Entity): Partial<Record<SourceId, Cond>> {
  const v = e.value;
  switch (e.kind) {
    case 'user':
      return {
        audit: or(eq('user.username', v), eq('impersonatedUser.username', v)),
        falco: eq('output_fields.user.name', v),
      };
    case 'pod':
      return { audit: podCond('audit', v), falco: podCond('falco', v) };
    case 'namespace':
      return { audit: eq('objectRef.namespace', v), falco: eq('output_fields.k8s.ns.name', v) };
    case 'node':
      return {
        audit: or(eq('user.username', `system:node:${v}`), and(eq('objectRef.resource', 'nodes'), eq('objectRef.name', v))),
        netfilter: eq('hostname', v),
        falco: eq('hostname', v),
      };
    case 'ip':
      return {
        audit: eq('sourceIPs', v),
        falco: or(eq('output_fields.fd.cip', v), eq('output_fields.fd.sip', v)),
        ...ipConds([v]),
      };
    case 'domain': {
      const bare = v.replace(/\.$/, '');
      return {
        coredns: or(eq('query.name', `${bare}.`), eq('query.name', bare)),
        falco: eq('output_fields.fd.sip.name', bare),
      };
    }
    case 'image': {
      const [repo, tag] = v.split(/:(?=[^:/]+$)/);
      const image = `"image":${jsonText(v)}`;
      return {
        audit: or(inBody('requestObject', image), inBody('responseObject', image)),
        falco: and(eq('output_fields.container.image.repository', repo), ...(tag ? [eq('output_fields.container.image.tag', tag)] : [])),
      };
    }
    default:
      return {};
  }
}

/** A rule entity: the rule's own query, narrowed to the alert's keys. Throws when unknown. */
export function rulePlan(e: Entity, selectors: Selectors = {}, rules: Rule[] = CATALOG_RULES): Plan {
  const rule = rules.find((r) => r.id === e.value);
  if (!rule) {
    throw new Error(`rule "${e.value}" is neither in the catalog nor among the custom rules`);
  }
  const plan = planRule(rule, ruleParams(rule, {}, { selectors }));
  const keys = Object.entries(e.keys ?? {}).map(([field, value]) => eq(field, value));
  if (keys.length === 0) {
    return plan;
  }
  const cond = and(plan.cond, ...keys);
  return { ...plan, cond, fields: fieldsOf(cond) };
}

/** Phase one: the direct query of every source that can name the entity. */
export function directPlans(e: Entity, selectors: Selectors = {}, rules?: Rule[]): SourcePlan[] {
  if (e.kind === 'rule') {
    const plan = rulePlan(e, selectors, rules);
    return [{ source: plan.source, plan }];
  }
  return Object.entries(directConds(e)).map(([source, cond]) => ({
    source: source as SourceId,
    plan: conditionPlan(source as SourceId, cond!, selectors),
  }));
}

/** Phase one's resolution queries: audit lines that link the entity to pods and pod IPs. */
export function resolvePlans(e: Entity, selectors: Selectors = {}): ResolvePlan[] {
  const audit = (purpose: ResolvePlan['purpose'], cond: Cond) => ({ purpose, plan: conditionPlan('audit', cond, selectors, purpose) });
  switch (e.kind) {
    case 'pod':
      return [audit('pod-ips', and(hasPodIP(), podCond('audit', e.value)))];
    case 'namespace':
      return [audit('pod-ips', and(hasPodIP(), eq('objectRef.namespace', e.value)))];
    case 'ip':
      return [audit('pods-of-ip', podIPIs(e.value))];
    case 'user':
      return [
        audit('exec-pods', and(or(eq('user.username', e.value), eq('impersonatedUser.username', e.value)), eq('objectRef.resource', 'pods'), or(eq('objectRef.subresource', 'exec'), eq('objectRef.subresource', 'attach')))),
      ];
    default:
      return [];
  }
}

/** Phase two: sources reached through what phase one resolved. */
export function resolvedPlans(e: Entity, r: Resolution, selectors: Selectors = {}): SourcePlan[] {
  const out: SourcePlan[] = [];
  const ips = r.ips.slice(0, MAX_RESOLVED);
  const pods = r.pods.slice(0, MAX_RESOLVED);
  if ((e.kind === 'pod' || e.kind === 'namespace') && ips.length > 0) {
    const via = `pod IP ${ips.join(', ')}`;
    for (const [source, cond] of Object.entries(ipConds(ips))) {
      out.push({ source: source as SourceId, plan: conditionPlan(source as SourceId, cond!, selectors), via });
    }
  }
  if ((e.kind === 'user' || e.kind === 'ip') && pods.length > 0) {
    const via = `${e.kind === 'user' ? 'exec/attach into' : 'IP held by'} pod ${pods.join(', ')}`;
    out.push({ source: 'falco', plan: conditionPlan('falco', or(...pods.map((p) => podCond('falco', p))), selectors), via });
  }
  return out;
}
