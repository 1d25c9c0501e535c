// Loki's push API, sent either to a real Loki or to VictoriaLogs' Loki-compatible endpoint.
import { flushVictoriaLogs, tenantHeaders, victoriaLogsUrls } from './victorialogs';

export interface LokiStream {
  stream: Record<string, string>;
  /** [timestamp in Unix nanoseconds, log line] */
  values: Array<[string, string]>;
}

export interface PushOptions {
  /** Default: 'victorialogs' for a server this harness started, else 'loki'. */
  backend: 'loki' | 'victorialogs';
  /**
   * VictoriaLogs only. `verbatim` (default) keeps each line in `_msg`, as Loki keeps it;
   * `native` is VictoriaLogs' own default: JSON lines are split into fields at ingestion.
   */
  layout?: 'verbatim' | 'native';
  /** `accountID[:projectID]` (VictoriaLogs' AccountID/ProjectID headers; Loki's X-Scope-OrgID). Default: none. */
  tenant?: string;
}

export async function pushLoki(baseUrl: string, streams: LokiStream[], opts?: PushOptions): Promise<void> {
  const base = baseUrl.replace(/\/+$/, '');
  const backend = opts?.backend ?? (victoriaLogsUrls.has(base) ? 'victorialogs' : 'loki');
  // VictoriaLogs parses JSON lines into fields by default and then has no `_msg`;
  // disabling that keeps the line verbatim in `_msg`, as Loki keeps it.
  const url =
    backend === 'victorialogs'
      ? `${base}/insert/loki/api/v1/push${opts?.layout === 'native' ? '' : '?disable_message_parsing=1'}`
      : `${base}/loki/api/v1/push`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(backend === 'victorialogs'
        ? tenantHeaders(opts?.tenant)
        : opts?.tenant
          ? { 'X-Scope-OrgID': opts.tenant }
          : {}),
    },
    body: JSON.stringify({ streams }),
  });
  if (!res.ok) {
    throw new Error(`Loki push to ${url} failed: HTTP ${res.status}: ${await res.text()}`);
  }
  if (backend === 'victorialogs') {
    await flushVictoriaLogs(base);
  }
}

/** The real Loki to run the opt-in suites against (`VIGIL_LOKI_URL`), if any. */
export function lokiUrlFromEnv(): string | undefined {
  const url = process.env.VIGIL_LOKI_URL?.trim();
  return url ? url.replace(/\/+$/, '') : undefined;
}

export interface LokiEntry {
  labels: Record<string, string>;
  /** Unix nanoseconds */
  ts: string;
  line: string;
}

/** Runs a LogQL log query over [startNs, endNs] on a real Loki and flattens the streams. */
export async function queryLokiRange(
  baseUrl: string,
  query: string,
  startNs: string,
  endNs: string
): Promise<LokiEntry[]> {
  const params = new URLSearchParams({ query, start: startNs, end: endNs, limit: '5000', direction: 'forward' });
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/loki/api/v1/query_range?${params}`);
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`LogQL query ${JSON.stringify(query)} failed: HTTP ${res.status}: ${text}`);
  }
  const body = JSON.parse(text) as { data: { resultType: string; result: LokiStream[] } };
  if (body.data.resultType !== 'streams') {
    throw new Error(`LogQL query ${JSON.stringify(query)} returned ${body.data.resultType}, not streams`);
  }
  return body.data.result.flatMap((s) => s.values.map(([ts, line]) => ({ labels: s.stream, ts, line })));
}
