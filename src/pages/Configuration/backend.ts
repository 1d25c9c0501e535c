/**
 * Stream detection and sampling through the Vigil data source, as the browser must do it:
 * label lookups are the backend's `labels`/`label-values` resources and lines come from a
 * logs query, so credentials stay in the backend and nothing talks to Loki directly.
 */
import { DataFrame, FieldType } from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';
import { getDataSourceInstance, getDataSourceInstanceSettings } from '@grafana/runtime/unstable';
import { runLogsQuery } from '../../datasource/runLogsQuery';
import type { VigilDataSourceOptions, VigilQuery } from '../../datasource/types';
import type { LogBackendCalls } from './probe';
import type { StreamSample } from './sourceStatus';

export type { LogBackendCalls } from './probe';

/** Lines and times of logs frames (dataplane `body`/`timestamp` or Loki's `Line`/`Time`). */
export function readLogFrames(frames: DataFrame[], rangeMs: number, limit: number): StreamSample {
  const lines: string[] = [];
  const timesMs: number[] = [];
  for (const frame of frames) {
    const body =
      frame.fields.find((f) => f.name === 'body' || f.name === 'Line') ??
      frame.fields.find((f) => f.type === FieldType.string);
    const time = frame.fields.find((f) => f.type === FieldType.time);
    body?.values.forEach((v, i) => {
      if (typeof v === 'string') {
        lines.push(v);
        const t = time?.values[i];
        const ms = typeof t === 'number' ? t : Date.parse(String(t));
        if (Number.isFinite(ms)) {
          timesMs.push(ms);
        }
      }
    });
  }
  return { lines, timesMs, rangeMs, limit };
}

/** Calls through the Vigil data source `uid`. `fresh` skips the backend's 30 s label cache. */
export async function dataSourceCalls(uid: string, fresh: boolean): Promise<LogBackendCalls> {
  const ds = (await getDataSourceInstance({ uid })) as DataSourceWithBackend<VigilQuery, VigilDataSourceOptions>;
  const backend = ((await getDataSourceInstanceSettings({ uid }))?.jsonData as VigilDataSourceOptions | undefined)
    ?.logBackend;
  const kind = backend === 'victorialogs' ? 'victoriaLogs' : 'loki';
  // The backend caches label answers by path and parameters; an extra parameter it ignores
  // makes "check again" see streams that started a moment ago.
  const bust: Record<string, string> = fresh ? { fresh: String(Date.now()) } : {};
  return {
    kind,
    resource: (path, params) => ds.getResource(path, { ...params, ...bust }),
    async logs(expr, rangeMs, limit) {
      const language = kind === 'victoriaLogs' ? 'logsql' : 'logql';
      const frames = await runLogsQuery(ds, { expr, language, rangeMs, limit, app: 'vigil-configuration' });
      return readLogFrames(frames, rangeMs, limit);
    },
  };
}
