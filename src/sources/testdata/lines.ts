/**
 * Realistic lines for every variant each source handles, written from the formats' docs.
 * Shared by the parser tests, the catalog-agreement test, the property test and the CLI test.
 */
import type { SourceId } from '../types';

const auditBase = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '5c1bbf5e-2f2c-4a8e-9d6a-0c7f1b2a3d4e',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/payments/secrets/db-password',
  verb: 'get',
  user: { username: 'alice@example.com', groups: ['devs', 'system:authenticated'], uid: 'u-1' },
  sourceIPs: ['203.0.113.7', '10.0.0.2'],
  userAgent: 'kubectl/v1.31.0 (linux/amd64) kubernetes/abc1234',
  objectRef: { resource: 'secrets', namespace: 'payments', name: 'db-password', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: '2026-11-20T10:00:05.000100Z',
  stageTimestamp: '2026-11-20T10:00:05.004321Z',
  annotations: {
    'authorization.k8s.io/decision': 'allow',
    'authorization.k8s.io/reason':
      'RBAC: allowed by RoleBinding "r/payments" of Role "reader" to User "alice@example.com"',
  },
};

const privilegedPod = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'debug', namespace: 'kube-system' },
  spec: {
    hostNetwork: true,
    hostPID: true,
    serviceAccountName: 'default',
    containers: [
      {
        name: 'c',
        image: 'docker.io/library/busybox:1.36',
        securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN', 'NET_RAW'] } },
      },
    ],
    initContainers: [{ name: 'init', image: 'xmrig/xmrig:6' }],
    volumes: [{ name: 'root', hostPath: { path: '/', type: 'Directory' } }],
  },
};

const deployment = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { spec: { hostIPC: true, containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
};

/** Audit: every level and stage, exec, workloads, bindings, denied, anonymous. */
export const AUDIT_LINES: Record<string, string> = {
  metadataSecretGet: JSON.stringify(auditBase),
  requestReceived: JSON.stringify({
    ...auditBase,
    stage: 'RequestReceived',
    responseStatus: undefined,
    annotations: undefined,
    stageTimestamp: '2026-11-20T10:00:05.000100Z',
  }),
  execResponseStarted: JSON.stringify({
    ...auditBase,
    stage: 'ResponseStarted',
    verb: 'create',
    requestURI:
      '/api/v1/namespaces/shop/pods/web-0/exec?command=%2Fbin%2Fsh&command=-c&command=curl%20http%3A%2F%2Fx&container=web&stderr=true&stdin=true&stdout=true&tty=true',
    objectRef: { resource: 'pods', namespace: 'shop', name: 'web-0', apiVersion: 'v1', subresource: 'exec' },
    responseStatus: { metadata: {}, code: 101 },
  }),
  requestPodCreate: JSON.stringify({
    ...auditBase,
    level: 'Request',
    verb: 'create',
    requestURI: '/api/v1/namespaces/kube-system/pods',
    objectRef: { resource: 'pods', namespace: 'kube-system', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: privilegedPod,
  }),
  requestResponseDeployment: JSON.stringify({
    ...auditBase,
    level: 'RequestResponse',
    verb: 'patch',
    requestURI: '/apis/apps/v1/namespaces/shop/deployments/web',
    objectRef: { resource: 'deployments', namespace: 'shop', name: 'web', apiGroup: 'apps', apiVersion: 'v1' },
    requestObject: deployment,
    responseObject: { ...deployment, status: { replicas: 2 } },
  }),
  clusterAdminBinding: JSON.stringify({
    ...auditBase,
    level: 'Request',
    verb: 'create',
    requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    objectRef: {
      resource: 'clusterrolebindings',
      name: 'pwn',
      apiGroup: 'rbac.authorization.k8s.io',
      apiVersion: 'v1',
    },
    requestObject: {
      kind: 'ClusterRoleBinding',
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', name: 'mallory' }],
    },
  }),
  forbidden: JSON.stringify({
    ...auditBase,
    user: { username: 'system:serviceaccount:shop:web', groups: ['system:serviceaccounts'] },
    responseStatus: {
      metadata: {},
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: 'secrets "db-password" is forbidden',
    },
    annotations: { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' },
  }),
  anonymousNonResource: JSON.stringify({
    ...auditBase,
    requestURI: '/version',
    user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    objectRef: undefined,
  }),
  panic: JSON.stringify({
    ...auditBase,
    stage: 'Panic',
    responseStatus: { metadata: {}, status: 'Failure', reason: 'InternalError', code: 500 },
  }),
  kubeletNode: JSON.stringify({
    ...auditBase,
    user: { username: 'system:node:worker-2', groups: ['system:nodes'] },
    verb: 'patch',
    objectRef: { resource: 'nodes', name: 'worker-2', apiVersion: 'v1', subresource: 'status' },
  }),
  impersonated: JSON.stringify({ ...auditBase, impersonatedUser: { username: 'bob', groups: ['system:masters'] } }),
  criFramed: `2026-11-20T10:00:05.007919123Z stdout F ${JSON.stringify(auditBase)}`,
  podSecurityUpdate: JSON.stringify({
    ...auditBase,
    verb: 'update',
    requestURI: '/api/v1/namespaces/shop/pods/web-0',
    objectRef: {
      resource: 'pods',
      namespace: 'shop',
      name: 'web-0',
      uid: '7d1c3f0e-0b7a-4c55-9a61-2f4e8d9b1c20',
      apiVersion: 'v1',
      resourceVersion: '48213',
    },
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'pod-security.kubernetes.io/enforce-policy': 'baseline:latest',
      'pod-security.kubernetes.io/audit-violations':
        'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false',
    },
  }),
};

/** CoreDNS: common, combined, IPv6, framed, old timestamped, errors. */
export const COREDNS_LINES: Record<string, string> = {
  common: '[INFO] 10.244.0.5:40129 - 61327 "A IN example.com. udp 29 false 512" NOERROR qr,rd,ra 45 0.000123s',
  combined:
    '[INFO] 10.244.0.5:40129 - 61327 "A IN example.com. udp 29 false 512" NOERROR qr,rd,ra 45 0.000123s "QUERY"',
  ipv6: '[INFO] [fd00::5]:53124 - 4242 "AAAA IN api.github.com. udp 43 true 1232" NOERROR qr,rd,ra 120 0.004560831s',
  nxdomain:
    '[INFO] 10.244.1.9:53001 - 17 "TXT IN aGVsbG8gd29ybGQgdGhpcyBpcyBhIHR1bm5lbGVkIHBheWxvYWQgeHl6.t.evil.example. udp 90 false 1232" NXDOMAIN qr,aa,rd 160 0.000091s',
  cri: '2026-11-20T10:00:05.007919123Z stdout F [INFO] 10.244.0.5:40129 - 61327 "A IN pool.supportxmr.com. udp 37 false 512" NOERROR qr,rd,ra 53 0.020000s',
  dockerJson:
    '{"log":"[INFO] 10.244.0.5:40129 - 61327 \\"A IN kubernetes.default.svc.cluster.local. tcp 54 false 65535\\" NOERROR qr,aa,rd 106 0.000071s\\n","stream":"stdout","time":"2026-11-20T10:00:06.5Z"}',
  servfail:
    '[INFO] 10.244.0.5:40129 - 9 "PTR IN 10.0.96.10.in-addr.arpa. udp 42 false 512" SERVFAIL qr,rd 42 2.000361s',
  oldTimestamped:
    '2018-03-01T10:00:00.123Z [INFO] 172.17.0.1:44360 - 5 "A IN example.org. udp 29 false 512" NOERROR qr,rd,ra 45 0.000053s',
};

/** Netfilter: Calico/UFW/user prefixes, UDP double LEN, ICMP embedded, syslog, journald. */
export const NETFILTER_LINES: Record<string, string> = {
  calicoSyslog:
    'Nov 22 10:00:01 node1 kernel: [12345.678901] calico-packet: IN=cali12ab OUT=eth0 MAC=ee:ee:ee:ee:ee:ee:aa:bb:cc:dd:ee:ff:08:00 SRC=10.244.1.5 DST=10.96.0.10 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=54321 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0 ',
  ufwBare:
    '[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=198.51.100.23 DST=192.0.2.10 LEN=40 TOS=0x00 PREC=0x00 TTL=245 ID=5432 PROTO=TCP SPT=51234 DPT=3389 WINDOW=1024 RES=0x00 SYN URGP=0 ',
  udpDoubleLen:
    'Nov 22 10:00:02 node2 kernel: [12346.000001] drop-dns: IN=eth0 OUT= MAC= SRC=10.244.2.7 DST=8.8.8.8 LEN=76 TOS=0x00 PREC=0x00 TTL=63 ID=1201 DF PROTO=UDP SPT=53211 DPT=53 LEN=56 ',
  icmpEmbedded:
    'Nov 22 10:00:03 node1 kernel: [12347.5] calico-packet: IN=eth0 OUT= MAC= SRC=10.96.0.10 DST=10.244.1.5 LEN=112 TOS=0x00 PREC=0xC0 TTL=64 ID=9 PROTO=ICMP TYPE=3 CODE=3 [SRC=10.244.1.5 DST=10.96.0.10 LEN=84 TOS=0x00 PREC=0x00 TTL=63 ID=7 DF PROTO=UDP SPT=5353 DPT=53 LEN=64 ] ',
  icmpEcho:
    'IN=eth0 OUT= MAC= SRC=10.0.0.1 DST=10.0.0.2 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=3 DF PROTO=ICMP TYPE=8 CODE=0 ID=17 SEQ=1 ',
  noSpacePrefix:
    'mylog:IN=eth0 OUT=eth1 SRC=10.1.1.1 DST=10.2.2.2 LEN=52 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=3333 DPT=4444 WINDOW=502 RES=0x00 ACK PSH URGP=0',
  rfc3339Syslog:
    '2026-11-22T10:00:04.123456+00:00 node3 kernel: [UFW AUDIT] IN= OUT=eth0 SRC=10.0.0.3 DST=1.1.1.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=44 DF PROTO=TCP SPT=41000 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0 UID=1000 GID=1000 ',
  journald: JSON.stringify({
    __REALTIME_TIMESTAMP: '1795341605123456',
    _HOSTNAME: 'node4',
    _TRANSPORT: 'kernel',
    SYSLOG_IDENTIFIER: 'kernel',
    MESSAGE:
      'calico-packet: IN=cali9 OUT=eth0 SRC=10.244.4.4 DST=93.184.216.34 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=43210 DPT=3333 WINDOW=64240 RES=0x00 SYN URGP=0 ',
  }),
};

const falcoNew = {
  hostname: 'worker-1',
  output:
    '10:20:05.408091526: Notice A shell was spawned in a container with an attached terminal | evt_type=execve user=root user_uid=0 user_loginuid=-1 process=bash proc_exepath=/usr/bin/bash parent=runc command=bash -il terminal=34816 exe_flags=EXE_WRITABLE container_id=4d5c8b1e9a2f container_image=docker.io/library/nginx container_image_tag=1.27 container_name=web k8s_ns_name=shop k8s_pod_name=web-0',
  output_fields: {
    'container.id': '4d5c8b1e9a2f',
    'container.image.repository': 'docker.io/library/nginx',
    'container.image.tag': '1.27',
    'container.name': 'web',
    'evt.type': 'execve',
    'k8s.ns.name': 'shop',
    'k8s.pod.name': 'web-0',
    'proc.cmdline': 'bash -il',
    'proc.name': 'bash',
    'proc.tty': 34816,
    'user.loginuid': -1,
    'user.name': 'root',
  },
  priority: 'Notice',
  rule: 'Terminal shell in container',
  source: 'syscall',
  tags: ['T1059', 'container', 'maturity_stable', 'mitre_execution', 'shell'],
  time: '2026-11-20T10:20:05.408091526Z',
};

/** Falco: new and old output styles, with and without output_fields, framed. */
export const FALCO_LINES: Record<string, string> = {
  newStyle: JSON.stringify(falcoNew).replace('"evt.type"', '"evt.time":1795169205408091526,"evt.type"'),
  withoutOutputFields: JSON.stringify({ ...falcoNew, output_fields: undefined }),
  oldStyle: JSON.stringify({
    hostname: 'worker-2',
    output:
      '10:20:06.000000001: Warning Sensitive file opened for reading by non-trusted program (user=root user_loginuid=-1 program=cat command=cat /etc/shadow file=/etc/shadow parent=sh gparent=<NA> container_id=abc123 image=alpine k8s.ns=default k8s.pod=tools)',
    priority: 'Warning',
    rule: 'Read sensitive file untrusted',
    time: '2026-11-20T10:20:06.000000001Z',
  }),
  critical: JSON.stringify({
    hostname: 'worker-3',
    output:
      '10:20:07.5: Critical Outbound connection to mining pool port | connection=10.244.3.3:40000->203.0.113.9:3333 k8s_ns_name=shop k8s_pod_name=miner',
    output_fields: {
      'fd.cip': '10.244.3.3',
      'fd.sip': '203.0.113.9',
      'fd.sport': 3333,
      'k8s.ns.name': 'shop',
      'k8s.pod.name': 'miner',
      'container.image.repository': null,
    },
    priority: 'Critical',
    rule: 'Detect outbound connections to common miner pool ports',
    source: 'syscall',
    tags: ['network'],
    time: '2026-11-20T10:20:07.500Z',
  }),
  dnsNamedConnection: JSON.stringify({
    hostname: 'worker-3',
    output:
      '10:20:09.25: Notice Outbound connection to a known domain | connection=10.244.3.3:40001->203.0.113.10:443 k8s_ns_name=shop k8s_pod_name=web-1',
    output_fields: {
      'fd.cip': '10.244.3.3',
      'fd.sip': '203.0.113.10',
      'fd.sip.name': 'api.example.org',
      'fd.sport': 443,
      'k8s.ns.name': 'shop',
      'k8s.pod.name': 'web-1',
      'k8s.pod.labels': 'app:web,tier:front',
    },
    priority: 'Notice',
    rule: 'Outbound connection to known domain',
    source: 'syscall',
    tags: ['network'],
    time: '2026-11-20T10:20:09.250Z',
  }),
  criFramed: `2026-11-20T10:20:08.000000000Z stdout F ${JSON.stringify({ ...falcoNew, output_fields: undefined, time: '2026-11-20T10:20:08.000000000Z' })}`,
};

export const LINES_BY_SOURCE: Record<SourceId, Record<string, string>> = {
  audit: AUDIT_LINES,
  coredns: COREDNS_LINES,
  netfilter: NETFILTER_LINES,
  falco: FALCO_LINES,
};

/** Lines every parser must reject with a typed error (the source is irrelevant). */
export const MALFORMED_LINES: Record<string, string> = {
  empty: '',
  blank: '   \t ',
  binary: '\u0000\u0001\u0002ELF\u0003\u0004',
  invalidUtf8: 'caf\ufffd \ufffd\ufffd',
  huge: 'x'.repeat(1024 * 1024),
  truncatedJson: JSON.stringify(auditBase).slice(0, 120),
  notJson: '{kind: Event}',
  wrongKind: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [] }),
  unknownCoreDns:
    '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5',
  netfilterNoSrc:
    'Nov 22 10:00:01 node1 kernel: calico-packet: IN=eth0 OUT= MAC= DST=10.0.0.1 LEN=60 PROTO=TCP SPT=1 DPT=2 ',
  plainText: 'hello world',
};
