/** Kubernetes audit: who does what to which resources, and the risky requests. */
import { GraphDrawStyle } from '@grafana/grafana-foundation-sdk/common';
import { dashboard, NAMESPACE, type BuiltDashboard } from './dashboard';
import { anyOf, builderTarget, columnLink, count, detectionTarget, eq, events, Layout, regex, topN } from './panels';
import { logsPanel, tablePanel, timeseriesPanel } from './sdk';

const USER = { name: 'user', label: 'User', description: 'User or service account name.' };
/** Every audit panel narrows to the chosen namespace and user. */
const scope = [regex('objectRef.namespace', '$namespace'), regex('user.username', '$user')];

export function audit(): BuiltDashboard {
  const layout = new Layout();
  const metric = (title: string, description: string, by: string, extra = [] as ReturnType<typeof eq>[]) =>
    layout.add({ panel: timeseriesPanel(), title, description, targets: [builderTarget('A', { source: 'audit', operation: count(by), filters: [...scope, ...extra] })], width: 8 });
  metric('Requests by verb', 'API requests per interval by verb.', 'verb');
  metric('Requests by resource', 'API requests per interval by resource.', 'objectRef.resource');
  layout.add({
    panel: tablePanel().withOverride(columnLink('f_user[._]username', 'User', 'user')),
    title: 'Requests by user',
    description: 'The busiest callers in the range.',
    targets: [builderTarget('A', { source: 'audit', operation: topN('user.username', 20), filters: scope })],
    width: 8,
  });
  layout.add({
    panel: timeseriesPanel().drawStyle(GraphDrawStyle.Bars),
    title: 'Denied requests (401/403) by user',
    description: 'Unauthenticated (401) and forbidden (403) answers: probing or a broken credential.',
    targets: [builderTarget('A', { source: 'audit', operation: count('user.username', 'responseStatus.code'), filters: [...scope, anyOf('responseStatus.code', ['401', '403'])] })],
    shows: { scenario: 'secret-forbidden', entity: 'user' },
  });
  layout.add({
    panel: logsPanel(),
    title: 'Exec, attach and port-forward sessions',
    description: 'Interactive access to pods; the command is in requestURI.',
    targets: [builderTarget('A', { source: 'audit', operation: events, filters: [...scope, anyOf('objectRef.subresource', ['exec', 'attach', 'portforward'])] })],
    shows: { scenario: 'exec-shell', entity: 'pod' },
  });
  layout.add({
    panel: logsPanel(),
    title: 'Secret access by people',
    description: 'Reads and changes of Secrets by identities that are not system components (k8s-secret-read, k8s-secret-modified).',
    targets: [detectionTarget('A', 'k8s-secret-read', 'events'), detectionTarget('B', 'k8s-secret-modified', 'events')],
    shows: { scenario: 'secret-read', entity: 'secret' },
  });
  layout.add({
    panel: logsPanel(),
    title: 'RBAC changes',
    description: 'Roles and bindings created, changed or deleted.',
    targets: [
      builderTarget('A', {
        source: 'audit',
        operation: events,
        filters: [...scope, eq('objectRef.apiGroup', 'rbac.authorization.k8s.io'), anyOf('verb', ['create', 'update', 'patch', 'delete'])],
      }),
    ],
    shows: { scenario: 'cluster-admin-binding', entity: 'binding' },
  });
  layout.add({
    panel: timeseriesPanel().drawStyle(GraphDrawStyle.Bars),
    title: 'Privileged and hostPath workloads created',
    description: 'Workloads with privileged containers, host namespaces or sensitive hostPath mounts (needs pods logged at Request level).',
    targets: [
      detectionTarget('A', 'k8s-privileged-container', 'metric', 'privileged container'),
      detectionTarget('B', 'k8s-sensitive-hostpath-mount', 'metric', 'sensitive hostPath'),
      detectionTarget('C', 'k8s-host-namespace-pod', 'metric', 'host namespaces'),
    ],
  });
  layout.add({
    panel: logsPanel(),
    title: 'Anonymous access',
    description: 'Requests as system:anonymous, allowed or not.',
    targets: [builderTarget('A', { source: 'audit', operation: events, filters: [eq('user.username', 'system:anonymous')] })],
    shows: { scenario: 'anonymous-access', entity: 'clientIP' },
  });
  layout.add({
    panel: tablePanel(),
    title: 'Source IPs',
    description: 'Client addresses of API requests (the sourceIPs list as logged).',
    targets: [builderTarget('A', { source: 'audit', operation: topN('sourceIPs', 20), filters: scope })],
    width: 12,
  });
  layout.add({
    panel: tablePanel(),
    title: 'User agents',
    description: 'Clients of the API server: kubectl versions, controllers, scripts.',
    targets: [builderTarget('A', { source: 'audit', operation: topN('userAgent', 20), filters: scope })],
    width: 12,
  });
  return dashboard({
    uid: 'vigil-audit',
    title: 'Vigil / Kubernetes audit',
    description: 'The Kubernetes API audit log: request volume, denied and risky requests, RBAC and workload changes.',
    variables: [NAMESPACE, USER],
    layout,
  });
}
