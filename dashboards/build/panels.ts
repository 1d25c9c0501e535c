/**
 * Building blocks of the provisioned dashboards. Log panels hold Vigil queries in builder
 * mode: the stored builder state is what the data source recompiles (with the dashboard's
 * variables) for the configured log backend, so one dashboard runs on Loki and VictoriaLogs.
 * The stored `expr` is the LogQL compilation, the fallback for anything that reads it as is.
 */
import { dataquery } from '../../src/api/grafana/sdk';
import { catalogRule } from '../../src/detections/catalog';
import { compileBuilderOrThrow, queryTypeOf, type BuilderState, type FieldFilter, type Operation } from '../../src/querybuilder';
import type { SourceId } from '../../src/sources/types';
import { dataLink, type SdkPanel } from './sdk';

export const APP_ID = 'vigil-k8ssecurity-app';
export const DATASOURCE_TYPE = 'vigil-k8ssecurity-datasource';
/** Every query names its data source through the dashboard's variable, never by uid. */
export const DS = { type: DATASOURCE_TYPE, uid: '${datasource}' };
/** Grafana's built-in "-- Dashboard --" source: reuses another panel's results without a query. */
export const DASHBOARD_DS = { type: 'datasource', uid: '-- Dashboard --' };
export const QUERY_MODEL_VERSION = 2;
export const INVESTIGATE = `/a/${APP_ID}/investigate`;

/** Range variables the builder accepts in `range`; they are numbers only after interpolation. */
const RANGE_VARIABLES = ['$__interval', '$__range'];
const RANGE_SENTINEL = '7777s';

export interface VigilTarget {
  refId: string;
  datasource: typeof DS;
  version: number;
  mode: 'builder' | 'code';
  queryType: 'logs' | 'metric' | 'table' | 'detection';
  source?: SourceId;
  language: 'logql' | 'promql';
  expr: string;
  builder?: BuilderState;
  legend?: string;
  limit?: number;
  instant?: boolean;
}

/** The LogQL a builder state compiles to, with a range variable kept as written. */
export function storedExpr(state: BuilderState): string {
  if (!RANGE_VARIABLES.includes(state.range)) {
    return compileBuilderOrThrow(state, 'logql');
  }
  const expr = compileBuilderOrThrow({ ...state, range: RANGE_SENTINEL }, 'logql');
  return expr.split(`[${RANGE_SENTINEL}]`).join(`[${state.range}]`);
}

export interface BuilderSpec {
  source: SourceId;
  operation: Operation;
  filters?: FieldFilter[];
  range?: string;
  legend?: string;
  limit?: number;
}

/** A builder-mode Vigil query. Time series count per `$__interval`; tables rank over `$__range`. */
export function builderTarget(refId: string, spec: BuilderSpec): VigilTarget {
  const kind = spec.operation.kind;
  const range = spec.range ?? (kind === 'topN' ? '$__range' : '$__interval');
  const builder: BuilderState = { source: spec.source, filters: spec.filters ?? [], operation: spec.operation, range };
  const queryType = queryTypeOf(spec.operation);
  const source = spec.operation.kind === 'detection' ? catalogRule(spec.operation.ruleId)!.logsource.service : spec.source;
  return {
    refId,
    datasource: DS,
    version: QUERY_MODEL_VERSION,
    mode: 'builder',
    queryType,
    source,
    language: 'logql',
    expr: storedExpr(builder),
    builder,
    ...(spec.legend ? { legend: spec.legend } : {}),
    ...(queryType === 'logs' ? { limit: spec.limit ?? 200 } : {}),
    ...(queryType === 'table' ? { instant: true } : {}),
  };
}

/** A detection of the catalog as a count over time (its metric form) or as its matching lines. */
export function detectionTarget(refId: string, ruleId: string, form: 'metric' | 'events', legend?: string): VigilTarget {
  const rule = catalogRule(ruleId);
  if (!rule) {
    throw new Error(`unknown detection ${ruleId}`);
  }
  return builderTarget(refId, { source: rule.logsource.service, operation: { kind: 'detection', ruleId, form }, legend });
}

/** A PromQL query (the builder is for logs; Falco's counters are Prometheus metrics). */
export function promTarget(refId: string, expr: string, legend?: string): VigilTarget {
  return { refId, datasource: DS, version: QUERY_MODEL_VERSION, mode: 'code', queryType: 'metric', language: 'promql', expr, ...(legend ? { legend } : {}) };
}

export const eq = (field: string, value: string): FieldFilter => ({ field, op: '=', value });
export const regex = (field: string, value: string): FieldFilter => ({ field, op: 'regex', value });
export const anyOf = (field: string, values: string[]): FieldFilter => ({ field, op: 'in', value: '', values });
export const count = (...by: string[]): Operation => ({ kind: 'count', by });
export const topN = (field: string, n = 10): Operation => ({ kind: 'topN', field, n });
export const events: Operation = { kind: 'events' };

/** An entity kind of the Investigate page (src/investigate/entity.ts). */
export type EntityKind = 'user' | 'pod' | 'namespace' | 'node' | 'ip' | 'domain';

/** A link opening the Investigate page on an entity whose value Grafana fills in from `valueRef`. */
export function investigateLink(kind: EntityKind, valueRef: string, title = `Investigate this ${kind}`) {
  return {
    title,
    url: `${INVESTIGATE}?entity=${kind}%3A${valueRef}&from=\${__from}&to=\${__to}`,
  };
}

/** A table column (matched by the field's label on Loki and on VictoriaLogs) linking into Investigate. */
export function columnLink(labelPattern: string, displayName: string, kind: EntityKind) {
  return {
    matcher: { id: 'byRegexp', options: `^${labelPattern}$` },
    properties: [
      { id: 'displayName', value: displayName },
      { id: 'links', value: [investigateLink(kind, '${__value.raw:percentencode}')] },
    ],
  };
}

/** A series link (a panel's data link): the entity comes from one of the series' labels. */
export function seriesLink(label: string, kind: EntityKind) {
  const link = investigateLink(kind, `\${__field.labels.${label}:percentencode}`);
  return dataLink(link.title, link.url);
}

export interface PanelSpec {
  /** An SDK panel builder (./sdk.ts) with the panel's own options set. */
  panel: SdkPanel;
  title: string;
  description: string;
  targets: VigilTarget[] | Array<{ refId: string; datasource: typeof DASHBOARD_DS; panelId: number }>;
  width?: number;
  height?: number;
  /** An attack this panel must show: checked by tests/dashboards against the simulator. */
  shows?: { scenario: string; entity?: string; text?: string; refId?: string };
}

/** A panel that must show a simulator attack: its results hold the scenario's entity value. */
export interface AttackExpectation {
  panelId: number;
  title: string;
  scenario: string;
  /** Key of the scenario's manifest `entities` whose value the results hold. */
  entity?: string;
  /** Or a literal the results hold (a rule name, a priority). */
  text?: string;
  /** The target that shows it; 'A' unless said. */
  refId?: string;
}

/**
 * Lays panels out left to right in rows of 24 columns and numbers them from 1. Positions are
 * set on each panel: the SDK's own placement lets a panel run past column 24.
 */
export class Layout {
  private readonly panels: SdkPanel[] = [];
  /** Attacks panels must show; kept out of the JSON, read by the tests. */
  readonly expectations: AttackExpectation[] = [];
  private x = 0;
  private y = 0;
  private rowHeight = 0;

  add(spec: PanelSpec): number {
    const w = spec.width ?? 12;
    const h = spec.height ?? 8;
    if (this.x + w > 24) {
      this.x = 0;
      this.y += this.rowHeight;
      this.rowHeight = 0;
    }
    const id = this.panels.length + 1;
    const datasource = spec.targets.length > 0 && 'panelId' in spec.targets[0] ? DASHBOARD_DS : DS;
    this.panels.push(
      spec.panel
        .id(id)
        .title(spec.title)
        .description(spec.description)
        .datasource(datasource)
        .gridPos({ x: this.x, y: this.y, w, h })
        .targets(spec.targets.map(dataquery))
    );
    if (spec.shows) {
      this.expectations.push({ panelId: id, title: spec.title, ...spec.shows });
    }
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return id;
  }

  all(): SdkPanel[] {
    return this.panels;
  }
}
