/** @jest-environment node */
// Every LogQL string Vigil produces must parse with @grafana/lezer-logql (Grafana's own LogQL
// grammar) and have only valid string literals.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardQueries, provisionedAlertQueries, substituteGrafanaVariables } from './discover';
import { parseLogQL } from './oracle';
import { producers } from './producers';

/** The syntax errors of a query, each with its offset. */
function grammarErrors(query: string): string[] {
  return parseLogQL(substituteGrafanaVariables(query)).errors.map((e) => e.message);
}

const collected = [
  ...producers.flatMap((p) => p.queries().map((query) => ({ source: p.name, query }))),
  ...dashboardQueries(),
  ...provisionedAlertQueries(),
];

describe('LogQL grammar check', () => {
  it('collects queries from the producers', () => {
    expect(collected.length).toBeGreaterThan(producers.length);
  });

  it.each(collected.map((c, i) => [`${c.source} #${i}`, c.query] as const))('%s parses', (_source, query) => {
    expect({ query, errors: grammarErrors(query) }).toEqual({ query, errors: [] });
  });

  it('reports the position of a syntax error and of an invalid escape', () => {
    expect(grammarErrors('{job="x"} |= "a" | json |')).toEqual([expect.stringMatching(/syntax error at offset 25/)]);
    expect(grammarErrors('{job=x}')).toEqual([expect.stringMatching(/syntax error at offset 5/)]);
    expect(grammarErrors('{job="x"} |~ "\\d+"')).toEqual([
      expect.stringMatching(/invalid string at offset 13: unknown escape \\d/),
    ]);
  });

  it('substitutes Grafana macros and variables before parsing', () => {
    expect(grammarErrors('sum by ($group) (count_over_time({ns="$ns"}[$__interval]))')).toEqual([]);
    expect(substituteGrafanaVariables('rate({a="${ns:regex}"}[$__rate_interval])')).toBe('rate({a="vigil_var"}[5m])');
  });
});

describe('LogQL discovery in dashboards and provisioning', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-grammar-'));
    mkdirSync(join(root, 'dashboards', 'sub'), { recursive: true });
    mkdirSync(join(root, 'provisioning', 'alerting'), { recursive: true });
    mkdirSync(join(root, 'provisioning', 'datasources'), { recursive: true });
    const dashboard = {
      panels: [
        { datasource: { type: 'loki' }, targets: [{ expr: '{job="a"} |= "x"' }] },
        { datasource: { type: 'prometheus' }, targets: [{ expr: 'up' }] },
        { panels: [{ targets: [{ datasource: { type: 'loki' }, expr: 'rate({job="b"}[5m])' }] }] },
      ],
    };
    writeFileSync(join(root, 'dashboards', 'sub', 'd.json'), JSON.stringify(dashboard));
    writeFileSync(
      join(root, 'provisioning', 'datasources', 'ds.yaml'),
      'datasources:\n  - name: L\n    type: loki\n    uid: logs\n'
    );
    writeFileSync(
      join(root, 'provisioning', 'alerting', 'rules.yml'),
      'groups:\n  - rules:\n      - data:\n          - datasourceUid: logs\n            model: { expr: \'count_over_time({job="c"}[1m]) > 0\' }\n          - datasourceUid: prom\n            model: { expr: up }\n'
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds Loki panel targets, including nested rows, and skips other data sources', () => {
    expect(dashboardQueries(root).map((q) => q.query)).toEqual(['{job="a"} |= "x"', 'rate({job="b"}[5m])']);
  });

  it('finds alert queries whose data source is a provisioned Loki', () => {
    expect(provisionedAlertQueries(root)).toEqual([
      {
        source: 'provisioning/alerting/rules.yml groups[0].rules[0].data[0]',
        query: 'count_over_time({job="c"}[1m]) > 0',
      },
    ]);
  });
});
