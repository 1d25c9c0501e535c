/**
 * Where the advisor's events come from: a sample of audit lines over a time range. The page
 * takes any AuditSampleLoader (tests pass the simulator's lines); the default reads the
 * Vigil data source's logs query.
 */
import { DataFrame, FieldType } from '@grafana/data';
import { getDataSourceInstance, getDataSourceInstanceSettings } from '@grafana/runtime/unstable';
import { selectorFor, configuredSelectors } from '../../alerting/target';
import { runLogsQuery } from '../../datasource/runLogsQuery';
import type { VigilDataSourceOptions } from '../../datasource/types';
import { parseAudit } from '../../sources';

export interface AuditSample {
  /** Audit Event lines or objects (anything else is counted as skipped). */
  events: unknown[];
  rangeMs: number;
  /** Audit lines in the range when `events` is a sample of them. */
  totalLines?: number;
}

export type AuditSampleLoader = (rangeMs: number) => Promise<AuditSample>;

/** Lines of the first string field of each logs frame (the dataplane `body` or Loki `Line`). */
export function linesOf(frames: DataFrame[]): string[] {
  const out: string[] = [];
  for (const frame of frames) {
    const field =
      frame.fields.find((f) => f.name === 'body' || f.name === 'Line') ??
      frame.fields.find((f) => f.type === FieldType.string);
    field?.values.forEach((v) => typeof v === 'string' && out.push(v));
  }
  return out;
}

/**
 * The events of audit lines, read by the audit parser: a row VictoriaLogs stores as fields
 * comes back as one flat JSON line (`{"objectRef.resource":"pods",…}`), which the parser
 * rebuilds into the nested event. A line it refuses stays as it is (the advisor skips it).
 */
export function auditEvents(lines: string[]): unknown[] {
  return lines.map((line) => {
    const parsed = parseAudit(line);
    return parsed.ok ? parsed.event : line;
  });
}

/** Milliseconds between the first and last entry of the frames' time fields. */
export function timeSpanMs(frames: DataFrame[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const frame of frames) {
    frame.fields
      .find((f) => f.type === FieldType.time)
      ?.values.forEach((v) => {
        const t = typeof v === 'number' ? v : Date.parse(String(v));
        if (Number.isFinite(t)) {
          min = Math.min(min, t);
          max = Math.max(max, t);
        }
      });
  }
  return max > min ? max - min : 0;
}

/**
 * The query the advisor samples: the audit stream selector configured on the data source, else
 * the built-in default, as every page reads it. A `{label="value"}` selector is a stream filter
 * in LogQL and LogsQL alike, and reads the events however VictoriaLogs stores them.
 */
export function auditSampleExpr(jsonData: VigilDataSourceOptions | undefined): string {
  return selectorFor({ selectors: configuredSelectors(jsonData) }, 'audit');
}

/** A loader that runs the sample's logs query through the Vigil data source, in its backend's language. */
export function dataSourceLoader(limit: number): AuditSampleLoader {
  return async (rangeMs) => {
    const ref = { type: 'vigil-k8ssecurity-datasource' };
    const ds = await getDataSourceInstance(ref);
    const jsonData = (await getDataSourceInstanceSettings(ref))?.jsonData as VigilDataSourceOptions | undefined;
    const frames = await runLogsQuery(ds, {
      expr: auditSampleExpr(jsonData),
      language: jsonData?.logBackend === 'victorialogs' ? 'logsql' : 'logql',
      rangeMs,
      limit,
      app: 'vigil-audit-policy',
      source: 'audit',
    });
    const events = auditEvents(linesOf(frames));
    // A full page holds only part of the range: rate it over the span it actually covers.
    const span = timeSpanMs(frames);
    return { events, rangeMs: events.length >= limit && span > 0 ? span : rangeMs };
  };
}
