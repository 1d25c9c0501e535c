/**
 * The simulated cluster: nodes, namespaces, workloads and their pods, identities and the
 * outside world. Every source draws from this one model, so the pod that runs the miner is
 * the same pod whose IP shows up in DNS and netfilter lines.
 */
import { Rng } from './prng';

export interface Node {
  name: string;
  ip: string;
  /** Uptime offset: kernel timestamps count from boot (see emitPacket). */
  bootUs: number;
  /** First three octets of the node's pod CIDR, e.g. `10.244.1`. */
  podNet: string;
  role: 'control-plane' | 'worker';
}

export interface Pod {
  namespace: string;
  name: string;
  ip: string;
  node: string;
  image: string;
  container: string;
  /** Owning Deployment/DaemonSet name. */
  owner: string;
}

export interface Workload {
  kind: 'Deployment' | 'DaemonSet';
  namespace: string;
  name: string;
  image: string;
  replicas: number;
  pods: Pod[];
}

export interface Cluster {
  name: string;
  apiServerIp: string;
  nodes: Node[];
  namespaces: string[];
  /** Namespaces humans deploy to (never kube-system / kube-public in the baseline). */
  appNamespaces: string[];
  workloads: Workload[];
  pods: Pod[];
  corednsPods: Pod[];
  falcoPods: Pod[];
  /** Human (non-`system:`) identities: they deploy and read, never touch secrets in the baseline. */
  humans: string[];
  /** The CI service account: it execs into pods, an allowed identity (see manifest.allowed). */
  ciServiceAccount: string;
  /** IPs humans and CI reach the API server from. */
  officeIps: string[];
  /** Internet names pods resolve. */
  externalDomains: string[];
  /** Public IPs outside the cluster (documentation ranges). */
  externalIps: string[];
}

const APP_WORKLOADS: Array<[string, string, string, number]> = [
  ['shop', 'frontend', 'registry.example.com/shop/frontend:2.14.1', 3],
  ['shop', 'cart', 'registry.example.com/shop/cart:1.9.0', 2],
  ['shop', 'checkout', 'registry.example.com/shop/checkout:1.22.3', 2],
  ['payments', 'payments-api', 'registry.example.com/payments/api:4.2.0', 2],
  ['payments', 'ledger', 'registry.example.com/payments/ledger:0.31.2', 1],
  ['analytics', 'ingest', 'registry.example.com/analytics/ingest:3.0.1', 2],
  ['analytics', 'reports', 'registry.example.com/analytics/reports:1.4.7', 1],
  ['monitoring', 'prometheus', 'quay.io/prometheus/prometheus:v2.53.0', 1],
  ['default', 'web-legacy', 'docker.io/library/nginx:1.27.0', 1],
];

function podSuffix(rng: Rng): string {
  return rng.chars(5, 'bcdfghjklmnpqrstvwxz2456789');
}

/** Builds the cluster for a seed; `workers` grows with the busy preset. */
export function buildCluster(seed: number, workers = 3): Cluster {
  const rng = Rng.forPurpose(seed, 'cluster');
  const nodes: Node[] = [
    { name: 'cp-1', ip: '10.0.0.10', bootUs: 0, podNet: '10.244.0', role: 'control-plane' },
  ];
  for (let i = 1; i <= workers; i++) {
    nodes.push({ name: `worker-${i}`, ip: `10.0.0.${10 + i}`, bootUs: 0, podNet: `10.244.${i}`, role: 'worker' });
  }
  for (const n of nodes) {
    // Booted a few days before any simulated time; fixed per seed.
    n.bootUs = rng.int(1, 5) * 86_400_000_000 + rng.int(0, 86_399) * 1_000_000;
  }
  const workerNodes = nodes.filter((n) => n.role === 'worker');
  const hostCounters = new Map<string, number>();
  const nextPodIp = (node: Node): string => {
    const k = (hostCounters.get(node.name) ?? rng.int(2, 20)) + rng.int(1, 3);
    hostCounters.set(node.name, k);
    return `${node.podNet}.${k}`;
  };

  const workloads: Workload[] = [];
  const scale = Math.max(1, Math.round(workers / 3));
  for (const [namespace, name, image, replicas] of APP_WORKLOADS) {
    const hash = rng.chars(10, 'bcdfghjklmnpqrstvwxz2456789');
    const pods: Pod[] = [];
    for (let r = 0; r < replicas * scale; r++) {
      const node = rng.pick(workerNodes);
      const container = name.split('-')[0];
      pods.push({ namespace, name: `${name}-${hash}-${podSuffix(rng)}`, ip: nextPodIp(node), node: node.name, image, container, owner: name });
    }
    workloads.push({ kind: 'Deployment', namespace, name, image, replicas: replicas * scale, pods });
  }
  const daemon = (namespace: string, name: string, image: string, container: string): Workload => ({
    kind: 'DaemonSet',
    namespace,
    name,
    image,
    replicas: nodes.length,
    pods: nodes.map((node) => ({ namespace, name: `${name}-${podSuffix(rng)}`, ip: node.ip, node: node.name, image, container, owner: name })),
  });
  const falco = daemon('falco', 'falco', 'docker.io/falcosecurity/falco:0.41.3', 'falco');
  const corednsHash = rng.chars(10, 'bcdfghjklmnpqrstvwxz2456789');
  const corednsPods: Pod[] = [0, 1].map((i) => {
    const node = workerNodes[i % workerNodes.length];
    return { namespace: 'kube-system', name: `coredns-${corednsHash}-${podSuffix(rng)}`, ip: nextPodIp(node), node: node.name, image: 'registry.k8s.io/coredns/coredns:v1.11.3', container: 'coredns', owner: 'coredns' };
  });
  workloads.push({ kind: 'Deployment', namespace: 'kube-system', name: 'coredns', image: corednsPods[0].image, replicas: 2, pods: corednsPods });
  workloads.push(falco);

  const pods = workloads.flatMap((w) => w.pods);
  return {
    name: 'vigil-sim',
    apiServerIp: nodes[0].ip,
    nodes,
    namespaces: ['default', 'kube-system', 'kube-public', 'shop', 'payments', 'analytics', 'monitoring', 'ci', 'falco'],
    appNamespaces: ['default', 'shop', 'payments', 'analytics'],
    workloads,
    pods,
    corednsPods,
    falcoPods: falco.pods,
    humans: ['kubernetes-admin', 'oidc:developer-1', 'oidc:developer-2', 'oidc:sre-1', 'oidc:release-manager'],
    ciServiceAccount: 'system:serviceaccount:ci:deployer',
    officeIps: ['192.0.2.10', '192.0.2.11', '192.0.2.24', '2001:db8:10::15'],
    externalDomains: [
      'api.github.com', 'registry-1.docker.io', 'auth.docker.io', 'quay.io', 'objects.githubusercontent.com',
      's3.eu-west-1.amazonaws.com', 'sts.amazonaws.com', 'api.stripe.com', 'hooks.slack.com', 'www.google.com',
      'pypi.org', 'files.pythonhosted.org', 'registry.npmjs.org', 'ocsp.digicert.com', 'time.cloudflare.com',
    ],
    externalIps: ['198.51.100.7', '198.51.100.42', '203.0.113.9', '203.0.113.77', '192.0.2.200', '198.51.100.130'],
  };
}

/** Application pods (what humans deploy and DNS clients are drawn from). */
export function appPods(c: Cluster): Pod[] {
  return c.pods.filter((p) => c.appNamespaces.includes(p.namespace) || p.namespace === 'monitoring');
}

export function nodeByName(c: Cluster, name: string): Node {
  const n = c.nodes.find((x) => x.name === name);
  if (!n) {
    throw new Error(`unknown node ${name}`);
  }
  return n;
}
