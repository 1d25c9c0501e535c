import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** The four security sources Vigil understands. */
export type SourceId = 'audit' | 'coredns' | 'netfilter' | 'falco';

/** Query languages an expression can be written in; the backend refuses a mismatch. */
export type QueryLanguage = 'logql' | 'logsql' | 'promql';

export type QueryType = 'logs' | 'metric' | 'table' | 'detection';

/** Current version of the stored query model; bump it and add a migration on change. */
export const QUERY_MODEL_VERSION = 1;

/** A Vigil query as stored in dashboards and alert rules. */
export interface VigilQuery extends DataQuery {
  version: number;
  source?: SourceId;
  mode: 'builder' | 'code';
  queryType: QueryType;
  expr: string;
  language: QueryLanguage;
  legend?: string;
  limit?: number;
}

export const DEFAULT_QUERY: Partial<VigilQuery> = {
  version: QUERY_MODEL_VERSION,
  mode: 'code',
  queryType: 'logs',
  expr: '',
  language: 'logql',
};

export type LogBackend = 'loki' | 'victorialogs';

/** Non-secret settings (jsonData). Secrets go to secureJsonData and stay in the backend. */
export interface VigilDataSourceOptions extends DataSourceJsonData {
  logBackend?: LogBackend;
  logUrl?: string;
  prometheusUrl?: string;
}
