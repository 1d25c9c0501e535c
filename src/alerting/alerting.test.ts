/** @jest-environment node */
import { parse } from 'yaml';
import { contractProblems } from '../api/grafana';
import { CATALOG_RULES, catalogRule } from '../detections/catalog';
import { compileRule, loadRule, planRule } from '../detections';
import {
  alertRulePayload,
  alertRuleUid,
  builderToYaml,
  catalogTargets,
  EMPTY_BUILDER,
  grafanaProvisioningExport,
  lokiRulerExport,
  mitreTags,
  readDetectionsSettings,
  withDetectionsSettings,
  totalOf,
  seriesOf,
  thresholdOf,
} from '.';

const target = { dsUid: 'vigil', backend: 'loki' as const, folderUID: 'vigil-detections', ruleGroup: 'vigil' };

describe('alertRuleUid', () => {
  it('is deterministic, valid for Grafana and distinct per rule', () => {
    const uids = CATALOG_RULES.map((r) => alertRuleUid(r.id));
    expect(uids).toEqual(CATALOG_RULES.map((r) => alertRuleUid(r.id)));
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) {
      expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    }
    expect(alertRuleUid('k8s-exec-into-pod')).toBe('vigil-k8s-exec-into-pod');
  });

  it('shortens long ids with a hash and never merges ids that clean to the same text', () => {
    const long = 'x'.repeat(100);
    expect(alertRuleUid(long)).toHaveLength(40);
    expect(alertRuleUid(long)).not.toBe(alertRuleUid('x'.repeat(99)));
    expect(alertRuleUid('a.b')).not.toBe(alertRuleUid('a_b'));
  });
});

describe('alertRulePayload', () => {
  it.each(CATALOG_RULES.map((r) => [r.id]))(
    '%s: validates against the provisioning contract on both backends',
    (id) => {
      const rule = catalogRule(id)!;
      for (const backend of ['loki', 'victorialogs'] as const) {
        const p = alertRulePayload(rule, undefined, { ...target, backend });
        expect(contractProblems('alertRule', p)).toEqual([]);
        expect(p.uid).toBe(alertRuleUid(id));
        expect(p.labels).toMatchObject({ vigil_rule: id, severity: rule.level, source: rule.logsource.service });
        expect(p.data.map((d) => d.refId)).toEqual(['A', 'B', 'C']);
        expect(p.data[0].model).toMatchObject({
          instant: true,
          language: backend === 'loki' ? 'logql' : 'logsql',
          expr: compileRule(rule, 'metric', backend),
        });
      }
    }
  );

  it('puts the window threshold in the threshold node and the firing keys in the Investigate link', () => {
    const rule = catalogRule('dns-nxdomain-burst')!;
    const p = alertRulePayload(rule, { params: { threshold: 7 } }, target);
    expect((p.data[2].model as any).conditions[0].evaluator).toEqual({ type: 'gt', params: [6] });
    expect(p.data[0].relativeTimeRange).toEqual({ from: 300, to: 0 });
    expect(p.annotations!.vigil_investigate).toBe(
      '/a/vigil-k8ssecurity-app/investigate?rule=dns-nxdomain-burst&source=coredns&client.ip={{ index $labels "f_client_ip" }}&from=now-1h&to=now'
    );
    expect(p.labels).toMatchObject({ mitre_technique: 'T1568.002', mitre_tactic: 'command_and_control,discovery' });
  });

  it('compiles user exceptions into the alert query', () => {
    const rule = catalogRule('k8s-exec-into-pod')!;
    const plain = alertRulePayload(rule, undefined, target).data[0].model.expr as string;
    const excepted = alertRulePayload(
      rule,
      { exceptions: [{ 'user.username': 'system:serviceaccount:ci:deployer' }] },
      target
    ).data[0].model.expr as string;
    expect(plain).not.toContain('deployer');
    expect(excepted).toContain('system:serviceaccount:ci:deployer');
    expect(thresholdOf(planRule(rule))).toBe(0);
  });
});

describe('exports', () => {
  const items = ['k8s-exec-into-pod', 'net-port-scan'].map((id) => ({ rule: catalogRule(id)! }));

  it('Loki ruler YAML holds one group per rule with the metric query', () => {
    const doc = parse(lokiRulerExport(items).yaml);
    expect(doc.groups.map((g: any) => g.rules[0].alert)).toEqual(['k8s-exec-into-pod', 'net-port-scan']);
    expect(doc.groups[1].rules[0].expr).toBe(compileRule(catalogRule('net-port-scan')!, 'metric'));
  });

  it('Grafana provisioning YAML holds the API payloads in one folder group', () => {
    const res = grafanaProvisioningExport(items, { ...target, folderTitle: 'Vigil detections' });
    const doc = parse(res.yaml);
    expect(res.skipped).toEqual([]);
    expect(doc).toMatchObject({
      apiVersion: 1,
      groups: [{ orgId: 1, name: 'vigil', folder: 'Vigil detections', interval: '1m' }],
    });
    expect(doc.groups[0].rules.map((r: any) => r.uid)).toEqual(['vigil-k8s-exec-into-pod', 'vigil-net-port-scan']);
    for (const r of doc.groups[0].rules) {
      expect(contractProblems('alertRule', { ...r, orgID: 1, folderUID: 'f', ruleGroup: 'g' })).toEqual([]);
    }
  });
});

describe('settings in jsonData', () => {
  it('round-trips and keeps other keys', () => {
    const { settings } = readDetectionsSettings({});
    const next = {
      ...settings,
      rules: { x: { params: { threshold: 3 } } },
      customRules: [{ id: 'c', yaml: 'title: c' }],
    };
    const json = withDetectionsSettings({ logBackend: 'loki' }, next);
    expect(json.logBackend).toBe('loki');
    expect(readDetectionsSettings(json)).toEqual({ settings: next, dropped: [] });
  });

  it('drops damaged entries and says which', () => {
    const res = readDetectionsSettings({
      detections: { rules: { a: 'nope', b: { exceptions: [{ u: 'x' }] } }, customRules: [{ id: 1 }] },
    });
    expect(res.settings.rules).toEqual({ b: { exceptions: [{ u: 'x' }] } });
    expect(res.dropped).toEqual(['settings of rule a', 'custom rule #1']);
    expect(res.settings.folderUID).toBe('vigil-detections');
  });
});

describe('builder', () => {
  it('the default state loads and compiles', () => {
    const loaded = loadRule(builderToYaml(EMPTY_BUILDER));
    expect(loaded.ok).toBe(true);
    expect(compileRule((loaded as any).rule, 'log')).toContain('f_verb=~`(?i)delete`');
  });

  it('not-equals, a second condition on one field and a distinct count compile to a window rule', () => {
    const yaml = builderToYaml({
      ...EMPTY_BUILDER,
      source: 'coredns',
      conditions: [
        { field: 'query.name', op: 'endswith', values: ['.example.'] },
        { field: 'query.name', op: 'endswith', values: ['.com.', '.org.'] },
        { field: 'rcode', op: 'not-equals', values: ['NOERROR'] },
      ],
      counting: { type: 'value_count', groupBy: ['client.ip'], field: 'query.name', window: '5m', threshold: 10 },
      mitre: ['T1071.004', 'command_and_control'],
    });
    const loaded = loadRule(yaml);
    if (!loaded.ok) {
      throw new Error(JSON.stringify(loaded.errors));
    }
    expect(loaded.rule.tags).toEqual(['attack.t1071.004', 'attack.command_and_control']);
    expect(mitreTags(loaded.rule.tags)).toEqual({ techniques: ['T1071.004'], tactics: ['command_and_control'] });
    const metric = compileRule(loaded.rule, 'metric');
    expect(metric).toMatch(/^count by \(f_client_ip\)/);
    expect(metric).toContain('>= 10');
    expect(metric).toContain('f_rcode!~`(?i)NOERROR`');
  });
});

describe('catalog queries', () => {
  it('one request holds every rule and the readiness probes', () => {
    const { targets, errors } = catalogTargets(
      CATALOG_RULES.map((rule) => ({ rule })),
      { dsUid: 'vigil', backend: 'victorialogs' },
      86_400_000
    );
    expect(errors.size).toBe(0);
    expect(targets).toHaveLength(CATALOG_RULES.length + 5);
    expect(targets.every((t) => t.instant && t.language === 'logsql' && t.expr.includes('_time:24h'))).toBe(true);
  });

  it('reads counts and series out of frames', () => {
    const frame = (labels: string, t: number[], v: number[]) => ({
      schema: {
        fields: [
          { name: 'time', type: 'time' },
          { name: labels, type: 'number' },
        ],
      },
      data: { values: [t, v] },
    });
    expect(totalOf([frame('a', [1], [3]), frame('b', [1], [4])])).toBe(7);
    expect(seriesOf([frame('a', [1, 2], [3, 1]), frame('b', [2], [4])])).toEqual([
      { t: 1, v: 3 },
      { t: 2, v: 5 },
    ]);
  });
});
