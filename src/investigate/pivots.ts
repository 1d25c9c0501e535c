/**
 * Pivots of the detail pane: from one event to the next question. Each pivot is a new page
 * state (entity and, where the question names one, a source), so following one is a URL change.
 */
import type { SourceId } from '../sources/types';
import type { Entity } from './entity';
import type { TimelineEvent } from './timeline';

export interface Pivot {
  /** Stable key, also the test id suffix. */
  key: string;
  label: string;
  entity: Entity;
  sources?: SourceId[];
}

/** The pivots an event offers, most useful first; only those whose entity the event names. */
export function pivotsOf(ev: TimelineEvent): Pivot[] {
  const find = (kind: Entity['kind']) => ev.entities.find((e) => e.kind === kind);
  const out: Pivot[] = [];
  const user = find('user');
  if (user) {
    out.push({ key: 'user', label: `All events of user ${user.value}`, entity: user });
  }
  const ip = find('ip');
  if (ip) {
    out.push({ key: 'ip-dns', label: `This IP in DNS: ${ip.value}`, entity: ip, sources: ['coredns'] });
    out.push({ key: 'ip', label: `All events of IP ${ip.value}`, entity: ip });
  }
  const pod = find('pod');
  if (pod) {
    out.push({ key: 'pod-falco', label: `What else ran in pod ${pod.value}`, entity: pod, sources: ['falco', 'audit'] });
    out.push({ key: 'pod', label: `Everything about pod ${pod.value}`, entity: pod });
  }
  for (const kind of ['namespace', 'node', 'domain', 'image'] as const) {
    const e = find(kind);
    e && out.push({ key: kind, label: `All events of ${kind} ${e.value}`, entity: e });
  }
  for (const hit of ev.hits) {
    out.push({ key: `rule-${hit.id}`, label: `Other hits of rule ${hit.title}`, entity: { kind: 'rule', value: hit.id } });
  }
  return out;
}
