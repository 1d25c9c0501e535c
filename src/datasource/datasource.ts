import {
  AdHocVariableFilter,
  CoreApp,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  DataSourceWithLogsContextSupport,
  DataSourceWithSupplementaryQueriesSupport,
  LogRowContextOptions,
  LogRowContextQueryDirection,
  LogRowModel,
  MetricFindValue,
  ScopedVars,
  SupplementaryQueryOptions,
  SupplementaryQueryType,
  dateTime,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { from, lastValueFrom, map, mergeMap, Observable } from 'rxjs';
import type { LogLanguage } from '../querybuilder';
import { defaultBuilderState } from '../querybuilder/types';
import type { SourceId } from '../sources/types';
import type { EditorContext } from './editorState';
import type { HealthReport } from './components/health';
import { interpolateExpr } from './interpolate';
import { loadLayouts, resolveLayouts } from './layouts';
import { loadBuilder, type Builder } from './loadBuilder';
import { logRowContext } from './logContext';
import { migrateQuery } from './migrations';
import { VigilVariableSupport } from './variables';
import { BuilderQuery, CodeQuery, QUERY_MODEL_VERSION, VigilDataSourceOptions, VigilQuery } from './types';

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
  implements DataSourceWithSupplementaryQueriesSupport<VigilQuery>, DataSourceWithLogsContextSupport<VigilQuery>
{
  readonly editorContext: EditorContext;
  /** Set once the builder chunk has loaded; the constructor starts loading it. */
  private builder?: Builder;
  private readonly builderLoad: Promise<Builder>;
  /** Settles once every source's VictoriaLogs layout is known (settings, else detected). */
  private readonly layoutsLoad: Promise<void>;

  constructor(instanceSettings: DataSourceInstanceSettings<VigilDataSourceOptions>) {
    super(instanceSettings);
    const jsonData = instanceSettings.jsonData ?? {};
    const language: LogLanguage = jsonData.logBackend === 'victorialogs' ? 'logsql' : 'logql';
    this.editorContext = { language, selectors: jsonData.streamSelectors ?? {}, layouts: resolveLayouts(jsonData) };
    // Sources not set in the settings are read as the backend's health check detected them.
    this.layoutsLoad = loadLayouts(jsonData, () => this.getResource<HealthReport>('health')).then((layouts) => {
      this.editorContext.layouts = layouts;
    });
    this.variables = new VigilVariableSupport(this);
    // Annotation queries use the query editor; frames with a time field mark the graph.
    this.annotations = {};
    this.builderLoad = loadBuilder().then((b) => (this.builder = b));
    // A failed load surfaces where the builder is needed (query, values); not here.
    this.builderLoad.catch(() => undefined);
  }

  /**
   * Builder queries are recompiled with their variables, so they wait for the builder; logs
   * answers get entity fields linking to Investigate (parsed in the builder chunk).
   */
  query(request: DataQueryRequest<VigilQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.map(migrateQuery);
    const links = (res: DataQueryResponse): DataQueryResponse => {
      const frames = res.data as DataFrame[];
      if (!this.builder || !frames?.length) {
        return res;
      }
      const sourceOf = (refId?: string) => {
        const t = targets.find((q) => q.refId === refId);
        return t?.mode === 'builder' ? t.builder.source : t?.source;
      };
      return { ...res, data: frames.map((f) => this.builder!.withEntityLinks([f], sourceOf(f.refId))[0]) };
    };
    const needsBuilder = targets.some((t) => t.mode === 'builder' || t.queryType === 'logs');
    if (!needsBuilder) {
      return super.query(request).pipe(map(links));
    }
    // Builder queries compile for the sources' layouts; without the builder chunk, code
    // queries still run, with no links.
    const loaded = Promise.all([this.builderLoad.catch(() => undefined), this.layoutsLoad]);
    return from(loaded).pipe(mergeMap(() => super.query(request).pipe(map(links))));
  }

  /** Lines of the row's stream around it, through the backend like any logs query. */
  async getLogRowContext(row: LogRowModel, options?: LogRowContextOptions, query?: VigilQuery): Promise<DataQueryResponse> {
    const language = query && query.language !== 'promql' ? query.language : this.editorContext.language;
    const id = row.dataFrame.fields.find((f) => f.name === 'id')?.values[row.rowIndex];
    const data = await logRowContext(
      { timeEpochMs: row.timeEpochMs, labels: row.labels, id: id === undefined ? undefined : String(id) },
      options?.direction === LogRowContextQueryDirection.Forward ? 'after' : 'before',
      options?.limit ?? 10,
      language,
      (expr, fromMs, toMs, limit) => this.runRange({ refId: 'context', version: QUERY_MODEL_VERSION, mode: 'code', queryType: 'logs', expr, language, limit }, fromMs, toMs)
    );
    return { data };
  }

  /** One query over [fromMs, toMs] through the backend; its error is thrown. */
  private async runRange(target: CodeQuery, fromMs: number, toMs: number): Promise<DataFrame[]> {
    const range = { from: dateTime(fromMs), to: dateTime(toMs) };
    const res = await lastValueFrom(
      super.query({
        requestId: `vigil-${target.refId}`,
        app: CoreApp.Unknown,
        interval: '1m',
        intervalMs: 60_000,
        range: { ...range, raw: range },
        scopedVars: {},
        targets: [target],
        timezone: 'utc',
        startTime: Date.now(),
      })
    );
    if (res.errors?.length) {
      throw new Error(res.errors[0].message ?? 'query failed');
    }
    return res.data as DataFrame[];
  }

  getDefaultQuery(_: CoreApp): Partial<VigilQuery> {
    // Grafana asks right after creating the instance, often before the builder chunk has
    // arrived: then the same builder state, not yet compiled. query() compiles builder
    // queries and the editor shows the compiled text.
    const uncompiled: Partial<BuilderQuery> = {
      version: QUERY_MODEL_VERSION,
      mode: 'builder',
      builder: defaultBuilderState('audit'),
      expr: '',
      language: this.editorContext.language,
      queryType: 'logs',
    };
    return this.builder?.defaultQuery(this.editorContext) ?? uncompiled;
  }

  applyTemplateVariables(query: VigilQuery, scopedVars: ScopedVars, filters: AdHocVariableFilter[] = []): VigilQuery {
    const q = migrateQuery(query);
    const tpl = getTemplateSrv();
    if (q.mode === 'builder' && this.builder) {
      return this.builder.applyBuilderVariables(q, tpl, scopedVars, filters, this.editorContext);
    }
    // Code queries, and builder queries before the builder loads (query() waits for it, so
    // only callers outside a query get here): the stored compiled expression.
    return { ...q, expr: interpolateExpr(q.expr, tpl, scopedVars) };
  }

  /** Builder queries run even before their first compilation: query() compiles them. */
  filterQuery(query: VigilQuery): boolean {
    return !query.hide && (Boolean(query.expr?.trim()) || (query.mode === 'builder' && Boolean(query.builder)));
  }

  getSupportedSupplementaryQueryTypes(): SupplementaryQueryType[] {
    return [SupplementaryQueryType.LogsVolume];
  }

  getSupplementaryQuery(options: SupplementaryQueryOptions, query: VigilQuery): VigilQuery | undefined {
    return options.type === SupplementaryQueryType.LogsVolume
      ? this.builder?.logsVolumeQuery(query, this.editorContext)
      : undefined;
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
    const target = (await this.builderLoad).topNQuery(source, field, n, this.editorContext);
    const to = dateTime();
    const from = dateTime(to.valueOf() - 3600_000);
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
    return (await this.builderLoad).tagKeys().map((text) => ({ text }));
  }

  async getTagValues(options: { key: string }): Promise<MetricFindValue[]> {
    const source = (await this.builderLoad).sourceOfField(options.key);
    if (!source) {
      return [];
    }
    return (await this.fieldValues(source, options.key)).map((text) => ({ text }));
  }
}
