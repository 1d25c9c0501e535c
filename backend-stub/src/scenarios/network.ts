/**
 * Network scenarios: DNS tunnelling and port scanning from the compromised frontend pod,
 * an NXDOMAIN burst from an analytics pod running a domain-generation algorithm.
 */
import { emitDns, emitPacket, caliIf, macHeader } from '../emit';
import { DnsQuery } from '../formats/coredns';
import type { SimEvent } from '../types';
import { compromisedPod, entitiesOf, Scenario, sec } from './common';

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
