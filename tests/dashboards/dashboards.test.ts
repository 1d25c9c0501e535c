/** @jest-environment node */
// The provisioned dashboards and alerting files: generated files up to date, valid dashboard
// JSON, data sources only through variables, variables that resolve, builder-mode queries
// that compile for Loki and VictoriaLogs and parse with Grafana's and Prometheus' grammars,
// and links that the Investigate page understands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';
import { generatedFiles } from '../../dashboards/build';
import { storedExpr } from '../../dashboards/build/panels';
import { stateFromSearch } from '../../src/investigate/url';
import { DEFAULT_SELECTORS } from '../../src/detections';
import { parseLogQL } from '../logql/oracle';
import { substituteGrafanaVariables } from '../logql/discover';
import appPlugin from '../../plugin.json';
import { DASHBOARDS, interpolate, panelTargets, panelsOf, runnableExpr, variableRefs, variableValues, type Link } from './targets';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

/** Grafana's built-in variables the dashboards use. */
const BUILT_IN = /^__(interval|range|rate_interval|from|to|value\.raw|field\.labels\.[\w.]+)$/;

function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  promqlParser.parse(expr).iterate({
    enter: (n) => {
      if (n.type.isError) {
        errors.push(`syntax error at ${n.from}: ${JSON.stringify(expr.slice(n.from, n.from + 30))}`);
      }
    },
  });
  return errors;
}

/** Every `uid` anywhere in a JSON value. */
function uids(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((n) => uids(n, out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'uid' && typeof v === 'string') {
        out.push(v);
      }
      uids(v, out);
    }
  }
  return out;
}

describe('generated files', () => {
  it('are up to date with dashboards/build (run `npm run generate`)', () => {
    for (const [path, content] of generatedFiles()) {
      expect({ path, same: read(path) === content }).toEqual({ path, same: true });
    }
  });
});

describe.each(DASHBOARDS.map((d) => [d.json.uid as string, d] as const))('dashboard %s', (uid, d) => {
  const json = d.json;
  const panels = panelsOf(d);
  const varNames = new Set((json.templating as { list: Array<{ name: string }> }).list.map((v) => v.name));

  it('is an importable dashboard: null id, schema version, unique panel ids, no overlapping panels', () => {
    expect(json.id).toBeNull();
    // The foundation SDK's dashboard schema (Grafana 12.2+); 41 → 42 only changes hidden-series overrides, which these do not use.
    expect(json.schemaVersion).toBe(42);
    expect(JSON.parse(read(`dashboards/${d.file}`)).uid).toBe(uid);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of panels as unknown as Array<{ gridPos: { x: number; y: number; w: number; h: number } }>) {
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('names data sources only through the ${datasource} variable (or a panel of its own)', () => {
    expect(varNames.has('datasource')).toBe(true);
    expect(new Set(uids(panels))).toEqual(new Set(panels.some((p) => p.datasource.uid === '-- Dashboard --') ? ['${datasource}', '-- Dashboard --'] : ['${datasource}']));
    for (const p of panels) {
      for (const t of p.targets) {
        if ('panelId' in t) {
          expect(panels.find((q) => q.id === t.panelId && q.targets.every((x) => 'expr' in x))).toBeDefined();
        }
      }
    }
  });

  it('refers only to variables it defines or Grafana provides', () => {
    const text = JSON.stringify(panels);
    const refs = new Set(variableRefs(text));
    expect(refs.size).toBeGreaterThan(1);
    for (const r of refs) {
      expect({ r, known: varNames.has(r) || BUILT_IN.test(r) }).toEqual({ r, known: true });
    }
  });

  it('links rows and series into the Investigate page on the right entity', () => {
    const links = panels.flatMap((p) => [
      ...(p.fieldConfig.defaults.links ?? []),
      ...p.fieldConfig.overrides.flatMap((o) => o.properties.filter((x) => x.id === 'links').flatMap((x) => x.value as Link[])),
    ]);
    expect(links.length).toBeGreaterThan(0);
    const value = 'system:serviceaccount:ci:deploy&x=1';
    for (const link of links) {
      const url = interpolate(link.url, { '__value.raw': encodeURIComponent(value), __from: '1700000000000', __to: '1700003600000' }).replace(
        /\$\{__field\.labels\.[\w.]+:percentencode\}/,
        encodeURIComponent(value)
      );
      const [path, search] = url.split('?');
      expect(path).toBe('/a/vigil-k8ssecurity-app/investigate');
      const { state, error } = stateFromSearch(search);
      expect(error).toBeUndefined();
      expect(state.entity?.value).toBe(value);
      expect(link.title).toContain(state.entity!.kind);
      expect(state.from).toBe('1700000000000');
    }
  });
});

describe('panel queries', () => {
  const targets = panelTargets();

  it('are Vigil builder queries except the Prometheus ones', () => {
    expect(targets.length).toBeGreaterThan(40);
    for (const { target } of targets) {
      expect(target.mode === 'builder' || target.language === 'promql').toBe(true);
      expect(target.datasource.uid).toBe('${datasource}');
    }
  });

  it.each(targets.map((t) => [`${t.dashboard} #${t.panelId} ${t.title} ${t.target.refId}`, t] as const))('%s parses and compiles for both backends', (_n, t) => {
    const d = DASHBOARDS.find((x) => x.json.uid === t.dashboard)!;
    const values = variableValues(d, 7200, 60);
    if (t.target.language === 'promql') {
      expect(promqlErrors(interpolate(t.target.expr, values))).toEqual([]);
      return;
    }
    // The stored expression is the builder's LogQL, and it parses with variables in place.
    expect(t.target.expr).toBe(storedExpr(t.target.builder!));
    expect(parseLogQL(substituteGrafanaVariables(t.target.expr)).errors).toEqual([]);
    const logql = runnableExpr(t.target, 'logql', values);
    expect(parseLogQL(logql).errors).toEqual([]);
    expect(runnableExpr(t.target, 'logsql', values)).toMatch(/^\{/);
  });

  it("read the data source's stream selectors: every log query, recompiled as the data source does, carries its source's", () => {
    const sentinel = (s: string) => `{vigil_sentinel="${s}"}`;
    const selectors = { audit: sentinel('audit'), coredns: sentinel('coredns'), netfilter: sentinel('netfilter'), falco: sentinel('falco') };
    const logs = targets.filter((t) => t.target.language !== 'promql');
    expect(logs.length).toBeGreaterThan(30);
    for (const t of logs) {
      const d = DASHBOARDS.find((x) => x.json.uid === t.dashboard)!;
      const values = variableValues(d, 7200, 60);
      for (const language of ['logql', 'logsql'] as const) {
        // The data source's context (src/datasource/datasource.ts editorContext): its selectors.
        const expr = runnableExpr(t.target, language, values, { selectors, layouts: {} });
        const source = t.target.source!;
        const defaults = Object.values(DEFAULT_SELECTORS).filter((x) => expr.includes(x));
        expect({ panel: t.title, language, selector: expr.includes(selectors[source]), defaults }).toEqual({ panel: t.title, language, selector: true, defaults: [] });
      }
    }
  });

  it('the grammars have teeth', () => {
    expect(promqlErrors('sum by (rule (rate(x[5m]))')).not.toEqual([]);
    expect(parseLogQL('{job="a"} | json x="y" |').errors).not.toEqual([]);
  });
});

describe('app and provisioning', () => {
  it('the app includes every dashboard by path and uid', () => {
    const included = appPlugin.includes.filter((i) => i.type === 'dashboard') as Array<{ path: string; uid: string }>;
    expect(included.map((i) => [i.path, i.uid]).sort()).toEqual(DASHBOARDS.map((d) => [`dashboards/${d.file}`, d.json.uid]).sort());
  });

  it('provisions the dashboards folder the demo mounts', () => {
    const doc = parseYaml(read('provisioning/dashboards/vigil.yaml')) as { apiVersion: number; providers: Array<{ type: string; options: { path: string } }> };
    expect(doc.apiVersion).toBe(1);
    const base = parseYaml(read('.config/docker-compose-base.yaml')) as { services: { grafana: { volumes: string[] } } };
    const repoMount = base.services.grafana.volumes.find((v) => v.startsWith('..:'))!.split(':')[1];
    expect(doc.providers.map((p) => [p.type, p.options.path])).toEqual([['file', `${repoMount}/dashboards`]]);
  });

  it('provisions sample detections as alert rules on the Vigil data source, routed to a contact point', () => {
    const datasources = parseYaml(read('provisioning/datasources/default.yaml')) as { datasources: Array<{ uid: string; type: string }> };
    const vigil = datasources.datasources.find((d) => d.type === 'vigil-k8ssecurity-datasource')!;
    const rules = parseYaml(read('provisioning/alerting/vigil-detections.yaml')) as {
      apiVersion: number;
      groups: Array<{ folder: string; interval: string; rules: Array<{ uid: string; condition: string; data: Array<{ refId: string; datasourceUid: string; model: { expr?: string; language?: string } }> }> }>;
    };
    expect(rules.apiVersion).toBe(1);
    const all = rules.groups.flatMap((g) => g.rules);
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(new Set(all.map((r) => r.uid)).size).toBe(all.length);
    for (const r of all) {
      expect(r.data.map((q) => q.refId)).toContain(r.condition);
      const query = r.data.find((q) => q.datasourceUid !== '__expr__')!;
      expect(query.datasourceUid).toBe(vigil.uid);
      expect(query.model.language).toBe('logql');
      expect(parseLogQL(query.model.expr!).errors).toEqual([]);
    }
    const contact = parseYaml(read('provisioning/alerting/contact-points.yaml')) as {
      contactPoints: Array<{ name: string; receivers: Array<{ uid: string; type: string }> }>;
      policies: Array<{ receiver: string; routes: Array<{ receiver: string }> }>;
    };
    const names = new Set(contact.contactPoints.map((c) => c.name));
    for (const p of contact.policies) {
      expect(names.has(p.receiver)).toBe(true);
      p.routes.forEach((r) => expect(names.has(r.receiver)).toBe(true));
    }
  });
});
