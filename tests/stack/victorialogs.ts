// A real VictoriaLogs on a free loopback port, built by scripts/build-victorialogs.sh.
import { launch, ManagedServer, requireBinary, versionsVar } from './process';

/** URLs of the VictoriaLogs servers this process started, so pushLoki can pick the right endpoint. */
export const victoriaLogsUrls = new Set<string>();

export interface VictoriaLogsOptions {
  /** Default 100y: VictoriaLogs drops rows older than the retention, and fixtures may be old. */
  retentionPeriod?: string;
}

export async function startVictoriaLogs(opts: VictoriaLogsOptions = {}): Promise<ManagedServer> {
  const binary = requireBinary(process.env.VICTORIALOGS_BIN || versionsVar('VICTORIALOGS_BIN'), 'VictoriaLogs');
  const server = await launch({
    name: 'victorialogs',
    binary,
    readyPath: '/health',
    args: (port, dataDir) => [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${dataDir}`,
      `-retentionPeriod=${opts.retentionPeriod ?? '100y'}`,
      '-loggerLevel=WARN',
    ],
  });
  victoriaLogsUrls.add(server.url);
  const stop = server.stop;
  return {
    ...server,
    stop: async () => {
      victoriaLogsUrls.delete(server.url);
      await stop();
    },
  };
}

/** Makes everything pushed so far visible to queries, instead of waiting for the ~1 s in-memory flush. */
export async function flushVictoriaLogs(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/internal/force_flush`);
  if (!res.ok) {
    throw new Error(`VictoriaLogs force_flush failed: HTTP ${res.status}: ${await res.text()}`);
  }
}

/** One row of a LogsQL answer: `_msg`, `_time`, `_stream` and every field, as strings. */
export type LogsQLRow = Record<string, string>;

/**
 * VictoriaLogs' headers for a tenant written `accountID[:projectID]` (as Loki's `X-Scope-OrgID`
 * is for VictoriaLogs); none for the default tenant.
 */
export function tenantHeaders(tenant?: string): Record<string, string> {
  if (tenant === undefined) {
    return {};
  }
  const m = /^(\d+)(?::(\d+))?$/.exec(tenant);
  if (!m) {
    throw new Error(`VictoriaLogs tenant ${JSON.stringify(tenant)} is not accountID[:projectID]`);
  }
  return { AccountID: m[1], ProjectID: m[2] ?? '0' };
}

export interface QueryOptions {
  /** `accountID[:projectID]`; default: the default tenant (0:0). */
  tenant?: string;
}

/** Runs a LogsQL query over all time (unless the query narrows it) and returns the rows. */
export async function queryLogsQL(
  baseUrl: string,
  query: string,
  params: Record<string, string> = {},
  opts: QueryOptions = {}
): Promise<LogsQLRow[]> {
  const body = new URLSearchParams({ query, ...params });
  const res = await fetch(`${baseUrl}/select/logsql/query`, {
    method: 'POST',
    body,
    headers: tenantHeaders(opts.tenant),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`LogsQL query ${JSON.stringify(query)} failed: HTTP ${res.status}: ${text}`);
  }
  // The answer is JSON lines, one object per row.
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogsQLRow);
}
