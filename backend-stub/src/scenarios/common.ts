/**
 * What every scenario shares: its shape, the attacker identity, the compromised pod and
 * helpers for the audit requests an attacker makes.
 */
import { Cluster, Pod } from '../cluster';
import { AuditRequest, AuditUser } from '../formats/audit';
import { Rng } from '../prng';
import type { SimEvent } from '../types';

export interface ScenarioContext {
  cluster: Cluster;
  rng: Rng;
  /** When the scenario starts, epoch microseconds. */
  atUs: number;
}

export interface ScenarioOutput {
  events: SimEvent[];
  /** Shared entities for drill-down: pod, podIP, node, user, clientIP… */
  entities: Record<string, string>;
}

export interface Scenario {
  id: string;
  description: string;
  /** Exact catalog rule ids the scenario's lines trip (and no others). */
  detections: string[];
  /** Upper bound of the time its lines span, milliseconds. */
  spanMs: number;
  run(ctx: ScenarioContext): ScenarioOutput;
}

/** A human (non-`system:`) identity that should not be doing any of this. */
export const ATTACKER: AuditUser = { username: 'oidc:contractor-7', groups: ['oidc:contractors', 'system:authenticated'] };
export const ATTACKER_IP = '198.51.100.23';
export const ATTACKER_UA = 'kubectl/v1.29.1 (linux/amd64) kubernetes/bc401b9';
export const ANONYMOUS: AuditUser = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
export const ALLOWED_BY_ADMIN = 'RBAC: allowed by ClusterRoleBinding "contractors-edit" of ClusterRole "edit" to Group "oidc:contractors"';

/** The shop frontend pod the attacker gets into: exec, Falco alerts, tunnelling and scan share it. */
export function compromisedPod(c: Cluster): Pod {
  return c.pods.find((p) => p.owner === 'frontend')!;
}

/** An attacker request with the usual defaults (write stages logged, allowed). */
export function attackerRequest(atUs: number, partial: Partial<AuditRequest> & Pick<AuditRequest, 'verb' | 'code'>): AuditRequest {
  return {
    atUs, level: 'Request', user: ATTACKER, sourceIP: ATTACKER_IP, userAgent: ATTACKER_UA,
    stages: ['RequestReceived', 'ResponseComplete'], reason: partial.code < 400 ? ALLOWED_BY_ADMIN : undefined, ...partial,
  };
}

/** Seconds → microseconds, for readable offsets. */
export function sec(s: number): number {
  return Math.round(s * 1_000_000);
}

export function entitiesOf(pod: Pod): Record<string, string> {
  return { namespace: pod.namespace, pod: pod.name, podIP: pod.ip, node: pod.node, image: pod.image };
}
