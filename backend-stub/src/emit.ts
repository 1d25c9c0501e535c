/**
 * Turns source records into SimEvents: the one place that knows which node writes which
 * source's lines (audit on the control plane, the rest where the packet/pod is).
 */
import { Cluster, nodeByName, Pod } from './cluster';
import { AuditRequest, auditLines } from './formats/audit';
import { corednsLine, DnsQuery } from './formats/coredns';
import { FalcoEvent, falcoLine } from './formats/falco';
import { kernelMessage, kernLogLine, Packet } from './formats/netfilter';
import { Rng } from './prng';
import { stampAt } from './time';
import type { SimEvent } from './types';

export function emitAudit(c: Cluster, rng: Rng, req: AuditRequest, scenario?: string): SimEvent[] {
  const node = c.nodes[0].name;
  return auditLines(req, rng).map(([us, line]) => ({ source: 'audit', at: stampAt(us, rng), line, node, scenario }));
}

/** The coredns pod answering a client: fixed per client, as kube-proxy's conntrack keeps it. */
export function corednsPodFor(c: Cluster, clientIp: string): Pod {
  let h = 0;
  for (let i = 0; i < clientIp.length; i++) {
    h = (h * 31 + clientIp.charCodeAt(i)) >>> 0;
  }
  return c.corednsPods[h % c.corednsPods.length];
}

export function emitDns(c: Cluster, rng: Rng, atUs: number, q: DnsQuery, scenario?: string): SimEvent {
  const pod = corednsPodFor(c, q.clientIp);
  return { source: 'coredns', at: stampAt(atUs, rng), line: corednsLine(q), node: pod.node, pod, scenario };
}

/** Kernel uptime: nodes reboot every 30 days (patch window), offset per node. */
function uptimeUs(offsetUs: number, atUs: number): number {
  return offsetUs + (atUs % (30 * 86_400_000_000));
}

export function emitPacket(c: Cluster, rng: Rng, atUs: number, nodeName: string, p: Packet, scenario?: string): SimEvent {
  const node = nodeByName(c, nodeName);
  const bare = kernelMessage(p);
  return { source: 'netfilter', at: stampAt(atUs, rng), line: kernLogLine(atUs, node.name, uptimeUs(node.bootUs, atUs), bare), bare, node: node.name, scenario };
}

export function emitFalco(c: Cluster, rng: Rng, atUs: number, ev: Omit<FalcoEvent, 'hostname'> & { node: string }, scenario?: string): SimEvent {
  const at = stampAt(atUs, rng);
  const full: FalcoEvent = { ...ev, hostname: ev.node };
  const pod = c.falcoPods.find((p) => p.node === ev.node);
  return {
    source: 'falco',
    at,
    line: falcoLine(at, full),
    node: ev.node,
    pod,
    falco: { rule: ev.rule, priority: ev.priority, source: ev.source, tags: ev.tags, hostname: ev.node, namespace: ev.namespace, pod: ev.pod },
    scenario,
  };
}

/** A random MAC-header field `dst:src:08:00` for packets that arrived on an interface. */
export function macHeader(rng: Rng): string {
  const mac = () => Array.from({ length: 6 }, () => rng.hex(2)).join(':');
  return `${mac()}:${mac()}:08:00`;
}

/** Calico's host-side interface name for a pod (cali + 11 hex). */
export function caliIf(pod: Pod): string {
  let h = 0;
  for (let i = 0; i < pod.name.length; i++) {
    h = (h * 33 + pod.name.charCodeAt(i)) >>> 0;
  }
  return `cali${h.toString(16).padStart(8, '0')}abc`.slice(0, 15);
}
