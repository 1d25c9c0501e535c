/** @jest-environment node */
// Stale alert rules: rules written before the data source's stream selectors (or layouts)
// changed are found by comparing their stored queries with what would be written now, and
// rewritten through the provisioning API (the Grafana contract server) in one idempotent pass.
import { fetchHttp, type AlertQuery } from '../api/grafana';
import { catalogRule } from '../detections/catalog';
import { DEFAULT_SELECTORS } from '../detections';
import { startGrafanaContractServer, type ContractServer } from '../../tests/contract/grafanaContractServer';
import {
  AlertWriter,
  alertRulePayload,
  alertRuleUid,
  queriesDiffer,
  staleRules,
  updateStaleRules,
  type EnableTarget,
} from '.';

const IDS = ['k8s-exec-into-pod', 'dns-nxdomain-burst', 'net-port-scan', 'falco-shell-in-container'];
const items = IDS.map((id) => ({ rule: catalogRule(id)! }));
const SELECTORS = {
  audit: '{job="k8s-audit", cluster="prod"}',
  coredns: '{app="kube-dns"}',
  netfilter: '{job="node-kernel"}',
  falco: '{rule=~".+", priority=~".+"}',
};
const before: EnableTarget = {
  dsUid: 'vigil',
  backend: 'victorialogs',
  layouts: { audit: 'verbatim', coredns: 'verbatim', netfilter: 'verbatim', falco: 'verbatim' },
  folderUID: 'vigil-detections',
  folderTitle: 'Vigil detections',
  ruleGroup: 'vigil',
};
const exprOf = (q: AlertQuery[] | undefined) => (q?.[0].model as { expr: string }).expr;

describe('queriesDiffer', () => {
  const desired = alertRulePayload(items[0].rule, undefined, before).data;

  it('the same queries, or with keys Grafana adds to a stored model, do not differ', () => {
    expect(queriesDiffer(desired, desired)).toBe(false);
    const withDefaults = desired.map((q) => ({ ...q, model: { ...q.model, intervalMs: 1000, maxDataPoints: 43200 } }));
    expect(queriesDiffer(withDefaults, desired)).toBe(false);
  });

  it('another expression, data source, window or threshold differs; so do missing queries', () => {
    const other = alertRulePayload(items[0].rule, undefined, { ...before, selectors: SELECTORS }).data;
    expect(queriesDiffer(other, desired)).toBe(true);
    expect(
      queriesDiffer(
        desired.map((q, i) => (i === 0 ? { ...q, datasourceUid: 'other' } : q)),
        desired
      )
    ).toBe(true);
    expect(
      queriesDiffer(
        desired.map((q, i) => (i === 0 ? { ...q, relativeTimeRange: { from: 60, to: 0 } } : q)),
        desired
      )
    ).toBe(true);
    expect(queriesDiffer(alertRulePayload(items[0].rule, { params: { window: '10m' } }, before).data, desired)).toBe(
      true
    );
    expect(queriesDiffer(desired.slice(0, 2), desired)).toBe(true);
    expect(queriesDiffer(undefined, desired)).toBe(true);
  });
});

describe('updating stale rules through the provisioning API', () => {
  let server: ContractServer;
  let writer: AlertWriter;
  const writes = () => server.requests.filter((r) => r.method !== 'GET');
  const after: EnableTarget = { ...before, selectors: SELECTORS };

  beforeAll(async () => {
    server = await startGrafanaContractServer();
    writer = new AlertWriter(fetchHttp(server.url, 'Bearer Editor'));
    const written = await writer.enable(items, before);
    expect(written.map((r) => r.outcome)).toEqual(IDS.map(() => 'created'));
  });
  afterAll(() => server.stop());

  it('nothing is stale while the settings are the ones the rules were written with', async () => {
    expect(staleRules(items, await writer.status(), before)).toEqual({ stale: [], modified: [], errors: [] });
  });

  it('after the selectors change every enabled rule is stale, paused ones too; a rule edited in Grafana is listed apart', async () => {
    const uid = alertRuleUid('net-port-scan');
    server.state.rules.set(uid, { ...server.state.rules.get(uid)!, for: '10m' });
    // Disabled on the page: paused, and its query still goes stale.
    expect((await writer.pause(['dns-nxdomain-burst']))[0].outcome).toBe('paused');
    const report = staleRules(
      [...items, { rule: catalogRule('k8s-privileged-container')! }],
      await writer.status(),
      after
    );
    expect(report.stale.map((r) => r.ruleId)).toEqual([
      'k8s-exec-into-pod',
      'dns-nxdomain-burst',
      'falco-shell-in-container',
    ]);
    expect(report.stale.map((r) => r.paused)).toEqual([false, true, false]);
    expect(report.modified.map((r) => r.ruleId)).toEqual(['net-port-scan']);
    expect(report.errors).toEqual([]);
  });

  it('one update rewrites them with the configured selectors, the paused one staying paused; a second one writes nothing', async () => {
    const report = staleRules(items, await writer.status(), after);
    const results = await updateStaleRules(
      writer,
      items,
      report.stale.map((s) => s.ruleId),
      after
    );
    expect(results.map((r) => r.outcome)).toEqual(['updated', 'updated', 'updated']);
    expect(server.state.rules.get(alertRuleUid('dns-nxdomain-burst'))!.isPaused).toBe(true);
    expect(server.state.rules.get(alertRuleUid('k8s-exec-into-pod'))!.isPaused).toBe(false);
    expect((await writer.status()).get('dns-nxdomain-burst')).toMatchObject({ state: 'enabled', isPaused: true });
    for (const id of ['k8s-exec-into-pod', 'dns-nxdomain-burst', 'falco-shell-in-container']) {
      const stored = server.state.rules.get(alertRuleUid(id))!;
      const source = catalogRule(id)!.logsource.service;
      expect(exprOf(stored.data).startsWith(SELECTORS[source])).toBe(true);
      expect(exprOf(stored.data)).not.toContain(DEFAULT_SELECTORS[source]);
    }
    // The edited rule keeps its edit and its old query.
    expect(exprOf(server.state.rules.get(alertRuleUid('net-port-scan'))!.data)).toContain(DEFAULT_SELECTORS.netfilter);
    const now = staleRules(items, await writer.status(), after);
    expect(now.stale).toEqual([]);
    const count = writes().length;
    const again = await updateStaleRules(
      writer,
      items,
      ['k8s-exec-into-pod', 'dns-nxdomain-burst', 'falco-shell-in-container'],
      after
    );
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(writes().length).toBe(count);
    expect(server.state.rules.get(alertRuleUid('dns-nxdomain-burst'))!.isPaused).toBe(true);
  });

  it('a layout change makes the JSON sources stale (the text sources read the same in both layouts)', async () => {
    const native: EnableTarget = {
      ...after,
      layouts: { audit: 'native', coredns: 'native', netfilter: 'native', falco: 'native' },
    };
    const report = staleRules(items, await writer.status(), native);
    expect(report.stale.map((r) => r.ruleId)).toEqual(['k8s-exec-into-pod', 'falco-shell-in-container']);
  });

  it('a selector that cannot compile is reported per rule, not written', async () => {
    const bad: EnableTarget = { ...after, selectors: { ...SELECTORS, audit: 'job=auditlog' } };
    const report = staleRules(items, await writer.status(), bad);
    expect(report.errors).toEqual([
      { ruleId: 'k8s-exec-into-pod', error: expect.stringMatching(/must look like \{label="value"/) },
    ]);
    expect(report.stale).toEqual([]);
  });
});
