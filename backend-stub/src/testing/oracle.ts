/**
 * A small reference evaluator of the required catalog rules (docs/dev/rules.md), written from
 * that page for the simulator's own tests: it checks that the baseline trips nothing and that
 * each scenario trips exactly the ids it claims. It reads raw lines, independent of the generators.
 */
import type { SimEvent } from '../types';

type Obj = Record<string, any>;

const WORKLOADS = new Set(['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'jobs', 'cronjobs', 'replicationcontrollers']);
const SENSITIVE = ['/', '/proc', '/etc', '/root', '/var/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/crio/crio.sock', '/var/lib/kubelet', '/var/lib/kubelet/pki', '/etc/kubernetes', '/etc/kubernetes/manifests', '/home/admin'];
const SENSITIVE_PREFIXES = ['/etc/', '/proc/', '/root/', '/var/lib/kubelet/', '/etc/kubernetes/'];
const CAPS = ['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'NET_RAW', 'BPF'];
const MINERS = ['xmrig', 'minerd', 'cpuminer', 'xmr-stak', 'ccminer', 'ethminer', 'nbminer', 't-rex', 'phoenixminer', 'lolminer'];
const TOOLS = ['sh', 'bash', 'ash', 'zsh', 'dash', 'curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'python', 'python3', 'perl', 'ruby', 'nmap', 'base64'];
const POOLS = ['minexmr.com', 'supportxmr.com', 'minergate.com', 'nanopool.org', '2miners.com', 'f2pool.com', 'hashvault.pro', 'moneroocean.stream', 'c3pool.com', 'herominers.com', 'nicehash.com', 'ethermine.org', 'unmineable.com'];
const POOL_PORTS = [3333, 4444, 5555, 7777, 14433, 14444, 45560, 45700];
const CRED_WORDS = ['aws_access_key_id', 'aws_secret_access_key', 'password', 'passwd', 'token', 'private_key', 'begin rsa private key'];
const ALERT_PRIORITIES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning'];

export type Hits = Map<string, number>;

function hit(h: Hits, id: string): void {
  h.set(id, (h.get(id) ?? 0) + 1);
}

function podSpecOf(obj: Obj | undefined): Obj | undefined {
  if (!obj) {
    return undefined;
  }
  return obj.kind === 'Pod' ? obj.spec : obj.spec?.jobTemplate?.spec?.template?.spec ?? obj.spec?.template?.spec;
}

function containers(spec: Obj): Obj[] {
  return [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
}

function grantsExec(rule: Obj): boolean {
  const verbs: string[] = rule.verbs ?? [];
  const res: string[] = rule.resources ?? [];
  const groups: string[] = rule.apiGroups ?? [''];
  const coreGroup = groups.includes('') || groups.includes('*');
  return coreGroup && verbs.some((v) => ['create', 'get', '*'].includes(v)) && res.some((r) => ['pods/exec', 'pods/*', '*'].includes(r));
}

function audit(e: Obj, h: Hits, allowedExec: string[]): void {
  const ref: Obj = e.objectRef ?? {};
  const sub: string | undefined = ref.subresource;
  const upgrade = sub === 'exec' || sub === 'attach' || sub === 'portforward';
  const counts = !e.stage || e.stage === 'ResponseComplete' || (upgrade && e.stage === 'ResponseStarted');
  if (!counts) {
    return;
  }
  const code: number = e.responseStatus?.code ?? 0;
  const ok = code < 400;
  const user: string = e.user?.username ?? '';
  const human = !user.startsWith('system:');
  const anonymous = user === 'system:anonymous' || (e.user?.groups ?? []).includes('system:unauthenticated');
  const write = ['create', 'update', 'patch'].includes(e.verb);
  if (ref.resource === 'secrets' && code === 403) {
    hit(h, 'k8s-secret-access-forbidden');
  }
  if (!ok) {
    return;
  }
  if (anonymous && !/^\/(healthz|livez|readyz|version)(\/|\?|$)/.test(e.requestURI)) {
    hit(h, 'k8s-anonymous-request-allowed');
  }
  if (ref.resource === 'pods' && (sub === 'exec' || sub === 'attach') && ['create', 'get'].includes(e.verb)) {
    if (sub === 'exec' && !allowedExec.includes(user)) {
      hit(h, 'k8s-exec-into-pod');
    }
    if (sub === 'attach') {
      hit(h, 'k8s-attach-to-pod');
    }
    if (anonymous) {
      hit(h, 'k8s-anonymous-exec');
    }
    const cmds = new URL(e.requestURI, 'https://x').searchParams.getAll('command');
    if (sub === 'exec' && cmds.some((c) => TOOLS.includes(c))) {
      hit(h, 'k8s-dangerous-exec-command');
    }
  }
  if (ref.resource === 'secrets' && human && ['get', 'list', 'watch'].includes(e.verb)) {
    hit(h, 'k8s-secret-read');
  }
  if (ref.resource === 'secrets' && human && ['update', 'patch', 'delete'].includes(e.verb)) {
    hit(h, 'k8s-secret-modified');
  }
  if (!write) {
    return;
  }
  const obj: Obj | undefined = e.requestObject;
  if (WORKLOADS.has(ref.resource) && !sub) {
    const spec = podSpecOf(obj);
    if (human && e.verb === 'create' && ['kube-system', 'kube-public'].includes(ref.namespace)) {
      hit(h, 'k8s-kube-namespace-workload');
    }
    if (spec) {
      const cs = containers(spec);
      if (cs.some((c) => c.securityContext?.privileged === true)) {
        hit(h, 'k8s-privileged-container');
      }
      if (spec.hostNetwork || spec.hostPID || spec.hostIPC) {
        hit(h, 'k8s-host-namespace-pod');
      }
      const paths: string[] = (spec.volumes ?? []).filter((v: Obj) => v.hostPath).map((v: Obj) => v.hostPath.path);
      if (paths.some((p) => SENSITIVE.includes(p) || SENSITIVE_PREFIXES.some((pre) => p.startsWith(pre)))) {
        hit(h, 'k8s-sensitive-hostpath-mount');
      }
      if (cs.some((c) => (c.securityContext?.capabilities?.add ?? []).some((cap: string) => CAPS.includes(cap)))) {
        hit(h, 'k8s-capabilities-added');
      }
      if (cs.some((c) => MINERS.some((m) => String(c.image ?? '').toLowerCase().includes(m)))) {
        hit(h, 'k8s-crypto-mining-image');
      }
    }
  }
  if ((ref.resource === 'clusterroles' || ref.resource === 'roles') && obj) {
    const rules: Obj[] = obj.rules ?? [];
    if (rules.some(grantsExec)) {
      hit(h, 'k8s-clusterrole-with-exec');
    }
    if (ref.resource === 'clusterroles' && rules.some((r) => (r.resources ?? []).includes('*') || (r.verbs ?? []).includes('*'))) {
      hit(h, 'k8s-privileged-clusterrole');
    }
  }
  if ((ref.resource === 'clusterrolebindings' || ref.resource === 'rolebindings') && obj?.roleRef?.name === 'cluster-admin') {
    hit(h, 'k8s-cluster-admin-binding');
  }
  if (ref.resource === 'services' && ['NodePort', 'LoadBalancer'].includes(obj?.spec?.type)) {
    hit(h, 'k8s-service-exposed');
  }
  if (ref.resource === 'configmaps' && obj?.data) {
    const text = Object.entries(obj.data as Record<string, string>).flat().join('\n').toLowerCase();
    if (CRED_WORDS.some((w) => text.includes(w))) {
      hit(h, 'k8s-configmap-credentials');
    }
  }
}

const DNS_RE = /^\[INFO\] (?:\[([^\]]+)\]|([^:\s]+)):\d+ - \d+ "(\S+) IN (\S+) (udp|tcp) \d+ (true|false) \d+" ([A-Z]+) \S+ \d+ [\d.]+s(?: "\S+")?$/;

/** Sliding-window count rule: fires when `threshold` items for one key fall within `windowUs`. */
class Window {
  private seen = new Map<string, Array<[number, string]>>();
  fired = 0;

  constructor(private threshold: number, private windowUs: number, private distinct: boolean) {}

  add(key: string, atUs: number, value: string): void {
    const list = (this.seen.get(key) ?? []).filter(([t]) => t > atUs - this.windowUs);
    list.push([atUs, value]);
    this.seen.set(key, list);
    const n = this.distinct ? new Set(list.map(([, v]) => v)).size : list.length;
    if (n >= this.threshold) {
      this.fired++;
    }
  }
}

/** Evaluates every rule over time-ordered events; returns hit counts per detection id. */
export function evaluate(events: SimEvent[], allowedExec: string[] = []): Hits {
  const h: Hits = new Map();
  const nx = new Window(20, 300_000_000, false);
  const scan = new Window(15, 60_000_000, true);
  for (const ev of events) {
    if (ev.source === 'audit') {
      audit(JSON.parse(ev.line), h, allowedExec);
    } else if (ev.source === 'coredns') {
      const m = DNS_RE.exec(ev.line);
      if (!m) {
        throw new Error(`oracle cannot read CoreDNS line: ${ev.line}`);
      }
      const [client, type, fqdn, rcode] = [m[1] ?? m[2], m[3], m[4], m[7]];
      const name = fqdn.replace(/\.$/, '');
      const labels = name.split('.');
      if (POOLS.some((d) => name === d || name.endsWith('.' + d))) {
        hit(h, 'dns-mining-pool-query');
      }
      if (labels.some((l) => l.length >= 40) || name.length >= 100 || (['TXT', 'NULL'].includes(type) && labels.some((l) => l.length >= 25))) {
        hit(h, 'dns-tunneling-suspect');
      }
      if (rcode === 'NXDOMAIN') {
        nx.add(client, ev.at.us, '');
      }
    } else if (ev.source === 'netfilter') {
      const outer = ev.line.replace(/\[[^\]]*\] $/, '').replace(/ \[SRC=.*$/, '');
      const kv = (k: string) => new RegExp(`(?:^| )${k}=(\\S*)`).exec(outer)?.[1];
      const dpt = kv('DPT');
      if (dpt) {
        scan.add(kv('SRC') ?? '', ev.at.us, dpt);
        if (kv('PROTO') === 'TCP' && POOL_PORTS.includes(Number(dpt))) {
          hit(h, 'net-mining-pool-port');
        }
      }
    } else {
      const f = JSON.parse(ev.line);
      if (ALERT_PRIORITIES.includes(f.priority)) {
        hit(h, 'falco-alert');
      }
      if (f.rule === 'Terminal shell in container') {
        hit(h, 'falco-shell-in-container');
      }
    }
  }
  if (nx.fired) {
    h.set('dns-nxdomain-burst', nx.fired);
  }
  if (scan.fired) {
    h.set('net-port-scan', scan.fired);
  }
  return h;
}

/** Every required id (docs/dev/rules.md#required-rules). */
export const DETECTION_IDS = [
  'k8s-privileged-container', 'k8s-host-namespace-pod', 'k8s-sensitive-hostpath-mount', 'k8s-capabilities-added', 'k8s-crypto-mining-image',
  'k8s-exec-into-pod', 'k8s-attach-to-pod', 'k8s-dangerous-exec-command', 'k8s-anonymous-request-allowed', 'k8s-anonymous-exec',
  'k8s-clusterrole-with-exec', 'k8s-privileged-clusterrole', 'k8s-cluster-admin-binding', 'k8s-service-exposed', 'k8s-secret-read',
  'k8s-secret-access-forbidden', 'k8s-secret-modified', 'k8s-kube-namespace-workload', 'k8s-configmap-credentials', 'dns-mining-pool-query',
  'dns-tunneling-suspect', 'dns-nxdomain-burst', 'net-port-scan', 'net-mining-pool-port', 'falco-alert', 'falco-shell-in-container',
];
