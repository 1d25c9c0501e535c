// The test stack: real VictoriaLogs and Prometheus on loopback, and Loki's push API.
// See README.md in this folder for VictoriaLogs' Loki-push behaviour.
export type { RunningServer, ManagedServer } from './process';
export { startVictoriaLogs, flushVictoriaLogs, queryLogsQL, tenantHeaders } from './victorialogs';
export type { VictoriaLogsOptions, LogsQLRow, QueryOptions } from './victorialogs';
export { startPrometheus, prometheusConfig, queryPromQL } from './prometheus';
export type { PrometheusOptions, PromSample } from './prometheus';
export { pushLoki, lokiUrlFromEnv, queryLokiRange } from './loki';
export type { LokiStream, LokiEntry, PushOptions } from './loki';
