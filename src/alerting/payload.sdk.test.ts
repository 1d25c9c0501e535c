/** @jest-environment node */
// Every catalog rule's alert rule equals the rule Grafana's foundation SDK builds from the same
// parts (query model, window, threshold, labels, annotations), on both backends, wherever Vigil
// writes it: the payload, the body the writer sends to the provisioning API, the Grafana
// provisioning export and the demo's provisioning file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryBuilder, RuleBuilder } from '@grafana/grafana-foundation-sdk/alerting';
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { TypeReduceBuilder, TypeThresholdBuilder } from '@grafana/grafana-foundation-sdk/expr';
import { parse } from 'yaml';
import { dataquery, fetchHttp, FINGERPRINT_ANNOTATION, ruleFingerprint, wire, type ProvisionedAlertRule } from '../api/grafana';
import { durationMs, planRule, type Backend, type Rule } from '../detections';
import { CATALOG_RULES, catalogRule } from '../detections/catalog';
import { startGrafanaContractServer } from '../../tests/contract/grafanaContractServer';
import {
  alertAnnotations,
  alertLabels,
  alertQueryModel,
  alertRulePayload,
  AlertWriter,
  grafanaProvisioningExport,
  thresholdOf,
  type AlertTarget,
} from '.';

const BACKENDS: Backend[] = ['loki', 'victorialogs'];
const targetOf = (backend: Backend): AlertTarget => ({ dsUid: 'vigil-ds', backend, folderUID: 'vigil-detections', ruleGroup: 'vigil' });

/** The rule as the SDK builds it: A queries Vigil, B reduces to the last value, C fires above the threshold. */
function sdkRule(rule: Rule, target: AlertTarget): ProvisionedAlertRule {
  const plan = planRule(rule);
  const seconds = Math.max(60, Math.ceil(durationMs(plan.window?.window ?? plan.alertWindow) / 1000));
  const expr = { type: '__expr__', uid: '__expr__' };
  const node = (refId: string, model: Builder<Dataquery>) =>
    new QueryBuilder(refId).queryType('').relativeTimeRange({ from: 0, to: 0 }).datasourceUid('__expr__').model(model);
  const built = new RuleBuilder(rule.title)
    .uid(`vigil-${rule.id}`)
    .folderUID(target.folderUID)
    .ruleGroup(target.ruleGroup)
    .condition('C')
    .queries([
      new QueryBuilder('A')
        .queryType('metric')
        .relativeTimeRange({ from: seconds, to: 0 })
        .datasourceUid(target.dsUid)
        .model(dataquery(alertQueryModel(rule, target))),
      node('B', new TypeReduceBuilder().refId('B').datasource(expr).expression('A').reducer('last').settings({ mode: 'dropNN' })),
      node('C', new TypeThresholdBuilder().refId('C').datasource(expr).expression('B').conditions([{ evaluator: { type: 'gt', params: [thresholdOf(plan)] } }])),
    ])
    .noDataState('OK')
    .execErrState('Error')
    .forDuration('0s')
    .labels(alertLabels(rule))
    .annotations(alertAnnotations(rule, plan, target))
    .isPaused(false)
    .build();
  return wire(built);
}

/** A rule as provisioning files hold it: the group carries folder, group name and org. */
function asFileRule(r: ProvisionedAlertRule) {
  const { folderUID: _f, ruleGroup: _g, orgID: _o, ...rest } = r;
  return rest;
}

function withoutFingerprint(r: ProvisionedAlertRule): ProvisionedAlertRule {
  const { [FINGERPRINT_ANNOTATION]: _fp, ...annotations } = r.annotations ?? {};
  return { ...r, annotations };
}

describe.each(BACKENDS)('on %s', (backend) => {
  const target = targetOf(backend);

  it.each(CATALOG_RULES.map((r) => [r.id, r] as const))('%s: the payload is the SDK rule', (_id, rule) => {
    expect(alertRulePayload(rule, undefined, target)).toEqual(sdkRule(rule, target));
  });

  it('the provisioning export holds the SDK rules in one group', () => {
    const res = grafanaProvisioningExport(
      CATALOG_RULES.map((rule) => ({ rule })),
      { ...target, folderTitle: 'Vigil detections' }
    );
    expect(res.skipped).toEqual([]);
    const doc = parse(res.yaml);
    expect(doc.groups.map((g: { name: string; folder: string }) => [g.name, g.folder])).toEqual([['vigil', 'Vigil detections']]);
    expect(doc.groups[0].rules).toEqual(CATALOG_RULES.map((r) => asFileRule(sdkRule(r, target))));
  });
});

test('the writer sends the SDK rule of every catalog detection, fingerprinted, on both backends', async () => {
  const server = await startGrafanaContractServer();
  try {
    const writer = new AlertWriter(fetchHttp(server.url, 'Bearer Editor'));
    for (const backend of BACKENDS) {
      const target = targetOf(backend);
      const before = server.requests.length;
      const results = await writer.enable(
        CATALOG_RULES.map((rule) => ({ rule })),
        { ...target, folderTitle: 'Vigil detections' }
      );
      expect(results.filter((r) => r.outcome === 'error')).toEqual([]);
      const sent = server.requests.slice(before).filter((r) => r.method !== 'GET' && r.path.includes('/alert-rules'));
      expect(sent).toHaveLength(CATALOG_RULES.length);
      for (const [i, req] of sent.entries()) {
        const body = req.body as ProvisionedAlertRule;
        expect(body.annotations?.[FINGERPRINT_ANNOTATION]).toBe(ruleFingerprint(body));
        expect(withoutFingerprint(body)).toEqual(sdkRule(CATALOG_RULES[i], target));
      }
    }
  } finally {
    await server.stop();
  }
});

test('the demo provisioning file holds the SDK rules on the demo data source', () => {
  const doc = parse(readFileSync(join(__dirname, '../../provisioning/alerting/vigil-detections.yaml'), 'utf8'));
  const rules = doc.groups.flatMap((g: { rules: ProvisionedAlertRule[] }) => g.rules) as ProvisionedAlertRule[];
  expect(rules.length).toBeGreaterThanOrEqual(5);
  const demo: AlertTarget = { dsUid: 'vigil', backend: 'loki', folderUID: 'vigil', ruleGroup: 'vigil-sample' };
  for (const r of rules) {
    expect(r).toEqual(asFileRule(sdkRule(catalogRule(r.labels!.vigil_rule)!, demo)));
  }
});
