/** DNS (CoreDNS): query mix, failures by client, top and suspicious names. */
import { dashboard, type BuiltDashboard } from './dashboard';
import { anyOf, builderTarget, columnLink, count, detectionTarget, eq, Layout, regex, seriesLink, topN } from './panels';
import { logsPanel, tablePanel, timeseriesPanel } from './sdk';

const CLIENT = { name: 'client', label: 'Client IP', description: 'The querying pod or node address.' };
const scope = [regex('client.ip', '$client')];

export function dns(): BuiltDashboard {
  const layout = new Layout();
  layout.add({
    panel: timeseriesPanel(),
    title: 'Queries by type',
    description: 'A, AAAA, TXT, … per interval.',
    targets: [builderTarget('A', { source: 'coredns', operation: count('query.type'), filters: scope })],
  });
  layout.add({
    panel: timeseriesPanel(),
    title: 'Answers by rcode',
    description: 'NOERROR, NXDOMAIN, SERVFAIL, … per interval.',
    targets: [builderTarget('A', { source: 'coredns', operation: count('rcode'), filters: scope })],
  });
  layout.add({
    panel: timeseriesPanel().dataLinks([seriesLink('f_client_ip', 'ip')]),
    title: 'NXDOMAIN and SERVFAIL by client',
    description: 'Failed lookups per client: a burst means a DGA, a scan or a broken config.',
    targets: [builderTarget('A', { source: 'coredns', operation: count('client.ip'), filters: [...scope, anyOf('rcode', ['NXDOMAIN', 'SERVFAIL'])] })],
    shows: { scenario: 'nxdomain-burst', entity: 'clientIP' },
  });
  layout.add({
    panel: tablePanel().withOverride(columnLink('f_query[._]name', 'Domain', 'domain')),
    title: 'Top domains',
    description: 'The most queried names in the range.',
    targets: [builderTarget('A', { source: 'coredns', operation: topN('query.name', 20), filters: scope })],
  });
  layout.add({
    panel: logsPanel(),
    title: 'Long or random-looking names',
    description: 'Labels of 40+ characters, names of 100+, long TXT/NULL labels: tunnelling or exfiltration (dns-tunneling-suspect).',
    targets: [detectionTarget('A', 'dns-tunneling-suspect', 'events')],
    shows: { scenario: 'dns-tunnel', entity: 'domain' },
  });
  layout.add({
    panel: logsPanel(),
    title: 'Mining-pool lookups',
    description: 'Names under known mining-pool domains (dns-mining-pool-query).',
    targets: [detectionTarget('A', 'dns-mining-pool-query', 'events')],
    shows: { scenario: 'crypto-miner', entity: 'domain' },
  });
  layout.add({
    panel: timeseriesPanel(),
    title: 'Large answers (over 100 bytes) by type',
    description: 'Big responses: TXT records and long names carry data out in tunnels.',
    targets: [builderTarget('A', { source: 'coredns', operation: count('query.type'), filters: [...scope, { field: 'rsize', op: '>', value: '100' }] })],
  });
  layout.add({
    panel: tablePanel().withOverride(columnLink('f_client[._]ip', 'Client IP', 'ip')),
    title: 'NXDOMAIN by client',
    description: 'Clients with the most NXDOMAIN answers in the range.',
    targets: [builderTarget('A', { source: 'coredns', operation: topN('client.ip', 20), filters: [...scope, eq('rcode', 'NXDOMAIN')] })],
    shows: { scenario: 'nxdomain-burst', entity: 'clientIP' },
  });
  return dashboard({
    uid: 'vigil-dns',
    title: 'Vigil / DNS (CoreDNS)',
    description: 'The CoreDNS query log: query mix, failures, top and suspicious names.',
    variables: [CLIENT],
    layout,
  });
}
