// Finds the LogQL in dashboards and provisioned alert rules, so the grammar test covers them
// as soon as they exist.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { globSync } from 'glob';
import { parse as parseYaml } from 'yaml';

/** A query found in a file, with where it came from. */
export interface FoundQuery {
  source: string;
  query: string;
}

const ROOT = join(__dirname, '..', '..');

const INTERVAL_MACROS = /\$\{?__(interval|range|auto|rate_interval)(_ms|_s)?\}?/g;
const VARIABLES = /\$\{[^}]+\}|\$[A-Za-z_]\w*|\[\[[^\]]+\]\]/g;

/**
 * Replaces Grafana macros and variables with sample values so the query can be parsed:
 * interval macros become `5m`, other variables a plain word (valid inside and outside strings).
 */
export function substituteGrafanaVariables(query: string): string {
  return query.replace(INTERVAL_MACROS, '5m').replace(VARIABLES, 'vigil_var');
}

function isLoki(ds: unknown): boolean {
  return typeof ds === 'object' && ds !== null && (ds as { type?: unknown }).type === 'loki';
}

interface Panel {
  datasource?: unknown;
  targets?: Array<{ expr?: unknown; datasource?: unknown }>;
  panels?: Panel[];
}

/** LogQL targets of dashboards under dashboards/ and src/dashboards/. */
export function dashboardQueries(root = ROOT): FoundQuery[] {
  const found: FoundQuery[] = [];
  for (const file of globSync(['dashboards/**/*.json', 'src/dashboards/**/*.json'], { cwd: root })) {
    const dashboard = JSON.parse(readFileSync(join(root, file), 'utf8')) as { panels?: Panel[] };
    const visit = (panels: Panel[] | undefined, path: string): void => {
      (panels ?? []).forEach((panel, i) => {
        (panel.targets ?? []).forEach((target, j) => {
          if (typeof target.expr === 'string' && (isLoki(target.datasource) || isLoki(panel.datasource))) {
            found.push({ source: `${file} ${path}[${i}].targets[${j}]`, query: target.expr });
          }
        });
        visit(panel.panels, `${path}[${i}].panels`);
      });
    };
    visit(dashboard.panels, 'panels');
  }
  return found;
}

/** Alert rule queries in provisioning/ whose data source is a provisioned Loki. */
export function provisionedAlertQueries(root = ROOT): FoundQuery[] {
  const files = globSync('provisioning/**/*.{yml,yaml}', { cwd: root });
  const docs = files.map((file) => ({
    file,
    doc: parseYaml(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>,
  }));
  const lokiUids = new Set<string>();
  for (const { doc } of docs) {
    for (const ds of (doc?.datasources as Array<{ type?: string; uid?: string }>) ?? []) {
      if (ds.type === 'loki' && ds.uid) {
        lokiUids.add(ds.uid);
      }
    }
  }
  const found: FoundQuery[] = [];
  for (const { file, doc } of docs) {
    for (const [g, group] of ((doc?.groups as Array<{ rules?: unknown[] }>) ?? []).entries()) {
      for (const [r, rule] of ((group.rules as Array<{ data?: unknown[] }>) ?? []).entries()) {
        for (const [d, data] of (
          (rule.data as Array<{ datasourceUid?: string; model?: { expr?: unknown; datasource?: unknown } }>) ?? []
        ).entries()) {
          const loki = (data.datasourceUid && lokiUids.has(data.datasourceUid)) || isLoki(data.model?.datasource);
          if (loki && typeof data.model?.expr === 'string') {
            found.push({
              source: `${relative(root, join(root, file))} groups[${g}].rules[${r}].data[${d}]`,
              query: data.model.expr,
            });
          }
        }
      }
    }
  }
  return found;
}
