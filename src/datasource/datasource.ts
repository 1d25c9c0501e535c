import {
  AdHocVariableFilter,
  CoreApp,
  DataFrame,
  DataQueryRequest,
  DataSourceInstanceSettings,
  DataSourceWithSupplementaryQueriesSupport,
  MetricFindValue,
  ScopedVars,
  SupplementaryQueryOptions,
  SupplementaryQueryType,
  dateTime,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { builderFields, compileBuilder, defaultBuilderState, volumeState, type LogLanguage } from '../querybuilder';
import type { SourceId } from '../sources/types';
import { toStoredQuery, withBuilder, toEditorState, type EditorContext } from './editorState';
import { interpolateBuilder, interpolateExpr } from './interpolate';
import { migrateQuery } from './migrations';
import { VigilVariableSupport } from './variables';
import { CodeQuery, VigilDataSourceOptions, VigilQuery } from './types';

const SOURCES: SourceId[] = ['audit', 'coredns', 'netfilter', 'falco'];

/** The logs-volume companion of a logs query: counts per minute of the same lines. */
export function logsVolumeQuery(query: VigilQuery, ctx: EditorContext): VigilQuery | undefined {
  const q = migrateQuery(query);
  if (q.queryType !== 'logs' || !q.expr.trim() || q.language === 'promql') {
    return undefined;
  }
  const refId = `log-volume-${q.refId}`;
  if (q.mode === 'builder' && q.builder.operation.kind !== 'detection') {
    const s = withBuilder(toEditorState({ ...q, refId }), { ...volumeState(q.builder), range: '1m' }, ctx);
    return s.error ? undefined : toStoredQuery(s);
  }
  const expr = q.language === 'logsql' ? `${q.expr} | stats count() as hits` : `sum(count_over_time(${q.expr} [1m]))`;
  const volume: CodeQuery = { ...q, refId, mode: 'code', expr, queryType: 'metric' };
  return volume;
}

/** Values of labels on value fields (metric frames) or of a column named `key` (tables). */
export function valuesInFrames(frames: DataFrame[], key: string): string[] {
  const out = new Set<string>();
  for (const frame of frames) {
    for (const field of frame.fields) {
      const v = field.labels?.[key];
      if (v) {
        out.add(v);
      }
      if (field.name === key) {
        for (const x of field.values) {
          if (x !== null && x !== undefined && x !== '') {
            out.add(String(x));
          }
        }
      }
    }
  }
  return [...out].sort();
}

/** Thin coordinator: the backend executes `expr`; the frontend compiles and interpolates it. */
export class VigilDataSource
  extends DataSourceWithBackend<VigilQuery, VigilDataSourceOptions>
  implements DataSourceWithSupplementaryQueriesSupport<VigilQuery>
{
  readonly editorContext: EditorContext;

  constructor(instanceSettings: DataSourceInstanceSettings<VigilDataSourceOptions>) {
    super(instanceSettings);
    const jsonData = instanceSettings.jsonData ?? {};
    const language: LogLanguage = jsonData.logBackend === 'victorialogs' ? 'logsql' : 'logql';
    this.editorContext = { language, selectors: jsonData.streamSelectors ?? {} };
    this.variables = new VigilVariableSupport(this);
    // Annotation queries use the query editor; frames with a time field mark the graph.
    this.annotations = {};
  }

  getDefaultQuery(_: CoreApp): Partial<VigilQuery> {
    const s = withBuilder(
      { refId: 'A', mode: 'builder', code: { expr: '', language: this.editorContext.language }, queryType: 'logs' },
      defaultBuilderState('audit'),
      this.editorContext
    );
    const { refId: _r, ...rest } = toStoredQuery(s);
    return rest;
  }

  applyTemplateVariables(query: VigilQuery, scopedVars: ScopedVars, filters: AdHocVariableFilter[] = []): VigilQuery {
    const q = migrateQuery(query);
    const tpl = getTemplateSrv();
    if (q.mode === 'builder') {
      const builder = interpolateBuilder(q.builder, tpl, scopedVars, filters);
      const r = compileBuilder(builder, this.editorContext.language, this.editorContext);
      // An invalid state keeps the stored expression, so the backend's error names the problem.
      return r.ok ? { ...q, expr: r.expr } : q;
    }
    return { ...q, expr: interpolateExpr(q.expr, tpl, scopedVars) };
  }

  filterQuery(query: VigilQuery): boolean {
    return Boolean(query.expr?.trim()) && !query.hide;
  }

  getSupportedSupplementaryQueryTypes(): SupplementaryQueryType[] {
    return [SupplementaryQueryType.LogsVolume];
  }

  getSupplementaryQuery(options: SupplementaryQueryOptions, query: VigilQuery): VigilQuery | undefined {
    return options.type === SupplementaryQueryType.LogsVolume ? logsVolumeQuery(query, this.editorContext) : undefined;
  }

  getSupplementaryRequest(type: SupplementaryQueryType, request: DataQueryRequest<VigilQuery>): DataQueryRequest<VigilQuery> | undefined {
    const targets = request.targets.map((t) => this.getSupplementaryQuery({ type }, t)).filter((t): t is VigilQuery => Boolean(t));
    return targets.length ? { ...request, targets } : undefined;
  }

  /** Stream label (Loki) or field (VictoriaLogs) values, from the backend's cached resource. */
  async labelValues(label: string): Promise<string[]> {
    const r = await this.getResource<{ values: string[] }>('label-values', { label });
    return r.values ?? [];
  }

  async labelNames(): Promise<string[]> {
    const r = await this.getResource<{ labels: string[] }>('labels');
    return r.labels ?? [];
  }

  /** The most frequent values of a parsed field over the last hour: a top-N query run through the backend. */
  async fieldValues(source: SourceId, field: string, n = 50): Promise<string[]> {
    const state = { ...defaultBuilderState(source), operation: { kind: 'topN' as const, field, n }, range: '1h' };
    const r = compileBuilder(state, this.editorContext.language, this.editorContext);
    if (!r.ok) {
      throw new Error(r.error);
    }
    const to = dateTime();
    const from = dateTime(to.valueOf() - 3600_000);
    const target: CodeQuery = { refId: 'values', version: 2, mode: 'code', expr: r.expr, language: this.editorContext.language, queryType: 'metric' };
    const res = await lastValueFrom(
      super.query({
        requestId: `vigil-values-${source}-${field}`,
        app: CoreApp.Unknown,
        interval: '1h',
        intervalMs: 3600_000,
        maxDataPoints: 1,
        range: { from, to, raw: { from, to } },
        scopedVars: {},
        targets: [target],
        timezone: 'utc',
        startTime: Date.now(),
      })
    );
    if (res.errors?.length) {
      throw new Error(res.errors[0].message ?? 'field values query failed');
    }
    const key = this.editorContext.language === 'logsql' ? `f_${field}` : `f_${field.replace(/[^A-Za-z0-9_]/g, '_')}`;
    return valuesInFrames(res.data as DataFrame[], key);
  }

  /** Ad-hoc filter keys: the fields every source's builder can filter on. */
  async getTagKeys(): Promise<MetricFindValue[]> {
    const names = new Set(SOURCES.flatMap((s) => builderFields(s).map((f) => f.name)));
    return [...names].sort().map((text) => ({ text }));
  }

  async getTagValues(options: { key: string }): Promise<MetricFindValue[]> {
    const source = SOURCES.find((s) => builderFields(s).some((f) => f.name === options.key));
    if (!source) {
      return [];
    }
    return (await this.fieldValues(source, options.key)).map((text) => ({ text }));
  }
}
