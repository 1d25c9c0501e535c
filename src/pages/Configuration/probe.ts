/** The detection probe over the page's backend calls; pure, so tests drive it with their own calls. */
import { type LogBackendProbe, type StreamQuery, toLogQL, toLogsQL } from '../../sources/detect';
import type { StreamSample } from './sourceStatus';

/** What the page needs from the data source; a test can pass its own. */
export interface LogBackendCalls {
  kind: 'loki' | 'victoriaLogs';
  resource(path: 'labels' | 'label-values', params: Record<string, string>): Promise<unknown>;
  logs(expr: string, rangeMs: number, limit: number): Promise<StreamSample>;
}

const listOf = (body: unknown, key: 'labels' | 'values'): string[] => {
  const list = (body as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
};

/** The detection probe over these calls; samples cover `rangeMs`. */
export function callsProbe(calls: LogBackendCalls, rangeMs: number): LogBackendProbe {
  return {
    kind: calls.kind,
    // Stream labels only, as the health check reads them: on VictoriaLogs' native layout an
    // event's own fields (Falco's rule, priority) would otherwise look like shipper labels.
    labelNames: async () => listOf(await calls.resource('labels', { scope: 'stream' }), 'labels'),
    labelValues: async (label) => listOf(await calls.resource('label-values', { label, scope: 'stream' }), 'values'),
    async sampleLines(query: StreamQuery, limit: number) {
      return (await calls.logs(exprFor(calls.kind, query), rangeMs, limit)).lines;
    },
  };
}

/** The query text of a stream query in the backend's language. */
export function exprFor(kind: LogBackendCalls['kind'], query: StreamQuery): string {
  return kind === 'victoriaLogs' ? toLogsQL(query) : toLogQL(query);
}
