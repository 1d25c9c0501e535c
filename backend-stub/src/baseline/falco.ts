/**
 * Benign Falco noise: Notice, Informational and Debug events only (the falco-alert
 * threshold is Warning), in both output styles, from syscall and k8s_audit sources. The
 * cluster's Falco allow-lists the workloads that talk to the API server, so its Contact K8S
 * API Server rule stays silent here.
 */
import { appPods, Cluster, Pod } from '../cluster';
import { emitFalco } from '../emit';
import { FalcoEvent } from '../formats/falco';
import { Rng } from '../prng';
import type { SimEvent } from '../types';

type Noise = Omit<FalcoEvent, 'hostname'> & { node: string };

function containerFields(pod: Pod, rng: Rng): Record<string, string | number | null> {
  const [repo, tag] = pod.image.split(/:(?=[^:]+$)/);
  return {
    'container.id': rng.hex(12),
    'container.image.repository': repo,
    'container.image.tag': tag ?? 'latest',
    'container.name': pod.container,
    'k8s.ns.name': pod.namespace,
    'k8s.pod.name': pod.name,
  };
}

function syscallNoise(c: Cluster, rng: Rng): Noise {
  const pod = rng.pick(appPods(c));
  const which = rng.weighted([['hidden', 5], ['udp', 2], ['cron', 1], ['pkt', 1]] as const);
  const common = { node: pod.node, source: 'syscall', namespace: pod.namespace, pod: pod.name, oldStyle: rng.chance(0.25) };
  const fields = containerFields(pod, rng);
  if (which === 'hidden') {
    // Apps writing dot-directories (caches, lock files): Falco's most common Notice in containers.
    return {
      ...common, rule: 'Create Hidden Files or Directories', priority: 'Notice', tags: ['T1564.001', 'container', 'filesystem', 'host', 'maturity_incubating', 'mitre_defense_evasion'],
      message: 'Hidden file or directory created',
      fields: { 'evt.type': 'mkdirat', 'user.name': 'nobody', 'user.uid': 65534, 'proc.cmdline': `${pod.container} --config /etc/app/config.yaml`, 'fd.name': `/tmp/.${pod.container}-cache-${rng.int(30000, 60000)}`, ...fields },
    };
  }
  if (which === 'udp') {
    return {
      ...common, rule: 'Unexpected UDP Traffic', priority: 'Notice', tags: ['TA0011', 'container', 'maturity_incubating', 'mitre_exfiltration', 'network'],
      message: 'Unexpected UDP Traffic Seen',
      fields: { 'evt.type': 'sendto', 'user.name': 'nobody', 'proc.cmdline': pod.container, 'fd.name': `${pod.ip}:${rng.int(30000, 60000)}->10.96.0.10:53`, ...fields },
    };
  }
  if (which === 'cron') {
    return {
      ...common, rule: 'Schedule Cron Jobs', priority: 'Notice', tags: ['T1053.003', 'container', 'filesystem', 'maturity_incubating', 'mitre_execution'],
      message: 'Cron jobs were scheduled to run',
      fields: { 'evt.type': 'execve', 'user.name': 'root', 'proc.cmdline': 'crontab -l', ...fields },
    };
  }
  return {
    ...common, rule: 'Packet socket created in container', priority: 'Notice', tags: ['T1557.002', 'container', 'maturity_stable', 'mitre_credential_access', 'network'],
    message: 'Packet socket was created in a container',
    fields: { 'evt.type': 'socket', 'user.name': 'root', 'proc.cmdline': 'ping -c1 10.96.0.10', 'socket_info': 'domain=17(AF_PACKET)', ...fields },
  };
}

function auditNoise(c: Cluster, rng: Rng): Noise {
  const pod = rng.pick(appPods(c));
  const rule = rng.pick(['K8s Deployment Created', 'K8s Service Created', 'K8s Serviceaccount Created']);
  const what = rule.split(' ')[1].toLowerCase();
  return {
    node: c.nodes[0].name, source: 'k8s_audit', rule, priority: 'Informational', tags: ['k8s'], namespace: pod.namespace, oldStyle: true,
    message: `K8s ${what} created`,
    fields: { 'ka.user.name': rng.pick(c.humans), 'ka.target.name': pod.owner, 'ka.target.namespace': pod.namespace, 'ka.response.code': '201' },
  };
}

function debugNoise(c: Cluster, rng: Rng): Noise {
  const node = rng.pick(c.nodes.filter((n) => n.role === 'worker'));
  return {
    node: node.name, source: 'syscall', rule: 'Falco internal: syscall event drop', priority: 'Debug', tags: [],
    message: 'Falco internal: syscall event drop. 2 system calls dropped in last second.',
    fields: { 'n_drops': rng.int(1, 5), 'n_evts': rng.int(10000, 90000) },
  };
}

export function baselineFalco(c: Cluster, rng: Rng, fromUs: number, toUs: number, lines: number): SimEvent[] {
  const out: SimEvent[] = [];
  for (let i = 0; i < lines; i++) {
    const at = fromUs + Math.floor(rng.next() * (toUs - fromUs - 1_000_000));
    const kind = rng.weighted([['syscall', 80], ['audit', 15], ['debug', 5]] as const);
    const ev = kind === 'syscall' ? syscallNoise(c, rng) : kind === 'audit' ? auditNoise(c, rng) : debugNoise(c, rng);
    out.push(emitFalco(c, rng, at, ev));
  }
  return out;
}
