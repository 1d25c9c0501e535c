/**
 * Shipper profiles: the stream labels (and line form) each real log shipper produces.
 *
 * - nearform: Promtail tailing files: `job="auditlog"`, `job="kernellog"` (syslog-framed
 *   kern.log lines), CoreDNS as the kube-system/coredns container log, Falco `job="falco"`.
 * - k8s-monitoring: Grafana's chart: `job="integrations/kubernetes-audit"`, the journal as
 *   `job="integrations/kubernetes/journal"` (bare kernel message), pod logs with
 *   namespace/pod/container and `job="<namespace>/<container>"`, all with `cluster`.
 * - journald: as nearform, but kernel lines from the journal: `job="systemd-journal"`,
 *   `transport="kernel"`, bare message.
 * - falcosidekick: as nearform, but Falco arrives through falcosidekick's Loki output
 *   (with `loki.format: json`) labelled rule, priority, source, hostname, tags, k8s_ns_name,
 *   k8s_pod_name.
 */
import type { Cluster } from './cluster';
import type { ProfileId, SimEvent } from './types';

export const PROFILES: readonly ProfileId[] = ['nearform', 'k8s-monitoring', 'journald', 'falcosidekick'];

function nearform(ev: SimEvent): Record<string, string> {
  switch (ev.source) {
    case 'audit':
      return { job: 'auditlog', host: ev.node };
    case 'netfilter':
      return { job: 'kernellog', host: ev.node };
    case 'coredns':
      return { namespace: 'kube-system', container: 'coredns', pod: ev.pod?.name ?? 'coredns', host: ev.node };
    case 'falco':
      return { job: 'falco', host: ev.node };
  }
}

function k8sMonitoring(ev: SimEvent, c: Cluster): Record<string, string> {
  const cluster = c.name;
  switch (ev.source) {
    case 'audit':
      return { cluster, job: 'integrations/kubernetes-audit', instance: ev.node };
    case 'netfilter':
      return { cluster, job: 'integrations/kubernetes/journal', instance: ev.node, transport: 'kernel', level: 'warning' };
    case 'coredns':
      return { cluster, job: 'kube-system/coredns', namespace: 'kube-system', pod: ev.pod?.name ?? 'coredns', container: 'coredns', instance: ev.node };
    case 'falco':
      return { cluster, job: 'falco/falco', namespace: 'falco', pod: ev.pod?.name ?? 'falco', container: 'falco', instance: ev.node };
  }
}

function falcosidekick(ev: SimEvent): Record<string, string> {
  const f = ev.falco!;
  const labels: Record<string, string> = { rule: f.rule, priority: f.priority, source: f.source, hostname: f.hostname };
  if (f.tags.length > 0) {
    labels.tags = [...f.tags].sort().join(',');
  }
  if (f.namespace) {
    labels.k8s_ns_name = f.namespace;
  }
  if (f.pod) {
    labels.k8s_pod_name = f.pod;
  }
  return labels;
}

/** The stream labels a profile gives an event. */
export function labelsFor(profile: ProfileId, ev: SimEvent, c: Cluster): Record<string, string> {
  if (profile === 'k8s-monitoring') {
    return k8sMonitoring(ev, c);
  }
  if (profile === 'journald' && ev.source === 'netfilter') {
    return { job: 'systemd-journal', transport: 'kernel', hostname: ev.node, syslog_identifier: 'kernel' };
  }
  if (profile === 'falcosidekick' && ev.source === 'falco') {
    return falcosidekick(ev);
  }
  return nearform(ev);
}

/** The line as the profile's shipper delivers it (journal shippers send the bare kernel message). */
export function lineFor(profile: ProfileId, ev: SimEvent): string {
  if (ev.source === 'netfilter' && (profile === 'journald' || profile === 'k8s-monitoring')) {
    return ev.bare ?? ev.line;
  }
  return ev.line;
}

/** A stable key for a label set (sorted), to group events into streams. */
export function labelKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}
