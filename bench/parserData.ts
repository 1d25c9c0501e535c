/** Seeded generators of realistic lines for the parser benchmark (no fixtures on disk). */
import type { SourceId } from '../src/sources/types';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const hex = (r: Rand, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(r, 0, 15)]).join('');
const uuid = (r: Rand) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
const ip = (r: Rand) => `10.244.${int(r, 0, 9)}.${int(r, 2, 250)}`;
const stamp = (ms: number, micros: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, `.${String(micros).padStart(6, '0')}Z`);

const NAMESPACES = ['default', 'shop', 'payments', 'kube-system', 'monitoring', 'ingress-nginx'];
const RESOURCES = ['pods', 'secrets', 'configmaps', 'deployments', 'services', 'leases', 'endpointslices'];

function auditEvent(r: Rand, t: number): string {
  const ns = pick(r, NAMESPACES);
  const sa = pick(r, ['default', 'controller', 'prometheus', 'argocd-server']);
  const resource = pick(r, RESOURCES);
  const name = `${resource.slice(0, -1)}-${hex(r, 5)}`;
  const kind = int(r, 0, 9);
  const base: Record<string, unknown> = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: uuid(r),
    stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/${ns}/${resource}/${name}`,
    verb: pick(r, ['get', 'list', 'watch', 'update', 'patch']),
    user: {
      username: `system:serviceaccount:${ns}:${sa}`,
      uid: uuid(r),
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/credential-id': [`JTI=${uuid(r)}`],
        'authentication.kubernetes.io/node-name': [`worker-${int(r, 1, 9)}`],
        'authentication.kubernetes.io/node-uid': [uuid(r)],
        'authentication.kubernetes.io/pod-name': [`${sa}-${hex(r, 10)}-${hex(r, 5)}`],
        'authentication.kubernetes.io/pod-uid': [uuid(r)],
      },
    },
    sourceIPs: [ip(r)],
    userAgent: `${pick(r, ['kube-controller-manager', 'argocd-application-controller', 'prometheus'])}/v1.31.${int(r, 0, 4)} (linux/amd64) kubernetes/${hex(r, 7)}`,
    objectRef: { resource, namespace: ns, name, apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: pick(r, [200, 200, 200, 201, 403, 404]) },
    requestReceivedTimestamp: stamp(t, int(r, 0, 999999)),
    stageTimestamp: stamp(t + int(r, 1, 30), int(r, 0, 999999)),
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': `RBAC: allowed by ClusterRoleBinding "${sa}-binding" of ClusterRole "${sa}-role" to ServiceAccount "${sa}/${ns}"`,
    },
  };
  if (kind < 3) {
    // Request-level pod create: the body makes these 2–3 KB.
    Object.assign(base, {
      level: 'Request',
      verb: 'create',
      requestURI: `/api/v1/namespaces/${ns}/pods`,
      objectRef: { resource: 'pods', namespace: ns, apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 201 },
      requestObject: {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { generateName: `${sa}-`, namespace: ns, labels: { app: sa, 'pod-template-hash': hex(r, 10) } },
        spec: {
          serviceAccountName: sa,
          containers: [
            {
              name: sa,
              image: `registry.example.com/${sa}:${int(r, 1, 9)}.${int(r, 0, 20)}.${int(r, 0, 9)}`,
              args: ['--config=/etc/app/config.yaml', `--log-level=${pick(r, ['info', 'debug'])}`],
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
              securityContext: { privileged: r() < 0.05, runAsNonRoot: true, allowPrivilegeEscalation: false },
              volumeMounts: [{ name: 'config', mountPath: '/etc/app' }, { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
            },
          ],
          volumes: [{ name: 'config', configMap: { name: `${sa}-config` } }, { name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } }],
          hostNetwork: r() < 0.05,
        },
      },
    });
  } else if (kind === 3) {
    const pod = `web-${hex(r, 5)}`;
    Object.assign(base, {
      verb: 'create',
      user: { username: pick(r, ['alice@example.com', 'bob@example.com']), groups: ['devs', 'system:authenticated'] },
      requestURI: `/api/v1/namespaces/${ns}/pods/${pod}/exec?command=${pick(r, ['sh', 'bash', 'ls'])}&command=-c&command=${encodeURIComponent('cat /etc/passwd')}&container=web&stderr=true&stdout=true`,
      objectRef: { resource: 'pods', namespace: ns, name: pod, apiVersion: 'v1', subresource: 'exec' },
      responseStatus: { metadata: {}, code: 101 },
      stage: 'ResponseStarted',
    });
  }
  return JSON.stringify(base);
}

function corednsLine(r: Rand): string {
  const v6 = r() < 0.1;
  const client = v6 ? `[fd00::${hex(r, 3)}]` : ip(r);
  const name = pick(r, ['kubernetes.default.svc.cluster.local.', 'api.github.com.', `svc-${hex(r, 4)}.shop.svc.cluster.local.`, 'pool.supportxmr.com.']);
  const type = pick(r, ['A', 'AAAA', 'A', 'SRV', 'PTR']);
  const rc = pick(r, ['NOERROR', 'NOERROR', 'NOERROR', 'NXDOMAIN']);
  const line = `[INFO] ${client}:${int(r, 1024, 65535)} - ${int(r, 0, 65535)} "${type} IN ${name} ${pick(r, ['udp', 'tcp'])} ${int(r, 30, 90)} ${r() < 0.2} ${pick(r, [512, 1232, 4096])}" ${rc} qr,${pick(r, ['aa,rd', 'rd,ra'])} ${int(r, 60, 400)} ${(r() / 100).toFixed(9)}s`;
  return r() < 0.3 ? `${line} "QUERY"` : line;
}

function netfilterLine(r: Rand, t: number): string {
  const proto = pick(r, ['TCP', 'TCP', 'UDP', 'ICMP']);
  const head = `${new Date(t).toUTCString().slice(8, 11)} ${String(new Date(t).getUTCDate()).padStart(2, ' ')} ${new Date(t).toISOString().slice(11, 19)} worker-${int(r, 1, 9)} kernel: [${int(r, 1000, 99999)}.${String(int(r, 0, 999999)).padStart(6, '0')}] `;
  const prefix = pick(r, ['calico-packet: ', '[UFW BLOCK] ', 'drop-egress: ']);
  const ipPart = `IN=${pick(r, ['eth0', `cali${hex(r, 11)}`])} OUT=${pick(r, ['', 'eth0'])} MAC=ee:ee:ee:ee:ee:ee:${hex(r, 2)}:${hex(r, 2)}:${hex(r, 2)}:${hex(r, 2)}:${hex(r, 2)}:${hex(r, 2)}:08:00 SRC=${ip(r)} DST=${ip(r)}`;
  if (proto === 'TCP') {
    return `${head}${prefix}${ipPart} LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=${int(r, 1, 65535)} DF PROTO=TCP SPT=${int(r, 1024, 65535)} DPT=${pick(r, [22, 443, 3333, 8080])} WINDOW=64240 RES=0x00 SYN URGP=0 `;
  }
  if (proto === 'UDP') {
    return `${head}${prefix}${ipPart} LEN=76 TOS=0x00 PREC=0x00 TTL=63 ID=${int(r, 1, 65535)} DF PROTO=UDP SPT=${int(r, 1024, 65535)} DPT=53 LEN=56 `;
  }
  return `${head}${prefix}${ipPart} LEN=112 TOS=0x00 PREC=0xC0 TTL=64 ID=${int(r, 1, 65535)} PROTO=ICMP TYPE=3 CODE=3 [SRC=${ip(r)} DST=${ip(r)} LEN=84 TOS=0x00 PREC=0x00 TTL=63 ID=7 DF PROTO=UDP SPT=5353 DPT=53 LEN=64 ] `;
}

function falcoLine(r: Rand, t: number): string {
  const ns = pick(r, NAMESPACES);
  const pod = `web-${hex(r, 5)}`;
  const old = r() < 0.3;
  const kv = old
    ? `(user=root user_loginuid=-1 command=bash -c ls container_id=${hex(r, 12)} image=nginx k8s.ns=${ns} k8s.pod=${pod})`
    : `| evt_type=execve user=root user_uid=0 process=bash command=bash -il container_id=${hex(r, 12)} container_image=docker.io/library/nginx k8s_ns_name=${ns} k8s_pod_name=${pod}`;
  return JSON.stringify({
    hostname: `worker-${int(r, 1, 9)}`,
    output: `${new Date(t).toISOString().slice(11, 23)}123456: Notice A shell was spawned in a container with an attached terminal ${kv}`,
    output_fields: old ? undefined : { 'container.id': hex(r, 12), 'container.image.repository': 'docker.io/library/nginx', 'k8s.ns.name': ns, 'k8s.pod.name': pod, 'proc.cmdline': 'bash -il', 'proc.name': 'bash', 'user.name': 'root', 'evt.type': 'execve' },
    priority: pick(r, ['Notice', 'Warning', 'Critical']),
    rule: pick(r, ['Terminal shell in container', 'Read sensitive file untrusted', 'Drop and execute new binary in container']),
    source: 'syscall',
    tags: ['container', 'shell', 'mitre_execution'],
    time: new Date(t).toISOString().replace('Z', '123456Z'),
  });
}

/** `count` lines of a source from `seed`. */
export function generateLines(source: SourceId, count: number, seed: number): string[] {
  const r = prng(seed);
  const t0 = Date.parse('2026-11-20T10:00:00Z');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = t0 + i * 7;
    out.push(source === 'audit' ? auditEvent(r, t) : source === 'coredns' ? corednsLine(r) : source === 'netfilter' ? netfilterLine(r, t) : falcoLine(r, t));
  }
  return out;
}
