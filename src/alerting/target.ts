/**
 * What the app's pages and alert rules query: the Vigil data source, its log backend, each
 * source's stream selector and, on VictoriaLogs, how each source's events are stored
 * (docs/victorialogs.md). Every query a page or an alert rule compiles takes its language from
 * `backend`, its stream selector from `selectors[source]` (the built-in default when the data
 * source sets none) and its LogsQL layout from `layouts[source]`.
 */
import { SettingsApi, type GrafanaHttp } from '../api/grafana';
import { DEFAULT_SELECTORS, type Backend, type ParamValues, type Rule } from '../detections';
import type { Layout } from '../detections/logsql';
import type { HealthReport } from '../datasource/components/health';
import { loadLayouts, type SourceLayouts } from '../datasource/layouts';
import type { VigilDataSourceOptions } from '../datasource/types';
import { SOURCE_IDS, type SourceId } from '../sources/types';

/** Stream selectors per source, as the data source's settings set them. */
export type SourceSelectors = Partial<Record<SourceId, string>>;

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
  /**
   * Each source's stream selector from the data source's settings (`jsonData.streamSelectors`,
   * loadQueryTarget fills it). A source left out reads DEFAULT_SELECTORS.
   */
  selectors?: SourceSelectors;
}

/** What decides a query's text: LogQL, or LogsQL for each source's layout; the streams read. */
export type QueryLanguage = Pick<QueryTarget, 'backend' | 'layouts' | 'selectors'>;

/** The selectors a data source's settings set: trimmed, empty ones left out (they mean the default). */
export function configuredSelectors(
  jsonData: Pick<VigilDataSourceOptions, 'streamSelectors'> | undefined
): SourceSelectors {
  const out: SourceSelectors = {};
  for (const id of SOURCE_IDS) {
    const s = jsonData?.streamSelectors?.[id]?.trim();
    if (s) {
      out[id] = s;
    }
  }
  return out;
}

/** The stream selector queries of `source` read: the data source's, else the built-in default. */
export function selectorFor(target: Pick<QueryTarget, 'selectors'> | undefined, source: SourceId): string {
  return target?.selectors?.[source]?.trim() || DEFAULT_SELECTORS[source];
}

/**
 * A rule's parameters with the data source's selector for the rule's source as `selector`,
 * unless the parameters already set one or the rule declares its own `selector` parameter
 * (a rule's own choice of streams wins; the built-in default never does).
 */
export function ruleParams(rule: Rule, params: ParamValues = {}, target?: Pick<QueryTarget, 'selectors'>): ParamValues {
  const configured = target?.selectors?.[rule.logsource.service]?.trim();
  if (!configured || 'selector' in params || rule.parameters.selector) {
    return params;
  }
  return { ...params, selector: configured };
}

/** The layout LogsQL for `source` compiles for (undefined on Loki). */
export function layoutOf(target: Pick<QueryTarget, 'layouts'>, source: SourceId): Layout | undefined {
  return target.layouts?.[source];
}

/**
 * The target of a Vigil data source: its settings (backend, stream selectors, layouts), and
 * for the sources whose layout they do not set, the layout its backend's health check
 * detected (one request, once per page load).
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
    selectors: configuredSelectors(jsonData),
  };
}
