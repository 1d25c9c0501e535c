/**
 * Pushes streams through Loki's JSON push API, which Loki and VictoriaLogs both accept.
 */
import type { Stream } from '../types';

export type Backend = 'loki' | 'victorialogs';

export interface PushOptions {
  backend?: Backend;
  /** Target request body size; a stream is split across requests when it is larger. */
  batchBytes?: number;
  /** Loki tenant (`X-Scope-OrgID`). */
  tenant?: string;
  /**
   * VictoriaLogs only: `native` (default) lets it split JSON lines into fields, as it does for
   * any shipper; `verbatim` keeps each line in `_msg`, as Loki would
   * (`disable_message_parsing=1`). Vigil reads both (docs/victorialogs.md).
   */
  layout?: 'native' | 'verbatim';
}

export interface PushReport {
  lines: number;
  requests: number;
  bytes: number;
}

const PUSH_PATH: Record<Backend, string> = { loki: '/loki/api/v1/push', victorialogs: '/insert/loki/api/v1/push' };

/** The push endpoint for a base URL (a URL that already names the push path is kept). */
export function pushUrl(base: string, o: PushOptions = {}): string {
  const backend = o.backend ?? 'loki';
  const trimmed = base.replace(/\/+$/, '');
  const url = new URL(/\/push$/.test(trimmed) ? trimmed : trimmed + PUSH_PATH[backend]);
  if (backend === 'victorialogs' && o.layout === 'verbatim') {
    url.searchParams.set('disable_message_parsing', '1');
  }
  return url.toString();
}

/** Cuts streams into request bodies of about `batchBytes`. */
export function* batches(streams: Stream[], batchBytes: number): Generator<Stream[]> {
  let batch: Stream[] = [];
  let size = 0;
  for (const s of streams) {
    let current: Stream = { stream: s.stream, values: [] };
    for (const v of s.values) {
      const entry = v[0].length + v[1].length + 8;
      if (size + entry > batchBytes && size > 0) {
        if (current.values.length > 0) {
          batch.push(current);
        }
        yield batch;
        batch = [];
        size = 0;
        current = { stream: s.stream, values: [] };
      }
      current.values.push(v);
      size += entry;
    }
    if (current.values.length > 0) {
      batch.push(current);
    }
  }
  if (batch.length > 0) {
    yield batch;
  }
}

/** Pushes all streams; rejects with the upstream status and message on the first failure. */
export async function pushToLoki(url: string, streams: Stream[], o: PushOptions = {}): Promise<PushReport> {
  const target = pushUrl(url, o);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (o.tenant) {
    headers['X-Scope-OrgID'] = o.tenant;
  }
  const report: PushReport = { lines: 0, requests: 0, bytes: 0 };
  for (const batch of batches(streams, o.batchBytes ?? 1 << 20)) {
    const body = JSON.stringify({ streams: batch });
    let res: Response;
    try {
      res = await fetch(target, { method: 'POST', headers, body });
    } catch (err) {
      throw new Error(`push to ${target} failed: ${(err as Error).cause ?? (err as Error).message}`);
    }
    if (!res.ok) {
      const text = (await res.text()).trim().slice(0, 500);
      throw new Error(`push to ${target} failed: HTTP ${res.status} ${res.statusText}: ${text}`);
    }
    report.requests++;
    report.bytes += body.length;
    report.lines += batch.reduce((n, s) => n + s.values.length, 0);
  }
  return report;
}
