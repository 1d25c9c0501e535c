/**
 * Network scenarios: DNS tunnelling, port scanning and a cloud metadata probe from the
 * compromised frontend pod, an NXDOMAIN burst from an analytics pod running a
 * domain-generation algorithm, a dynamic-DNS beacon, a quick tunnel and Tor circuits.
 */
import type { Pod } from '../cluster';
import { emitDns, emitPacket, caliIf, macHeader } from '../emit';
import { DnsQuery } from '../formats/coredns';
import type { SimEvent } from '../types';
import { compromisedPod, entitiesOf, Scenario, ScenarioContext, sec } from './common';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function dns(partial: Partial<DnsQuery> & Pick<DnsQuery, 'clientIp' | 'name' | 'type' | 'rcode'>, rng: { int(a: number, b: number): number }): DnsQuery {
  return { clientPort: rng.int(32768, 60999), id: rng.int(1, 65535), proto: 'udp', authoritative: false, answerSize: 120, durationS: rng.int(5_000_000, 60_000_000) / 1e9, doBit: false, bufsize: 1232, combined: false, ...partial };
}

export const dnsTunnel: Scenario = {
  id: 'dns-tunnel',
  description: 'The compromised frontend pod exfiltrates data in 52-character TXT query labels.',
  detections: ['dns-tunneling-suspect'],
  spanMs: 130_000,
  run(ctx) {
    const { cluster: c, rng } = ctx;
    const pod = compromisedPod(c);
    const events: SimEvent[] = [];
    for (let i = 0; i < 12; i++) {
      const name = `${rng.chars(52, BASE32)}.${i}.t.exfil-example.net.`;
      events.push(emitDns(c, rng, ctx.atUs + sec(i * 10), dns({ clientIp: pod.ip, name, type: 'TXT', rcode: 'NOERROR', answerSize: 180 }, rng), this.id));
    }
    return { events, entities: { ...entitiesOf(pod), clientIP: pod.ip, domain: 'exfil-example.net' } };
  },
};

export const nxdomainBurst: Scenario = {
  id: 'nxdomain-burst',
  description: 'An analytics pod resolves 25 generated domains in three minutes; all are NXDOMAIN.',
  detections: ['dns-nxdomain-burst'],
  spanMs: 180_000,
  run(ctx) {
    const { cluster: c, rng } = ctx;
    const pod = c.pods.find((p) => p.owner === 'reports')!;
    const events: SimEvent[] = [];
    for (let i = 0; i < 25; i++) {
      const name = `${rng.chars(rng.int(10, 16), 'abcdefghijklmnopqrstuvwxyz')}.${rng.pick(['com', 'net', 'info', 'biz'])}.`;
      events.push(emitDns(c, rng, ctx.atUs + sec(i * 7), dns({ clientIp: pod.ip, name, type: 'A', rcode: 'NXDOMAIN' }, rng), this.id));
    }
    return { events, entities: { ...entitiesOf(pod), clientIP: pod.ip } };
  },
};

/** Common service ports a scanner walks; none is a mining-pool port. */
const SCAN_PORTS = [21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1521, 2049, 2379, 3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200, 10250];

export const portScan: Scenario = {
  id: 'port-scan',
  description: 'The compromised frontend pod SYN-scans 24 ports of a worker node in 30 seconds.',
  detections: ['net-port-scan'],
  spanMs: 35_000,
  run(ctx) {
    const { cluster: c, rng } = ctx;
    const pod = compromisedPod(c);
    const target = c.nodes.find((n) => n.role === 'worker' && n.name !== pod.node) ?? c.nodes[1];
    const events: SimEvent[] = [];
    SCAN_PORTS.slice(0, 24).forEach((dpt, i) => {
      events.push(emitPacket(c, rng, ctx.atUs + sec(i * 1.25), pod.node, {
        prefix: 'calico-packet: ', inIf: caliIf(pod), outIf: 'eth0', mac: macHeader(rng), src: pod.ip, dst: target.ip, ttl: 63,
        id: rng.int(1, 65535), proto: 'TCP', spt: 41000 + i, dpt, tcpFlags: 'SYN', window: 1024,
      }, this.id));
    });
    return { events, entities: { ...entitiesOf(pod), srcIP: pod.ip, targetIP: target.ip } };
  },
};

/** A lookup as a pod's resolver makes it: the ndots:5 search path first (NXDOMAIN each), then the name. */
function lookup(ctx: ScenarioContext, id: string, atUs: number, pod: Pod, name: string, answerSize: number): SimEvent[] {
  const { cluster: c, rng } = ctx;
  const names = [`${pod.namespace}.svc.cluster.local.`, 'svc.cluster.local.', 'cluster.local.'].map((s) => `${name}${s}`);
  const out = names.map((n, i) => emitDns(c, rng, atUs + i * 900, dns({ clientIp: pod.ip, name: n, type: 'A', rcode: 'NXDOMAIN', authoritative: true, answerSize: n.length + 90 }, rng), id));
  out.push(emitDns(c, rng, atUs + 3000, dns({ clientIp: pod.ip, name, type: 'A', rcode: 'NOERROR', answerSize }, rng), id));
  return out;
}

export const dynamicDnsBeacon: Scenario = {
  id: 'dynamic-dns-beacon',
  description: 'The legacy web pod beacons to a command-and-control name under duckdns.org every 40 seconds.',
  detections: ['dns-dynamic-dns-query'],
  spanMs: 85_000,
  run(ctx) {
    const pod = ctx.cluster.pods.find((p) => p.owner === 'web-legacy')!;
    const name = `upd-${ctx.rng.chars(6, 'abcdefghijklmnopqrstuvwxyz0123456789')}.duckdns.org.`;
    const events = [0, 40, 80].flatMap((s) => lookup(ctx, this.id, ctx.atUs + sec(s), pod, name, 92));
    return { events, entities: { ...entitiesOf(pod), clientIP: pod.ip, domain: name.slice(0, -1) } };
  },
};

export const quickTunnel: Scenario = {
  id: 'quick-tunnel',
  description: 'cloudflared runs in the checkout pod and opens a Cloudflare quick tunnel: it asks api.trycloudflare.com for a hostname, then its edge.',
  detections: ['dns-tunnel-service-query'],
  spanMs: 10_000,
  run(ctx) {
    const pod = ctx.cluster.pods.find((p) => p.owner === 'checkout')!;
    const events = [
      ...lookup(ctx, this.id, ctx.atUs, pod, 'api.trycloudflare.com.', 98),
      ...lookup(ctx, this.id, ctx.atUs + sec(2), pod, 'region1.v2.argotunnel.com.', 146),
    ];
    return { events, entities: { ...entitiesOf(pod), clientIP: pod.ip, domain: 'api.trycloudflare.com' } };
  },
};

/** An egress SYN from a pod, logged by the Calico policy that denies it. */
function egress(ctx: ScenarioContext, id: string, atUs: number, pod: Pod, dst: string, dpt: number): SimEvent {
  const { cluster: c, rng } = ctx;
  return emitPacket(c, rng, atUs, pod.node, {
    prefix: 'calico-packet: ', inIf: caliIf(pod), outIf: 'eth0', mac: macHeader(rng), src: pod.ip, dst, ttl: 63,
    id: rng.int(1, 65535), proto: 'TCP', spt: rng.int(32768, 60999), dpt, tcpFlags: 'SYN', window: 64240,
  }, id);
}

export const metadataProbe: Scenario = {
  id: 'metadata-probe',
  description: 'The compromised frontend pod asks the cloud metadata service for a token and instance credentials; the egress policy logs each connection.',
  detections: ['net-cloud-metadata'],
  spanMs: 5_000,
  run(ctx) {
    const pod = compromisedPod(ctx.cluster);
    const events = [0, 0.4, 1.1].map((s) => egress(ctx, this.id, ctx.atUs + sec(s), pod, '169.254.169.254', 80));
    return { events, entities: { ...entitiesOf(pod), srcIP: pod.ip, targetIP: '169.254.169.254' } };
  },
};

export const torRelays: Scenario = {
  id: 'tor-relays',
  description: 'The analytics ingest pod builds Tor circuits: SYNs to three relays on their ORPort 9001 and one directory port 9030.',
  detections: ['net-tor-port'],
  spanMs: 20_000,
  run(ctx) {
    const pod = ctx.cluster.pods.find((p) => p.owner === 'ingest')!;
    const relays: Array<[string, number]> = [['198.51.100.201', 9001], ['203.0.113.188', 9001], ['192.0.2.93', 9030], ['198.51.100.14', 9001]];
    const events = relays.map(([ip, port], i) => egress(ctx, this.id, ctx.atUs + sec(i * 4.5), pod, ip, port));
    return { events, entities: { ...entitiesOf(pod), srcIP: pod.ip } };
  },
};
