/**
 * Benign CoreDNS traffic: cluster service lookups answered authoritatively, internet names
 * resolved through the ndots:5 search path (whose NXDOMAINs are the usual noise), reverse
 * lookups and SRV queries, from IPv4 and IPv6 pod clients. A per-client budget keeps the
 * noise under the NXDOMAIN-burst threshold however busy the cluster.
 */
import { appPods, Cluster } from '../cluster';
import { emitDns } from '../emit';
import { DnsQuery } from '../formats/coredns';
import { Rng } from '../prng';
import type { SimEvent } from '../types';

/** At most this many NXDOMAINs per client per 5 minutes (the burst rule fires at 20). */
export const NXDOMAIN_BUDGET = 10;
const WINDOW_US = 5 * 60_000_000;
const AVG_LINES_PER_LOOKUP = 2.6;

interface Client {
  ip: string;
  namespace: string;
}

class NxBudget {
  private seen = new Map<string, number[]>();

  /** True if the client may get another NXDOMAIN at atUs (and records it). */
  take(ip: string, atUs: number): boolean {
    const times = (this.seen.get(ip) ?? []).filter((t) => t > atUs - WINDOW_US);
    if (times.length >= NXDOMAIN_BUDGET) {
      this.seen.set(ip, times);
      return false;
    }
    times.push(atUs);
    this.seen.set(ip, times);
    return true;
  }
}

function query(rng: Rng, client: Client, name: string, type: string, rcode: DnsQuery['rcode'], authoritative: boolean): DnsQuery {
  return {
    clientIp: client.ip, clientPort: rng.int(32768, 60999), id: rng.int(1, 65535), type, name,
    proto: rng.chance(0.03) ? 'tcp' : 'udp', rcode, authoritative,
    answerSize: rcode === 'NXDOMAIN' ? name.length + 90 : name.length + (type === 'AAAA' ? 40 : 28) + rng.int(0, 60),
    durationS: authoritative ? rng.int(40_000, 400_000) / 1e9 : rng.int(800_000, 45_000_000) / 1e9,
    doBit: false, bufsize: rng.chance(0.6) ? 1232 : 512, combined: rng.chance(0.1),
  };
}

export function baselineCoredns(c: Cluster, rng: Rng, fromUs: number, toUs: number, lines: number): SimEvent[] {
  const pods = appPods(c);
  const clients: Client[] = pods.map((p) => ({ ip: p.ip, namespace: p.namespace }));
  // Two dual-stack pods query over IPv6.
  clients.push({ ip: 'fd00:10:244:1::1a', namespace: 'shop' }, { ip: 'fd00:10:244:2::2c', namespace: 'analytics' });
  const services = pods.map((p) => `${p.owner}.${p.namespace}.svc.cluster.local.`);
  services.push('kubernetes.default.svc.cluster.local.', 'kube-dns.kube-system.svc.cluster.local.');
  const budget = new NxBudget();
  const out: SimEvent[] = [];
  if (lines <= 0) {
    return out;
  }
  // The gap adapts to lines per lookup seen so far (the NXDOMAIN budget changes it), so
  // the volume lands near `lines` at any scale.
  let lookups = 0;
  const meanGap = (from: number) => (toUs - from) / Math.max(1, (lines - out.length) / (lookups > 50 ? out.length / lookups : AVG_LINES_PER_LOOKUP));
  let t = fromUs + rng.next() * meanGap(fromUs);
  while (t < toUs - 1_000_000) {
    const client = rng.pick(clients);
    const kind = rng.weighted([['service', 55], ['external', 35], ['typo', 4], ['ptr', 4], ['srv', 2]] as const);
    let at = Math.floor(t);
    const push = (q: DnsQuery) => {
      out.push(emitDns(c, rng, at, q));
      at += rng.int(50, 3000);
    };
    if (kind === 'service') {
      const name = rng.pick(services);
      push(query(rng, client, name, 'A', 'NOERROR', true));
      if (rng.chance(0.5)) {
        push(query(rng, client, name, 'AAAA', 'NOERROR', true));
      }
    } else if (kind === 'external') {
      const name = `${rng.pick(c.externalDomains)}.`;
      // ndots:5 walks the search path first; each miss is an NXDOMAIN, if the budget allows.
      for (const suffix of [`${client.namespace}.svc.cluster.local.`, 'svc.cluster.local.', 'cluster.local.']) {
        if (budget.take(client.ip, at)) {
          push(query(rng, client, `${name}${suffix}`, 'A', 'NXDOMAIN', true));
        }
      }
      push(query(rng, client, name, 'A', 'NOERROR', false));
      if (rng.chance(0.4)) {
        push(query(rng, client, name, 'AAAA', 'NOERROR', false));
      }
    } else if (kind === 'typo') {
      const name = `${rng.pick(['api.gihtub.com.', 'registry.npmjs.og.', 'metrics.internal.', 'old-db.payments.svc.cluster.local.'])}`;
      const rcode = budget.take(client.ip, at) ? 'NXDOMAIN' : 'SERVFAIL';
      push(query(rng, client, name, 'A', rcode, name.endsWith('cluster.local.')));
    } else if (kind === 'ptr') {
      const p = rng.pick(pods);
      push(query(rng, client, `${p.ip.split('.').reverse().join('.')}.in-addr.arpa.`, 'PTR', 'NOERROR', true));
    } else {
      const p = rng.pick(pods);
      push(query(rng, client, `_http._tcp.${p.owner}.${p.namespace}.svc.cluster.local.`, 'SRV', 'NOERROR', true));
    }
    lookups++;
    t += rng.next() * 2 * meanGap(t);
  }
  return out;
}
