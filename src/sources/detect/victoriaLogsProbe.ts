/**
 * LogBackendProbe over the VictoriaLogs HTTP API (stream_field_names, stream_field_values,
 * query). Lines pushed through its Loki endpoint that were JSON objects are stored as fields
 * with a placeholder `_msg`; the probe rebuilds the JSON line from the fields so the source
 * parsers can confirm it.
 */
import { getText } from './http';
import { type LogBackendProbe, type ProbeRange, type StreamQuery, toLogsQL } from './probe';

interface VictoriaLogsOptions extends ProbeRange {
  /** Base URL, e.g. http://localhost:9428 */
  url: string;
  /** AccountID / ProjectID tenant headers. */
  accountId?: string;
  projectId?: string;
}

type Row = Record<string, string>;

/** Sets a dotted field back into a nested object; JSON-looking arrays become arrays again. */
function setPath(target: Record<string, unknown>, key: string, value: string): void {
  const parts = key.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) {
    const next = node[p];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      node[p] = {};
    }
    node = node[p] as Record<string, unknown>;
  }
  let v: unknown = value;
  if (value.startsWith('[') || value.startsWith('{')) {
    try {
      v = JSON.parse(value);
    } catch {
      v = value;
    }
  }
  node[parts[parts.length - 1]] = v;
}

/** The line a row stood for: `_msg`, or the JSON object VictoriaLogs unpacked at ingestion. */
export function rowLine(row: Row): string {
  const msg = row._msg ?? '';
  if (msg !== '' && !msg.startsWith('missing _msg field')) {
    return msg;
  }
  // Stream labels come back as fields too; they are kept (a Falco line's `rule` is also
  // falcosidekick's label) and are harmless extra keys for the parsers.
  const obj: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (!k.startsWith('_')) {
      setPath(obj, k, v);
    }
  }
  return JSON.stringify(obj);
}

/** A probe talking to VictoriaLogs at `opts.url`. */
export function victoriaLogsProbe(opts: VictoriaLogsOptions): LogBackendProbe {
  const base = opts.url.replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  if (opts.accountId) {
    headers.AccountID = opts.accountId;
  }
  if (opts.projectId) {
    headers.ProjectID = opts.projectId;
  }
  const range = `start=${new Date(opts.startMs).toISOString()}&end=${new Date(opts.endMs).toISOString()}`;
  const values = async (path: string): Promise<string[]> => {
    const body = JSON.parse(await getText('VictoriaLogs', `${base}${path}&${range}`, headers)) as {
      values?: Array<{ value: string }>;
    };
    return (body.values ?? []).map((v) => v.value);
  };
  return {
    kind: 'victoriaLogs',
    labelNames: () => values('/select/logsql/stream_field_names?query=*'),
    labelValues: (label) => values(`/select/logsql/stream_field_values?query=*&field=${encodeURIComponent(label)}`),
    async sampleLines(query: StreamQuery, limit: number) {
      const q = encodeURIComponent(toLogsQL(query));
      const text = await getText(
        'VictoriaLogs',
        `${base}/select/logsql/query?query=${q}&limit=${limit}&${range}`,
        headers
      );
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => rowLine(JSON.parse(l) as Row));
    },
  };
}
