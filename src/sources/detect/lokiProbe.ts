/** LogBackendProbe over the Loki HTTP API (labels, label values, query_range). */
import { getText } from './http';
import { type LogBackendProbe, type ProbeRange, type StreamQuery, toLogQL } from './probe';

interface LokiOptions extends ProbeRange {
  /** Base URL, e.g. http://localhost:3100 */
  url: string;
  /** X-Scope-OrgID for multi-tenant Loki. */
  tenant?: string;
}

const ns = (ms: number) => `${Math.floor(ms)}000000`;

/** A probe talking to Loki at `opts.url`. */
export function lokiProbe(opts: LokiOptions): LogBackendProbe {
  const base = opts.url.replace(/\/+$/, '');
  const headers: Record<string, string> = opts.tenant ? { 'X-Scope-OrgID': opts.tenant } : {};
  const range = `start=${ns(opts.startMs)}&end=${ns(opts.endMs)}`;
  const data = async <T>(path: string): Promise<T> => {
    const body = JSON.parse(await getText('Loki', `${base}${path}`, headers)) as { data?: T };
    return (body.data ?? []) as T;
  };
  return {
    kind: 'loki',
    labelNames: () => data<string[]>(`/loki/api/v1/labels?${range}`),
    labelValues: (label) => data<string[]>(`/loki/api/v1/label/${encodeURIComponent(label)}/values?${range}`),
    async sampleLines(query: StreamQuery, limit: number) {
      const q = encodeURIComponent(toLogQL(query));
      const result = await data<{ result?: Array<{ values: Array<[string, string]> }> }>(
        `/loki/api/v1/query_range?query=${q}&${range}&limit=${limit}&direction=backward`
      );
      return (result.result ?? []).flatMap((s) => s.values.map((v) => v[1])).slice(0, limit);
    },
  };
}
