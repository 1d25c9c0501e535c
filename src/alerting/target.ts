/**
 * What the app's pages and alert rules query: the Vigil data source, its log backend and, on
 * VictoriaLogs, how each source's events are stored (docs/victorialogs.md). Every query a page
 * or an alert rule compiles takes its language from `backend` and its LogsQL layout from
 * `layouts[source]`.
 */
import { SettingsApi, type GrafanaHttp } from '../api/grafana';
import type { Backend } from '../detections';
import type { Layout } from '../detections/logsql';
import type { HealthReport } from '../datasource/components/health';
import { loadLayouts, type SourceLayouts } from '../datasource/layouts';
import type { VigilDataSourceOptions } from '../datasource/types';
import type { SourceId } from '../sources/types';

export interface QueryTarget {
  /** The Vigil data source's uid. */
  dsUid: string;
  /** The log backend the data source is configured with: it decides LogQL or LogsQL. */
  backend: Backend;
  /**
   * Each source's VictoriaLogs layout (loadQueryTarget fills it; empty on Loki). A source left
   * out is read verbatim, as lines in `_msg`.
   */
  layouts?: SourceLayouts;
}

/** What decides a query's text: LogQL, or LogsQL for each source's layout. */
export type QueryLanguage = Pick<QueryTarget, 'backend' | 'layouts'>;

/** The layout LogsQL for `source` compiles for (undefined on Loki). */
export function layoutOf(target: Pick<QueryTarget, 'layouts'>, source: SourceId): Layout | undefined {
  return target.layouts?.[source];
}

/**
 * The target of a Vigil data source: its settings, and for the sources whose layout they do
 * not set, the layout its backend's health check detected (one request, once per page load).
 */
export async function loadQueryTarget(
  http: GrafanaHttp,
  ds: { uid: string; jsonData?: unknown }
): Promise<QueryTarget> {
  const jsonData = (ds.jsonData ?? {}) as VigilDataSourceOptions;
  const api = new SettingsApi(http);
  return {
    dsUid: ds.uid,
    backend: jsonData.logBackend === 'victorialogs' ? 'victorialogs' : 'loki',
    layouts: await loadLayouts(jsonData, () => api.dataSourceResource<HealthReport>(ds.uid, 'health')),
  };
}
