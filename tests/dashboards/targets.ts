// The panel queries of the generated dashboards, with Grafana's variables filled in the way
// the data source does before a query runs: builder states get the values and are recompiled
// for the log backend; PromQL gets the interval macros.
import { buildDashboards, type BuiltDashboard, type VigilTarget } from '../../dashboards/build';
import { compileBuilderOrThrow, type BuilderState, type CompileContext, type LogLanguage } from '../../src/querybuilder';

export interface PanelTarget {
  dashboard: string;
  panelId: number;
  title: string;
  target: VigilTarget;
}

export interface Panel {
  id: number;
  title: string;
  type: string;
  datasource: { type: string; uid: string };
  targets: Array<VigilTarget | { refId: string; datasource: { uid: string }; panelId: number }>;
  fieldConfig: { defaults: { links?: Link[] }; overrides: Array<{ properties: Array<{ id: string; value: unknown }> }> };
}

export interface Link {
  title: string;
  url: string;
}

export const DASHBOARDS: BuiltDashboard[] = buildDashboards();

export function panelsOf(d: BuiltDashboard): Panel[] {
  return d.json.panels as Panel[];
}

/** Every query target (panels reusing another panel's results have none of their own). */
export function panelTargets(): PanelTarget[] {
  return DASHBOARDS.flatMap((d) =>
    panelsOf(d).flatMap((p) =>
      p.targets.filter((t): t is VigilTarget => 'expr' in t).map((target) => ({ dashboard: d.json.uid as string, panelId: p.id, title: p.title, target }))
    )
  );
}

/** Grafana's value of each variable for a query over `rangeSeconds` at one `intervalSeconds`. */
export function variableValues(d: BuiltDashboard, rangeSeconds: number, intervalSeconds: number): Record<string, string> {
  const values: Record<string, string> = {
    __interval: `${intervalSeconds}s`,
    __range: `${rangeSeconds}s`,
    __rate_interval: `${Math.max(4 * 15, intervalSeconds + 15)}s`,
  };
  for (const v of (d.json.templating as { list: Array<{ name: string; type: string; query: string }> }).list) {
    if (v.type === 'textbox') {
      values[v.name] = v.query;
    }
  }
  return values;
}

const REF = /\$\{([\w.]+)(?::[\w]+)?\}|\$([A-Za-z_]\w*)/g;

/** Names of the variables a text refers to. */
export function variableRefs(text: string): string[] {
  return [...text.matchAll(REF)].map((m) => m[1] ?? m[2]);
}

export function interpolate(text: string, values: Record<string, string>): string {
  return text.replace(REF, (all, a: string | undefined, b: string | undefined) => values[a ?? b!] ?? all);
}

export function interpolateState(state: BuilderState, values: Record<string, string>): BuilderState {
  return {
    ...state,
    filters: state.filters.map((f) => ({ ...f, value: interpolate(f.value, values), values: f.values?.map((v) => interpolate(v, values)) })),
    range: interpolate(state.range, values),
  };
}

/** The query text the backend receives for a target, compiled as the data source does for `ctx`. */
export function runnableExpr(t: VigilTarget, language: LogLanguage, values: Record<string, string>, ctx: CompileContext = {}): string {
  if (t.language === 'promql') {
    return interpolate(t.expr, values);
  }
  return compileBuilderOrThrow(interpolateState(t.builder!, values), language, ctx);
}
