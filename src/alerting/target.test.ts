/** @jest-environment node */
// The query target: the data source's backend and each source's VictoriaLogs layout, loaded
// once per page, and every query the pages and the alert writer compile following it.
import type { GrafanaHttp, HttpResponse } from '../api/grafana';
import { compileRule, DEFAULT_SELECTORS, loadRule, logsqlLogQuery, planRule } from '../detections';
import { CATALOG_RULES, catalogRule } from '../detections/catalog';
import { isJsonSource } from '../detections/fields';
import type { SourceLayouts } from '../datasource/layouts';
import {
  alertRulePayload,
  builderToYaml,
  catalogTargets,
  EMPTY_BUILDER,
  keyLabels,
  loadQueryTarget,
  previewTargets,
  readinessTargets,
  REQUEST_OBJECT_REF,
  selectorFor,
  type AlertTarget,
  type QueryTarget,
} from '.';

const ALL_NATIVE: SourceLayouts = { audit: 'native', coredns: 'native', netfilter: 'native', falco: 'native' };
const ALL_VERBATIM: SourceLayouts = {
  audit: 'verbatim',
  coredns: 'verbatim',
  netfilter: 'verbatim',
  falco: 'verbatim',
};
const vl = (layouts?: SourceLayouts): QueryTarget => ({ dsUid: 'vigil', backend: 'victorialogs', layouts });
const alertTarget = (layouts?: SourceLayouts): AlertTarget => ({
  ...vl(layouts),
  folderUID: 'vigil-detections',
  ruleGroup: 'vigil',
});

/** A transport answering the health resource with `health` (or an HTTP error), recording the calls. */
function healthHttp(health: unknown, status = 200): GrafanaHttp & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async request<T>(method: string, url: string): Promise<HttpResponse<T>> {
      calls.push(`${method} ${url}`);
      return { status, data: health as T };
    },
  };
}

describe('loadQueryTarget', () => {
  it('on Loki: no layouts, and no health request', async () => {
    const http = healthHttp({});
    expect(await loadQueryTarget(http, { uid: 'v', jsonData: { logBackend: 'loki' } })).toEqual({
      dsUid: 'v',
      backend: 'loki',
      layouts: {},
      selectors: {},
    });
    expect(await loadQueryTarget(http, { uid: 'v' })).toEqual({ dsUid: 'v', backend: 'loki', layouts: {}, selectors: {} });
    expect(http.calls).toEqual([]);
  });

  it('on VictoriaLogs: the settings, else the health check of that data source, else native', async () => {
    const http = healthHttp({
      upstreams: [],
      sources: { falco: { found: true, layout: 'verbatim' }, coredns: { found: true, layout: 'verbatim' } },
    });
    const target = await loadQueryTarget(http, {
      uid: 'v s',
      jsonData: { logBackend: 'victorialogs', victoriaLogsLayout: { audit: 'verbatim', coredns: 'native' } },
    });
    expect(target).toEqual({
      dsUid: 'v s',
      backend: 'victorialogs',
      layouts: { audit: 'verbatim', coredns: 'native', netfilter: 'native', falco: 'verbatim' },
      selectors: {},
    });
    expect(http.calls).toEqual(['GET /api/datasources/uid/v%20s/resources/health']);
  });

  it("carries the data source's stream selectors, trimmed; an empty one means the default", async () => {
    const target = await loadQueryTarget(healthHttp({}), {
      uid: 'v',
      jsonData: { streamSelectors: { audit: ' {job="k8s-audit"} ', falco: '  ', coredns: '' } },
    });
    expect(target.selectors).toEqual({ audit: '{job="k8s-audit"}' });
    expect(selectorFor(target, 'audit')).toBe('{job="k8s-audit"}');
    expect(selectorFor(target, 'falco')).toBe(DEFAULT_SELECTORS.falco);
  });

  it('asks nothing when every source is set, and reads a failed health check as native', async () => {
    const set = healthHttp({});
    expect(
      (
        await loadQueryTarget(set, {
          uid: 'v',
          jsonData: { logBackend: 'victorialogs', victoriaLogsLayout: ALL_VERBATIM },
        })
      ).layouts
    ).toEqual(ALL_VERBATIM);
    expect(set.calls).toEqual([]);
    const failing = healthHttp({ message: 'plugin unavailable' }, 500);
    expect((await loadQueryTarget(failing, { uid: 'v', jsonData: { logBackend: 'victorialogs' } })).layouts).toEqual(
      ALL_NATIVE
    );
    expect(failing.calls).toHaveLength(1);
  });
});

describe('alert rules follow the layout', () => {
  const execRule = catalogRule('k8s-exec-into-pod')!;
  const exprOf = (target: AlertTarget, rule = execRule) =>
    alertRulePayload(rule, undefined, target).data[0].model.expr as string;

  it('native audit: stored fields filtered directly, no _msg and no unpacking', () => {
    const expr = exprOf(alertTarget({ audit: 'native' }));
    expect(expr).toContain('"objectRef.resource":=');
    expect(expr).not.toMatch(/_msg|unpack_json/);
    expect(expr).toBe(compileRule(execRule, 'metric', 'victorialogs', {}, 'native'));
  });

  it('verbatim audit (set, or no layouts given) keeps the line scan and unpack_json', () => {
    for (const target of [alertTarget({ audit: 'verbatim', falco: 'native' }), alertTarget()]) {
      const expr = exprOf(target);
      expect(expr).toContain('_msg:');
      expect(expr).toContain('| unpack_json');
      expect(expr).toBe(compileRule(execRule, 'metric', 'victorialogs', {}, 'verbatim'));
    }
  });

  it('every catalog rule compiles for its source layout; text sources read the same in both', () => {
    for (const rule of CATALOG_RULES) {
      const native = exprOf(alertTarget(ALL_NATIVE), rule);
      expect({ id: rule.id, native }).toEqual({
        id: rule.id,
        native: compileRule(rule, 'metric', 'victorialogs', {}, 'native'),
      });
      if (isJsonSource(rule.logsource.service)) {
        expect({ id: rule.id, unpacks: native.includes('unpack_json') }).toEqual({ id: rule.id, unpacks: false });
      } else {
        expect(native).toBe(exprOf(alertTarget(ALL_VERBATIM), rule));
      }
    }
  });

  it('a window key is labelled by the stored field in the native layout, in the query, summary and Investigate link', () => {
    const loaded = loadRule(
      builderToYaml({
        ...EMPTY_BUILDER,
        source: 'audit',
        counting: { type: 'event_count', groupBy: ['user.username'], window: '5m', threshold: 3 },
      })
    );
    if (!loaded.ok) {
      throw new Error(JSON.stringify(loaded.errors));
    }
    const plan = planRule(loaded.rule);
    const native = alertRulePayload(loaded.rule, undefined, alertTarget({ audit: 'native' }));
    expect(keyLabels(plan, alertTarget({ audit: 'native' }))).toEqual([
      { field: 'user.username', label: 'user.username' },
    ]);
    expect(native.data[0].model.expr).toContain('| stats by ("user.username") count() as hits');
    expect(native.annotations?.vigil_investigate).toContain('{{ index $labels "user.username" }}');
    const verbatim = alertRulePayload(loaded.rule, undefined, alertTarget({ audit: 'verbatim' }));
    expect(keyLabels(plan, alertTarget({ audit: 'verbatim' }))).toEqual([
      { field: 'user.username', label: 'f_user.username' },
    ]);
    expect(verbatim.data[0].model.expr).toContain('| stats by ("f_user.username") count() as hits');
    expect(verbatim.annotations?.summary).toContain('{{ index $labels "f_user.username" }}');
  });
});

describe('page queries follow the layout', () => {
  it('hit counts: native JSON sources filter stored fields; text sources are unchanged', () => {
    const items = CATALOG_RULES.map((rule) => ({ rule }));
    const native = catalogTargets(items, vl(ALL_NATIVE), 86_400_000);
    const verbatim = catalogTargets(items, vl(ALL_VERBATIM), 86_400_000);
    expect(native.errors.size).toBe(0);
    expect(native.targets.map((t) => t.refId)).toEqual(verbatim.targets.map((t) => t.refId));
    native.targets.forEach((t, i) => {
      if (isJsonSource(t.source!)) {
        expect({ ref: t.refId, msg: /_msg|unpack_json/.test(t.expr) }).toEqual({ ref: t.refId, msg: false });
      } else {
        expect(t.expr).toBe(verbatim.targets[i].expr);
      }
    });
  });

  it('the request-body probe: a field under requestObject when native, the line otherwise', () => {
    const probe = (target: QueryTarget) =>
      readinessTargets(target, 3_600_000).find((t) => t.refId === REQUEST_OBJECT_REF)!.expr;
    expect(probe(vl({ audit: 'native' }))).toMatch(
      /^\{job=~"[^"]+"\} _time:1h \("requestObject":~"\(\?s\)\." OR "requestObject\.\*":~"\(\?s\)\."\) \| stats count\(\) as hits/
    );
    expect(probe(vl({ audit: 'verbatim' }))).toContain('_msg:~"\\"requestObject\\""');
    expect(probe({ dsUid: 'vigil', backend: 'loki' })).toContain('|= "\\"requestObject\\""');
  });

  it("a rule's preview: counts and sample rows for the source's layout", () => {
    const rule = catalogRule('k8s-exec-into-pod')!;
    const [count, sample] = previewTargets(rule, undefined, vl({ audit: 'native' }), 60_000);
    expect(count.expr).not.toMatch(/_msg|unpack_json/);
    expect(sample.expr).toBe(
      logsqlLogQuery({ ...planRule(rule), window: undefined, alertWindow: '1m' }, { layout: 'native' })
    );
    expect(previewTargets(rule, undefined, vl({ audit: 'verbatim' }), 60_000)[1].expr).toContain('| unpack_json');
  });
});
