/**
 * The line variants each parser accepts or rejects, one short example each. The examples
 * are checked by variants.test.ts and listed in docs/sources.md ("Line formats").
 */
import type { ParseErrorKind, SourceId } from './types';

export interface Variant {
  source: SourceId;
  name: string;
  example: string;
  /** What the parser makes of it: parsed, or rejected for this reason. */
  expect: 'event' | ParseErrorKind;
  /** A field the event must carry, to show what was read. */
  field?: [string, string | number];
}

const EVENT = {
  verb: 'get',
  user: { username: 'alice' },
  objectRef: { resource: 'pods', namespace: 'dev', name: 'web' },
  requestURI: '/api/v1/namespaces/dev/pods/web',
};
const full = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: 'a1',
  stage: 'ResponseComplete',
  ...EVENT,
  stageTimestamp: '2026-03-01T10:00:00.000001Z',
};

export const VARIANTS: Variant[] = [
  {
    source: 'audit',
    name: 'audit.k8s.io/v1 Event, any level and stage',
    example: JSON.stringify(full),
    expect: 'event',
    field: ['user.username', 'alice'],
  },
  {
    source: 'audit',
    name: 'partial event: no kind, apiVersion, level, stage, auditID or timestamps (exports, EventList items)',
    example: JSON.stringify(EVENT),
    expect: 'event',
    field: ['objectRef.resource', 'pods'],
  },
  {
    source: 'audit',
    name: 'v1beta1/v1alpha1 event with a top-level `timestamp`',
    example: JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1beta1',
      timestamp: '2019-06-26T07:05:51Z',
      ...EVENT,
    }),
    expect: 'event',
    field: ['verb', 'get'],
  },
  {
    source: 'audit',
    name: 'AKS diagnostic record (`category` kube-audit or kube-audit-admin, the event text in `properties.log`)',
    example: JSON.stringify({
      category: 'kube-audit',
      properties: { log: `${JSON.stringify(full)}\n`, pod: 'kube-apiserver-0' },
      time: '2026-03-01T10:00:00Z',
    }),
    expect: 'event',
    field: ['user.username', 'alice'],
  },
  {
    source: 'audit',
    name: 'AKS diagnostic record of another category (klog text): not an audit event',
    example: JSON.stringify({
      category: 'cluster-autoscaler',
      properties: { log: 'I0420 16:36:52.392437 1 main.go:1] scale up not needed\n' },
    }),
    expect: 'not-event',
  },
  {
    source: 'audit',
    name: 'CloudWatch Logs record (EKS): `{"timestamp":<ms>,"message":{event}}`',
    example: JSON.stringify({ timestamp: 1772359200000, message: full }),
    expect: 'event',
    field: ['verb', 'get'],
  },
  {
    source: 'audit',
    name: 'webhook EventList batch: `vigil parse`/`vigil detect` split it into its items; a single line of it is refused',
    example: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [EVENT] }),
    expect: 'not-event',
  },
  {
    source: 'audit',
    name: 'a core Kubernetes Event (`apiVersion: v1`): not an audit event',
    example: JSON.stringify({ kind: 'Event', apiVersion: 'v1', reason: 'Scheduled', involvedObject: { kind: 'Pod' } }),
    expect: 'wrong-kind',
  },
  {
    source: 'coredns',
    name: 'query line, common or combined format (IPv6 clients bracketed)',
    example: '[INFO] [fd00::5]:53124 - 4242 "AAAA IN example.com. udp 40 false 1232" NOERROR qr,rd,ra 68 0.000123s',
    expect: 'event',
    field: ['client.ip', 'fd00::5'],
  },
  {
    source: 'coredns',
    name: 'CoreDNS ≤1.1: its own RFC 3339 time before `[INFO]`',
    example:
      '2019-01-01T10:00:00.5Z [INFO] 10.1.2.3:4000 - 7 "A IN example.com. udp 29 false 512" NXDOMAIN qr,rd,ra 29 0.0001s',
    expect: 'event',
    field: ['rcode', 'NXDOMAIN'],
  },
  {
    source: 'coredns',
    name: 'CoreDNS ≤1.2: no level tag, a CLF time after the dash',
    example:
      '10.1.2.3:4000 - [07/Sep/2018:15:29:11 +0000] 7 "A IN example.com. udp 29 false 512" NOERROR qr,aa,rd,ra 45 0.00006s',
    expect: 'event',
    field: ['query.id', 7],
  },
  {
    source: 'coredns',
    name: 'CRI or docker json-file frame around any of these (CRI partial lines joined)',
    example:
      '2026-03-01T10:00:00.000000001Z stdout F [INFO] 10.1.2.3:4000 - 7 "A IN example.com. udp 29 false 512" NOERROR qr,rd,ra 45 0.0001s',
    expect: 'event',
    field: ['query.domain', 'example.com'],
  },
  {
    source: 'coredns',
    name: 'startup banner, server block, plugin messages and error reports: not query events',
    example: '[INFO] plugin/reload: Running configuration SHA512 = 0f',
    expect: 'not-event',
  },
  {
    source: 'netfilter',
    name: 'iptables/nftables/Calico LOG line, bare or with a syslog, journald or dmesg `[uptime]` frame, any prefix',
    example:
      'Mar  1 10:00:00 node1 kernel: [12.5] calico-packet: IN=cali1 OUT=eth0 SRC=10.0.0.5 DST=10.0.0.9 LEN=60 PROTO=TCP SPT=4000 DPT=22 SYN ',
    expect: 'event',
    field: ['dpt', 22],
  },
  {
    source: 'netfilter',
    name: 'only the interface that is set (Proxmox firewall: `IN=` without `OUT=`, or `OUT=` alone)',
    example:
      '0 1 PVEFW-HOST-OUT 01/Mar/2026:10:00:00 +0000 REJECT: OUT=vmbr0 SRC=10.0.0.5 DST=10.0.0.9 LEN=60 PROTO=TCP SPT=4000 DPT=80 SYN ',
    expect: 'event',
    field: ['prefix', '0 1 PVEFW-HOST-OUT 01/Mar/2026:10:00:00 +0000 REJECT:'],
  },
  {
    source: 'falco',
    name: 'JSON output, with or without output_fields and tags; priority in any letter case',
    example: JSON.stringify({
      time: '2026-03-01T10:00:00.000000001Z',
      rule: 'Terminal shell in container',
      priority: 'WARNING',
      output: 'A shell was spawned | user=root',
      output_fields: { 'k8s.pod.name': 'web' },
    }),
    expect: 'event',
    field: ['priority.severity', 4],
  },
  {
    source: 'falco',
    name: 'text output (`json_output: false`), bare or syslog-framed: shown and counted, not evaluated by detections (the text has no rule name)',
    example: '10:00:00.000000001: Warning Sensitive file opened for reading (file=/etc/shadow user=root)',
    expect: 'event',
    field: ['priority', 'Warning'],
  },
  {
    source: 'falco',
    name: "Falco's own log lines: not alerts",
    example: 'Sun Mar  1 10:00:00 2026: Falco initialized with configuration files',
    expect: 'not-event',
  },
];
