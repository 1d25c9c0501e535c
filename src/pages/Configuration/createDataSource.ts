/**
 * A Vigil data source built from data sources Grafana already has: the log backend's and
 * Prometheus' URLs and non-secret auth settings are copied. Secrets cannot be read back from
 * Grafana, so the page says to enter them in the new data source.
 */
import { type DataSourceSummary, GrafanaApiError, type GrafanaHttp, messageOf } from '../../api/grafana';
import { DATASOURCE_TYPE } from '../../constants';
import type { VigilDataSourceOptions } from '../../datasource/types';

/** Data source plugin types the page offers as log backends. */
export const LOG_BACKEND_TYPES: Record<string, 'loki' | 'victorialogs'> = {
  loki: 'loki',
  'victoriametrics-logs-datasource': 'victorialogs',
};

export const PROMETHEUS_TYPE = 'prometheus';

export interface NewDataSource {
  name: string;
  type: string;
  access: 'proxy';
  jsonData: VigilDataSourceOptions;
}

/** The create payload; throws on a data source of the wrong type (a caller's mistake). */
export function vigilDataSourceFrom(log: DataSourceSummary, prom: DataSourceSummary | undefined, name = 'Vigil'): NewDataSource {
  const backend = LOG_BACKEND_TYPES[log.type];
  if (!backend) {
    throw new Error(`${log.name} is a ${log.type} data source; pick Loki or VictoriaLogs`);
  }
  if (prom && prom.type !== PROMETHEUS_TYPE) {
    throw new Error(`${prom.name} is a ${prom.type} data source; pick Prometheus`);
  }
  const basicUser = (ds: DataSourceSummary) => {
    const j = ds.jsonData ?? {};
    return typeof j.basicAuthUser === 'string' ? j.basicAuthUser : undefined;
  };
  const jsonData: VigilDataSourceOptions = { logBackend: backend, logUrl: log.url ?? '' };
  const logUser = basicUser(log);
  if (logUser) {
    jsonData.logAuthType = 'basic';
    jsonData.logBasicAuthUser = logUser;
  }
  if (prom) {
    jsonData.prometheusUrl = prom.url ?? '';
    const promUser = basicUser(prom);
    if (promUser) {
      jsonData.prometheusAuthType = 'basic';
      jsonData.prometheusBasicAuthUser = promUser;
    }
  }
  return { name, type: DATASOURCE_TYPE, access: 'proxy', jsonData };
}

/** POST /api/datasources; returns the new data source's uid. */
export async function createDataSource(http: GrafanaHttp, payload: NewDataSource): Promise<string> {
  const res = await http.request<{ datasource?: { uid?: string }; message?: string }>('POST', '/api/datasources', payload);
  if (res.status !== 200 || !res.data?.datasource?.uid) {
    throw new GrafanaApiError(res.status, messageOf(res.data), `Creating data source "${payload.name}"`);
  }
  return res.data.datasource.uid;
}
