/**
 * Falco runtime: events from the log backend, rule match rates from Prometheus. The rates
 * read whichever of the three metric names exists (docs/dev/sources.md#falco-metrics):
 * falcosidekick's `falco_events`, its newer `falcosecurity_falcosidekick_falco_events_total`,
 * Falco's own `falcosecurity_falco_rules_matches_total`, in that order; `unless on()` keeps a
 * later name out as soon as an earlier one has data, so nothing is counted twice.
 */
import { dashboard, NAMESPACE, NODE, type BuiltDashboard } from './dashboard';
import { builderTarget, count, events, Layout, promTarget, regex, seriesLink, topN } from './panels';
import { logsPanel, tablePanel, timeseriesPanel } from './sdk';

const POD = { name: 'pod', label: 'Pod', description: 'Pod name.' };
const PRIORITIES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'];
const RATE = '$__rate_interval';

/** Rewrites numeric priorities to Falco's names, one label_replace per number. */
function priorityNames(expr: string, number: (i: number) => number): string {
  return PRIORITIES.reduce((e, name, i) => `label_replace(${e}, "priority", "${name}", "priority", "${number(i)}")`, expr);
}

/** Per-second matches by `by` (rule or priority) from the first metric name that exists. */
export function falcoRate(by: 'rule' | 'priority'): string {
  const sidekick = `rate(falco_events[${RATE}])`;
  const sidekickTotal = `rate(falcosecurity_falcosidekick_falco_events_total[${RATE}])`;
  const falco = `rate(falcosecurity_falco_rules_matches_total[${RATE}])`;
  const forms =
    by === 'rule'
      ? [sidekick, sidekickTotal, `label_replace(${falco}, "rule", "$1", "rule_name", "(.*)")`]
      : [sidekick, priorityNames(sidekickTotal, (i) => 8 - i), priorityNames(falco, (i) => i)];
  const sums = forms.map((f) => `sum by (${by}) (${f})`);
  return `${sums[0]} or (${sums[1]} unless on() ${sums[0]}) or (${sums[2]} unless on() ${sums[0]} unless on() ${sums[1]})`;
}

const scope = [regex('output_fields.k8s.ns.name', '$namespace'), regex('output_fields.k8s.pod.name', '$pod'), regex('hostname', '$node')];

export function falco(): BuiltDashboard {
  const layout = new Layout();
  layout.add({
    panel: timeseriesPanel(),
    title: 'Events by priority',
    description: 'Falco events per interval by priority (log backend).',
    targets: [builderTarget('A', { source: 'falco', operation: count('priority'), filters: scope })],
  });
  layout.add({
    panel: timeseriesPanel(),
    title: 'Events by rule',
    description: 'Falco events per interval by rule (log backend).',
    targets: [builderTarget('A', { source: 'falco', operation: count('rule'), filters: scope })],
    shows: { scenario: 'exec-shell', text: 'Terminal shell in container' },
  });
  layout.add({
    panel: timeseriesPanel(),
    title: 'Events by namespace and pod',
    description: 'Falco events per interval by the pod they came from.',
    targets: [builderTarget('A', { source: 'falco', operation: count('output_fields.k8s.ns.name', 'output_fields.k8s.pod.name'), filters: scope })],
    shows: { scenario: 'falco-critical', entity: 'pod' },
  });
  layout.add({
    panel: timeseriesPanel().unit('ops'),
    title: 'Rule match rate (Prometheus)',
    description: 'Matches per second by rule from Falco or falcosidekick metrics, whichever is scraped.',
    targets: [promTarget('A', falcoRate('rule'), '{{rule}}')],
    shows: { scenario: 'exec-shell', text: 'Terminal shell in container' },
  });
  layout.add({
    panel: timeseriesPanel().unit('ops'),
    title: 'Match rate by priority (Prometheus)',
    description: 'Matches per second by priority name, from whichever Falco metric is scraped.',
    targets: [promTarget('A', falcoRate('priority'), '{{priority}}')],
    shows: { scenario: 'falco-critical', text: 'Critical' },
  });
  layout.add({
    panel: timeseriesPanel().dataLinks([seriesLink('f_hostname', 'node')]),
    title: 'Events by node',
    description: 'Falco events per interval by the node Falco runs on.',
    targets: [builderTarget('A', { source: 'falco', operation: count('hostname'), filters: scope })],
    shows: { scenario: 'exec-shell', entity: 'node' },
  });
  layout.add({
    panel: tablePanel(),
    title: 'Top rules',
    description: 'Rules with the most events in the range.',
    targets: [builderTarget('A', { source: 'falco', operation: topN('rule', 20), filters: scope })],
  });
  layout.add({
    panel: logsPanel(),
    title: 'Events',
    description: 'Falco events, newest first.',
    targets: [builderTarget('A', { source: 'falco', operation: events, filters: scope })],
    width: 24,
    height: 10,
    shows: { scenario: 'exec-shell', entity: 'pod' },
  });
  return dashboard({
    uid: 'vigil-falco',
    title: 'Vigil / Falco runtime',
    description: 'Falco alerts from the log backend and rule match rates from Prometheus.',
    variables: [NAMESPACE, POD, NODE],
    layout,
  });
}
