/** Overview: detections by severity, top rules and actors, per-source health and volume. */
import { GraphDrawStyle, StackingConfigBuilder, StackingMode } from '@grafana/grafana-foundation-sdk/common';
import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { catalogRule } from '../../src/detections/catalog';
import { dashboard, NAMESPACE, type BuiltDashboard } from './dashboard';
import { builderTarget, columnLink, count, DASHBOARD_DS, detectionTarget, Layout, regex, topN } from './panels';
import { bargaugePanel, statPanel, tablePanel, timeseriesPanel } from './sdk';

/** One detection per attack family; their metric forms are the "fired" series. */
export const OVERVIEW_RULES = [
  'k8s-exec-into-pod',
  'k8s-privileged-container',
  'k8s-cluster-admin-binding',
  'k8s-secret-read',
  'k8s-anonymous-request-allowed',
  'k8s-crypto-mining-image',
  'dns-mining-pool-query',
  'dns-nxdomain-burst',
  'net-port-scan',
  'net-mining-pool-port',
  'falco-alert',
  'falco-shell-in-container',
];

const SEVERITY_COLOURS: Record<string, string> = { critical: 'dark-red', high: 'red', medium: 'orange', low: 'yellow', informational: 'blue' };

export function overview(): BuiltDashboard {
  const layout = new Layout();
  const fired = OVERVIEW_RULES.map((id, i) => detectionTarget(String.fromCharCode(65 + i), id, 'metric', `${catalogRule(id)!.level}: ${id}`));
  const severities = [...new Set(OVERVIEW_RULES.map((id) => catalogRule(id)!.level))];
  const firedPanel = timeseriesPanel().drawStyle(GraphDrawStyle.Bars).stacking(new StackingConfigBuilder().mode(StackingMode.Normal)).fillOpacity(80).unit('short');
  severities.forEach((s) => firedPanel.overrideByRegexp(`^${s}: .*`, [{ id: 'color', value: { mode: 'fixed', fixedColor: SEVERITY_COLOURS[s] ?? 'purple' } }]));
  const firedId = layout.add({
    panel: firedPanel,
    title: 'Detections fired by severity',
    description: 'Each series is one catalog detection (metric form, over its own window), named severity: rule.',
    targets: fired,
    width: 16,
    height: 9,
    shows: { scenario: 'port-scan', entity: 'srcIP', refId: String.fromCharCode(65 + OVERVIEW_RULES.indexOf('net-port-scan')) },
  });
  layout.add({
    panel: bargaugePanel(),
    title: 'Top rules',
    description: 'The detections above, ranked by how often they fired in the range.',
    targets: [{ refId: 'A', datasource: DASHBOARD_DS, panelId: firedId }],
    width: 8,
    height: 9,
  });
  const volume = (['audit', 'coredns', 'netfilter', 'falco'] as const).map((source, i) =>
    builderTarget(String.fromCharCode(65 + i), { source, operation: count(), legend: source })
  );
  const volumeId = layout.add({
    panel: timeseriesPanel(),
    title: 'Event volume by source',
    description: 'Lines per interval from each source; a flat zero means the shipper or the stream selector is broken.',
    targets: volume,
    width: 16,
  });
  layout.add({
    panel: statPanel()
      .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([{ color: 'red', value: null }, { color: 'green', value: 1 }]))
      .unit('short'),
    title: 'Source health',
    description: 'Lines received per source in the range: red when a source sends nothing.',
    targets: [{ refId: 'A', datasource: DASHBOARD_DS, panelId: volumeId }],
    width: 8,
  });
  layout.add({
    panel: tablePanel().withOverride(columnLink('f_user[._]username', 'User', 'user')),
    title: 'Top users and service accounts',
    description: 'Kubernetes API callers by request count (audit log).',
    targets: [builderTarget('A', { source: 'audit', operation: topN('user.username', 15), filters: [regex('objectRef.namespace', '$namespace')] })],
    width: 8,
  });
  layout.add({
    panel: tablePanel().withOverride(columnLink('f_src', 'Source IP', 'ip')),
    title: 'Top source IPs (packets)',
    description: 'Sources of logged packets (netfilter).',
    targets: [builderTarget('A', { source: 'netfilter', operation: topN('src', 15) })],
    width: 8,
    shows: { scenario: 'port-scan', entity: 'srcIP' },
  });
  layout.add({
    panel: tablePanel().withOverride(columnLink('f_client[._]ip', 'Client IP', 'ip')),
    title: 'Top DNS clients',
    description: 'Pods and nodes by DNS queries (CoreDNS).',
    targets: [builderTarget('A', { source: 'coredns', operation: topN('client.ip', 15) })],
    width: 8,
  });
  return dashboard({
    uid: 'vigil-overview',
    title: 'Vigil / Overview',
    description: 'Kubernetes security across the audit log, CoreDNS, netfilter and Falco.',
    variables: [NAMESPACE],
    layout,
  });
}
