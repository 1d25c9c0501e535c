/** @jest-environment-options {"customExportConditions": ["node", "require", "default"]} */
// Every query a page or the alert writer compiles reads the stream selectors the data source
// sets: with a sentinel selector configured per source, every query of every path (alert
// rules, exports, hit counts, readiness, previews, compiled forms, Overview, Investigate, the
// audit policy sample) carries its source's sentinel and none the built-in default.
import { CATALOG_RULES, catalogRule } from '../detections/catalog';
import { compileRule, DEFAULT_SELECTORS, loadRule, loadRules, planRule } from '../detections';
import { SOURCE_IDS, type SourceId } from '../sources/types';
import type { SourceLayouts } from '../datasource/layouts';
import { healthTargets, catalogRequest } from '../pages/Overview/overview.utils';
import { overTimeTargets } from '../pages/Overview/overTime';
import { auditSampleExpr } from '../pages/AuditPolicy/auditSample';
import {
  ENTITY_KINDS,
  loadCounts,
  loadOlder,
  loadTimeline,
  resolvedPlans,
  type Entity,
  type InvestigateRequest,
  type QueryResults,
} from '../investigate';
import {
  alertRulePayload,
  catalogTargets,
  grafanaProvisioningExport,
  lokiRulerExport,
  previewTargets,
  readinessTargets,
  ruleParams,
  selectorFor,
  type AlertTarget,
  type DsQuery,
  type QueryTarget,
} from '.';

/** A selector no default resembles, one per source. */
const SENTINEL: Record<SourceId, string> = {
  audit: '{vigil_sentinel="audit-s"}',
  coredns: '{vigil_sentinel="coredns-s"}',
  netfilter: '{vigil_sentinel="netfilter-s"}',
  falco: '{vigil_sentinel="falco-s"}',
};
const NATIVE: SourceLayouts = { audit: 'native', coredns: 'native', netfilter: 'native', falco: 'native' };
const TARGETS: Array<[string, QueryTarget]> = [
  ['Loki', { dsUid: 'vigil', backend: 'loki', layouts: {}, selectors: SENTINEL }],
  ['VictoriaLogs (fields)', { dsUid: 'vigil', backend: 'victorialogs', layouts: NATIVE, selectors: SENTINEL }],
  [
    'VictoriaLogs (lines)',
    {
      dsUid: 'vigil',
      backend: 'victorialogs',
      layouts: { audit: 'verbatim', coredns: 'verbatim', netfilter: 'verbatim', falco: 'verbatim' },
      selectors: SENTINEL,
    },
  ],
];
const alertTarget = (t: QueryTarget): AlertTarget & { folderTitle: string } => ({
  ...t,
  folderUID: 'vigil-detections',
  folderTitle: 'Vigil',
  ruleGroup: 'vigil',
});

/** The sources whose sentinel a text carries, and whether it names a default selector. */
function streamsOf(text: string): { sentinels: SourceId[]; defaults: boolean } {
  return {
    sentinels: SOURCE_IDS.filter((s) => text.includes(SENTINEL[s])),
    defaults: SOURCE_IDS.some((s) => text.includes(DEFAULT_SELECTORS[s])),
  };
}

/** Each query reads exactly its source's sentinel and no default. */
function expectSentinels(queries: Array<Pick<DsQuery, 'refId' | 'expr' | 'source'>>) {
  expect(queries.length).toBeGreaterThan(0);
  for (const q of queries) {
    expect({ ref: q.refId, ...streamsOf(q.expr) }).toEqual({ ref: q.refId, sentinels: [q.source], defaults: false });
  }
}

describe('ruleParams', () => {
  const rule = catalogRule('k8s-exec-into-pod')!;
  const own = loadRule(
    `title: own\nid: own-streams\ndescription: d\nlogsource: {service: audit}\nlevel: low\nparameters:\n  selector: {type: selector, description: streams, default: '{job="mine"}'}\ndetection: {sel: {verb: delete}, condition: sel}\n`
  );

  it("adds the data source's selector for the rule's source, and nothing when none is set", () => {
    expect(ruleParams(rule, { namespaces: ['a'] }, { selectors: SENTINEL })).toEqual({
      namespaces: ['a'],
      selector: SENTINEL.audit,
    });
    expect(ruleParams(rule, {}, { selectors: { falco: SENTINEL.falco } })).toEqual({});
    expect(ruleParams(rule, {}, undefined)).toEqual({});
    expect(planRule(rule, ruleParams(rule, {}, {})).selector).toBe(DEFAULT_SELECTORS.audit);
  });

  it("leaves a selector the rule's settings or the rule itself choose", () => {
    expect(ruleParams(rule, { selector: '{job="x"}' }, { selectors: SENTINEL })).toEqual({ selector: '{job="x"}' });
    if (!own.ok) {
      throw new Error(JSON.stringify(own.errors));
    }
    expect(planRule(own.rule, ruleParams(own.rule, {}, { selectors: SENTINEL })).selector).toBe('{job="mine"}');
  });

  it('an empty or blank configured selector is the default', () => {
    expect(selectorFor({ selectors: { audit: '  ' } }, 'audit')).toBe(DEFAULT_SELECTORS.audit);
    expect(ruleParams(rule, {}, { selectors: { audit: ' ' } })).toEqual({});
  });
});

describe.each(TARGETS)('with selectors configured, on %s', (_name, target) => {
  const items = CATALOG_RULES.map((rule) => ({ rule }));

  it('every catalog rule written as an alert rule queries its source through the configured selector', () => {
    for (const rule of CATALOG_RULES) {
      const payload = alertRulePayload(rule, undefined, alertTarget(target));
      const model = payload.data[0].model as { expr: string; source: SourceId };
      expectSentinels([{ refId: rule.id, expr: model.expr, source: model.source }]);
    }
  });

  it('the provisioning export and the Loki ruler export read the configured selectors', () => {
    const grafana = grafanaProvisioningExport(items, alertTarget(target));
    expect(grafana.skipped).toEqual([]);
    const ruler = lokiRulerExport(items, target);
    expect(ruler.skipped).toEqual([]);
    for (const rule of CATALOG_RULES) {
      const source = rule.logsource.service;
      const inRuler = compileRule(rule, 'metric', 'loki', { selector: SENTINEL[source] });
      expect({ id: rule.id, ruler: ruler.yaml.includes(inRuler.split('\n')[0]) }).toEqual({ id: rule.id, ruler: true });
    }
    expect(streamsOf(grafana.yaml).defaults).toBe(false);
    expect(streamsOf(ruler.yaml)).toEqual({ sentinels: SOURCE_IDS, defaults: false });
  });

  it('hit counts, readiness probes and previews (counts over time and sample events)', () => {
    const { targets, errors } = catalogTargets(items, target, 86_400_000);
    expect(errors.size).toBe(0);
    expectSentinels(targets);
    expectSentinels(readinessTargets(target, 3_600_000));
    for (const rule of CATALOG_RULES) {
      expectSentinels(previewTargets(rule, undefined, target, 60_000));
    }
  });

  it("the rule drawer's compiled forms (log, metric, ruler)", () => {
    for (const rule of CATALOG_RULES) {
      const source = rule.logsource.service;
      const params = ruleParams(rule, {}, target);
      for (const form of ['log', 'metric', 'ruler'] as const) {
        const text = compileRule(rule, form, form === 'ruler' ? 'loki' : target.backend, params, 'native');
        expect({ id: rule.id, form, ...streamsOf(text) }).toEqual({
          id: rule.id,
          form,
          sentinels: [source],
          defaults: false,
        });
      }
    }
  });

  it('the Overview: counts, readiness, streams and samples per source, and hits over time', () => {
    const { targets, errors } = catalogRequest(target, 3_600_000);
    expect(errors.size).toBe(0);
    expectSentinels(targets);
    expectSentinels(healthTargets(target, 3_600_000));
    const over = overTimeTargets(
      CATALOG_RULES.map((rule) => ({ rule, hits: 1 })),
      target,
      3_600_000
    );
    expect(over.targets.length).toBeGreaterThan(0);
    expectSentinels(over.targets);
  });

  it('Investigate: every entity kind, direct, resolution, resolved, counts and older pages', async () => {
    const sent: DsQuery[] = [];
    const auditLine = JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Request',
      auditID: 'a1',
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/shop/pods/web-1/status',
      verb: 'patch',
      user: { username: 'system:node:node-1' },
      sourceIPs: ['10.0.0.9'],
      objectRef: { resource: 'pods', namespace: 'shop', name: 'web-1', apiVersion: 'v1', subresource: 'status' },
      requestObject: { status: { podIP: '10.0.2.7' } },
      responseStatus: { code: 200 },
      requestReceivedTimestamp: '2026-03-01T12:00:00.000000Z',
      stageTimestamp: '2026-03-01T12:00:00.010000Z',
    });
    // Resolution queries find a pod and its IP; every page is full, so older pages are asked for.
    const run = async (targets: DsQuery[]): Promise<QueryResults> => {
      sent.push(...targets);
      return Object.fromEntries(
        targets.map((t) => [
          t.refId,
          {
            frames: [
              {
                schema: {
                  fields: [
                    { name: 'time', type: 'time' },
                    { name: 'body', type: 'string' },
                  ],
                },
                data: { values: [[1_000], [t.source === 'audit' ? auditLine : 'x']] },
              },
            ],
          },
        ])
      );
    };
    const values: Record<(typeof ENTITY_KINDS)[number], string> = {
      user: 'alice',
      pod: 'shop/web-1',
      namespace: 'shop',
      node: 'node-1',
      ip: '10.0.2.7',
      domain: 'example.com',
      image: 'nginx:1.27',
      rule: 'k8s-exec-into-pod',
    };
    const reached = new Set<string>();
    for (const kind of ENTITY_KINDS) {
      const entity: Entity = { kind, value: values[kind] };
      // As the page builds it: the entity, the range and the data source's target.
      const req: InvestigateRequest = { entity, fromMs: 0, toMs: 3_600_000, ...target, limit: 1 };
      const timeline = await loadTimeline(req, run);
      await loadCounts(req, timeline.plans, run);
      await loadOlder(req, timeline, run);
      timeline.plans.forEach((p) => reached.add(`${kind}:${p.source}${p.via ? ' via' : ''}`));
    }
    expectSentinels(sent);
    // Phase two ran: sources reached through resolution were queried too.
    expect([...reached].filter((r) => r.endsWith(' via')).length).toBeGreaterThan(0);
    const resolved = resolvedPlans(
      { kind: 'pod', value: 'shop/web-1' },
      { ips: ['10.0.2.7'], pods: ['shop/web-1'] },
      target.selectors
    );
    expect(resolved.map((p) => p.plan.selector)).toEqual(resolved.map((p) => SENTINEL[p.source]));
  });
});

test("the audit policy sample reads the data source's audit selector, else the default", () => {
  expect(auditSampleExpr({ streamSelectors: SENTINEL })).toBe(SENTINEL.audit);
  expect(auditSampleExpr({ streamSelectors: { audit: ' ' } })).toBe(DEFAULT_SELECTORS.audit);
  expect(auditSampleExpr(undefined)).toBe(DEFAULT_SELECTORS.audit);
});

test('a correlation rule over catalog rules reads the configured selector, in its alert rule too', () => {
  const [loaded] = loadRules(
    'title: C\nid: many-execs\ncorrelation: {type: event_count, rules: [k8s-exec-into-pod], group-by: [user.username], timespan: 5m, condition: {gte: 2}}\nlevel: low\n',
    CATALOG_RULES
  );
  if (!loaded.ok) {
    throw new Error(JSON.stringify(loaded.errors));
  }
  expect(planRule(loaded.rule).selector).toBe(DEFAULT_SELECTORS.audit);
  const target = alertTarget(TARGETS[0][1]);
  const expr = (alertRulePayload(loaded.rule, undefined, target).data[0].model as { expr: string }).expr;
  expect(streamsOf(expr)).toEqual({ sentinels: ['audit'], defaults: false });
});
