/**
 * Benign netfilter logs: UFW blocking internet noise at the nodes, Calico denying pod
 * traffic that a NetworkPolicy forbids, dropped UDP, ICMP echo and unreachable errors. Each
 * source IP only ever hits a small fixed port set, well under the port-scan threshold, and
 * never a mining-pool port.
 */
import { appPods, Cluster } from '../cluster';
import { caliIf, emitPacket, macHeader } from '../emit';
import { Packet } from '../formats/netfilter';
import { Rng } from '../prng';
import type { SimEvent } from '../types';

/** Ports internet scanners knock on; with the UDP ports below, 10 per source at most. */
const INTERNET_TCP = [22, 23, 80, 443, 445, 3389, 8080, 6443];
const INTERNET_UDP = [123, 137];
/** Pod-to-pod ports that policies deny. */
const POD_TCP = [5432, 6379, 9090, 3306, 27017];
const POD_UDP = [5353, 161];

export const BASELINE_PORTS = { INTERNET_TCP, INTERNET_UDP, POD_TCP, POD_UDP };

export function baselineNetfilter(c: Cluster, rng: Rng, fromUs: number, toUs: number, lines: number): SimEvent[] {
  const workers = c.nodes.filter((n) => n.role === 'worker');
  const pods = appPods(c);
  const out: SimEvent[] = [];
  if (lines <= 0) {
    return out;
  }
  const meanGapUs = (toUs - fromUs) / Math.max(1, lines);
  let t = fromUs + rng.next() * meanGapUs;
  while (t < toUs - 1_000_000) {
    const at = Math.floor(t);
    const node = rng.pick(workers);
    const kind = rng.weighted([['ufw-tcp', 45], ['calico-tcp', 30], ['ufw-udp', 8], ['calico-udp', 7], ['icmp-echo', 5], ['icmp-unreach', 5]] as const);
    const base = { ttl: rng.pick([44, 52, 64, 113, 242]), id: rng.int(1, 65535), spt: rng.int(1024, 65535) };
    let p: Packet;
    let on = node.name;
    if (kind === 'ufw-tcp' || kind === 'ufw-udp' || kind === 'icmp-echo') {
      const src = rng.pick(c.externalIps);
      const common = { ...base, prefix: '[UFW BLOCK] ', inIf: 'eth0', outIf: '', mac: macHeader(rng), src, dst: node.ip };
      p =
        kind === 'ufw-tcp'
          ? { ...common, proto: 'TCP', dpt: rng.pick(INTERNET_TCP), tcpFlags: 'SYN', window: rng.pick([1024, 29200, 64240, 65535]) }
          : kind === 'ufw-udp'
            ? { ...common, proto: 'UDP', dpt: rng.pick(INTERNET_UDP) }
            : { ...common, proto: 'ICMP', icmpType: 8, icmpCode: 0 };
    } else if (kind === 'icmp-unreach') {
      const ext = rng.pick(c.externalIps);
      // The node answers a UDP probe with port-unreachable, quoting the probe.
      p = {
        ...base, prefix: '[UFW BLOCK] ', inIf: '', outIf: 'eth0', src: node.ip, dst: ext, proto: 'ICMP', icmpType: 3, icmpCode: 3,
        embedded: { ...base, prefix: '', inIf: '', outIf: '', src: ext, dst: node.ip, proto: 'UDP', spt: rng.int(1024, 65535), dpt: 123, id: rng.int(1, 65535) },
      };
    } else {
      const src = rng.pick(pods);
      const dst = rng.pick(pods);
      on = src.node;
      const common = { ...base, prefix: 'calico-packet: ', inIf: caliIf(src), outIf: src.node === dst.node ? caliIf(dst) : 'vxlan.calico', mac: macHeader(rng), src: src.ip, dst: dst.ip, ttl: 63 };
      p = kind === 'calico-tcp' ? { ...common, proto: 'TCP', dpt: rng.pick(POD_TCP), tcpFlags: 'SYN' } : { ...common, proto: 'UDP', dpt: rng.pick(POD_UDP) };
    }
    out.push(emitPacket(c, rng, at, on, p));
    t += rng.next() * 2 * meanGapUs;
  }
  return out;
}
