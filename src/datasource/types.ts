import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import type { BuilderState } from '../querybuilder/types';

/** The four security sources Vigil understands. */
export type SourceId = 'audit' | 'coredns' | 'netfilter' | 'falco';

/** Query languages an expression can be written in; the backend refuses a mismatch. */
export type QueryLanguage = 'logql' | 'logsql' | 'promql';

export type QueryType = 'logs' | 'metric' | 'table' | 'detection';

/**
 * Current version of the stored query model; bump it and add a migration on change.
 * 1: code only. 2: adds the builder state.
 */
export const QUERY_MODEL_VERSION = 2;

interface VigilQueryBase extends DataQuery {
  version: number;
  source?: SourceId;
  queryType: QueryType;
  /** What the backend runs; the frontend compiles it from the builder in builder mode. */
  expr: string;
  language: QueryLanguage;
  legend?: string;
  limit?: number;
  /** Metric queries: evaluate at the end of the range only. */
  instant?: boolean;
  builder?: BuilderState;
}

/** Edited in the builder; `expr` is the builder's compilation. */
export interface BuilderQuery extends VigilQueryBase {
  mode: 'builder';
  builder: BuilderState;
}

/** Written by hand; a builder state, if any, is kept only to switch back. */
export interface CodeQuery extends VigilQueryBase {
  mode: 'code';
}

/** A Vigil query as stored in dashboards and alert rules. */
export type VigilQuery = BuilderQuery | CodeQuery;

export const DEFAULT_QUERY: Partial<CodeQuery> = {
  version: QUERY_MODEL_VERSION,
  mode: 'code',
  queryType: 'logs',
  expr: '',
  language: 'logql',
};

export type LogBackend = 'loki' | 'victorialogs';

export type UpstreamAuthType = 'none' | 'basic' | 'bearer';

/**
 * How VictoriaLogs holds a source's JSON events: `native` (split into fields at ingestion,
 * its default) or `verbatim` (the line kept in `_msg`). Absent: detected by the health check.
 */
export type VictoriaLogsLayout = 'native' | 'verbatim';

/**
 * Non-secret settings (jsonData). Secrets go to secureJsonData and stay in the backend.
 * Names match pkg/plugin/settings.go. Custom header N: name in jsonData `httpHeaderNameN`,
 * value in secureJsonData `httpHeaderValueN`.
 */
export interface VigilDataSourceOptions extends DataSourceJsonData {
  logBackend?: LogBackend;
  logUrl?: string;
  prometheusUrl?: string;
  logAuthType?: UpstreamAuthType;
  logBasicAuthUser?: string;
  prometheusAuthType?: UpstreamAuthType;
  prometheusBasicAuthUser?: string;
  /** Sent as X-Scope-OrgID to Loki and Prometheus (not VictoriaLogs). */
  tenantId?: string;
  tlsSkipVerify?: boolean;
  /** Per-request timeout; the backend defaults to 30. */
  timeoutSeconds?: number;
  /** Stream selector per source (frontend only: the builder compiles with it). */
  streamSelectors?: Partial<Record<SourceId, string>>;
  /** VictoriaLogs layout per source, overriding detection (pkg/plugin/settings.go validates it). */
  victoriaLogsLayout?: Partial<Record<SourceId, VictoriaLogsLayout>>;
  [httpHeaderName: `httpHeaderName${number}`]: string | undefined;
}

/** Secret settings (secureJsonData), decrypted only in the backend. */
export interface VigilSecureJsonData {
  logBasicAuthPassword?: string;
  logBearerToken?: string;
  prometheusBasicAuthPassword?: string;
  prometheusBearerToken?: string;
  /** PEM CA certificate trusted for both upstreams. */
  tlsCACert?: string;
  [httpHeaderValue: `httpHeaderValue${number}`]: string | undefined;
}
