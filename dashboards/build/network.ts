/** Network (netfilter): logged packets by prefix, peers, ports, scans, per node. */
import { GraphDrawStyle } from '@grafana/grafana-foundation-sdk/common';
import { dashboard, NODE, type BuiltDashboard } from './dashboard';
import { builderTarget, columnLink, count, detectionTarget, Layout, regex, seriesLink, topN } from './panels';
import { logsPanel, tablePanel, timeseriesPanel } from './sdk';

const SRC = { name: 'src', label: 'Source IP', description: 'Source address of the packets.' };
const scope = [regex('hostname', '$node'), regex('src', '$src')];

export function network(): BuiltDashboard {
  const layout = new Layout();
  layout.add({
    panel: timeseriesPanel(),
    title: 'Logged packets by prefix',
    description: 'The log prefix names the rule or action (calico-packet, [UFW BLOCK], …).',
    targets: [builderTarget('A', { source: 'netfilter', operation: count('prefix'), filters: scope })],
  });
  layout.add({
    panel: timeseriesPanel().drawStyle(GraphDrawStyle.Bars).dataLinks([seriesLink('f_src', 'ip')]),
    title: 'Port-scan candidates',
    description: 'Sources reaching 15+ distinct destination ports within 60 s (net-port-scan).',
    targets: [detectionTarget('A', 'net-port-scan', 'metric')],
    shows: { scenario: 'port-scan', entity: 'srcIP' },
  });
  const ranked = (title: string, description: string, field: string, link?: ReturnType<typeof columnLink>) =>
    layout.add({
      panel: link ? tablePanel().withOverride(link) : tablePanel(),
      title,
      description,
      targets: [builderTarget('A', { source: 'netfilter', operation: topN(field, 20), filters: scope })],
      width: 8,
    });
  ranked('Top sources', 'Addresses sending the most logged packets.', 'src', columnLink('f_src', 'Source IP', 'ip'));
  ranked('Top destinations', 'Addresses receiving the most logged packets.', 'dst', columnLink('f_dst', 'Destination IP', 'ip'));
  ranked('Destination ports', 'Most logged destination ports.', 'dpt');
  layout.add({
    panel: timeseriesPanel(),
    title: 'Protocols over time',
    description: 'TCP, UDP, ICMP per interval.',
    targets: [builderTarget('A', { source: 'netfilter', operation: count('proto'), filters: scope })],
  });
  layout.add({
    panel: timeseriesPanel().dataLinks([seriesLink('f_hostname', 'node')]),
    title: 'Packets per node',
    description: 'Logged packets by the node that logged them.',
    targets: [builderTarget('A', { source: 'netfilter', operation: count('hostname'), filters: scope })],
  });
  layout.add({
    panel: logsPanel(),
    title: 'Mining-pool ports',
    description: 'TCP packets to well-known mining-pool ports (net-mining-pool-port).',
    targets: [detectionTarget('A', 'net-mining-pool-port', 'events')],
    width: 24,
    shows: { scenario: 'crypto-miner', entity: 'poolIP' },
  });
  return dashboard({
    uid: 'vigil-network',
    title: 'Vigil / Network (netfilter)',
    description: 'Kernel netfilter packet logs (iptables / Calico Log action): peers, ports, scans.',
    variables: [NODE, SRC],
    layout,
  });
}
