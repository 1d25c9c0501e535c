/**
 * Log context ("show context" in Explore): the lines of the same stream just before or just
 * after a row, read through the backend query path like any logs query. The backend returns
 * the newest `limit` lines of a range, which is right before a row; after it, the window
 * narrows until it holds all its lines, so the oldest of them are the ones next to the row.
 */
// Types only: this module also runs in Node tests against the real backend.
import type { DataFrame, FieldType } from '@grafana/data';
import { isValidLabelName, quoteLogQLString } from '../logql/escape';
import type { QueryLanguage } from './types';

/** Runs a logs expression over [fromMs, toMs] with a line limit; the data source's backend path. */
export type RangeRunner = (expr: string, fromMs: number, toMs: number, limit: number) => Promise<DataFrame[]>;

export interface ContextRow {
  timeEpochMs: number;
  labels: Record<string, string>;
  /** The row's own id, left out of its context. */
  id?: string;
}

const WINDOW_MS = 3600_000;
const MIN_WINDOW_MS = 100;
/** Lines fetched per try after a row: enough that one narrowing usually suffices. */
const AFTER_FETCH = 1000;

/**
 * The row's stream as a selector: VictoriaLogs rows carry it whole in `_stream`; otherwise a
 * `{label="value"}` stream filter, which reads the same in LogQL and LogsQL. Fields the
 * compiled queries extract (`f_…`) and other `_` fields are not stream labels.
 */
export function streamSelector(labels: Record<string, string>): string | undefined {
  if (labels._stream?.startsWith('{')) {
    return labels._stream;
  }
  const matchers = Object.entries(labels)
    .filter(([k, v]) => isValidLabelName(k) && !k.startsWith('f_') && !k.startsWith('_') && v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${quoteLogQLString(v)}`);
  return matchers.length ? `{${matchers.join(',')}}` : undefined;
}

interface Line {
  frame: DataFrame;
  index: number;
  timeMs: number;
  id?: string;
}

function linesOf(frames: DataFrame[]): Line[] {
  const out: Line[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === ('time' as FieldType));
    const id = frame.fields.find((f) => f.name === 'id');
    time?.values.forEach((t, index) => out.push({ frame, index, timeMs: Number(t), id: id?.values[index] }));
  }
  return out;
}

/** One logs frame of the chosen lines, in the order given. */
function frameOf(lines: Line[], refId: string): DataFrame {
  const template = lines[0]?.frame;
  const fields = (template?.fields ?? []).map((f) => ({ ...f, values: lines.map((l) => l.frame.fields.find((g) => g.name === f.name)?.values[l.index]) }));
  return { ...template, refId, fields, length: lines.length };
}

/** The `limit` lines of the row's stream before (newest first) or after (oldest first) it. */
export async function logRowContext(
  row: ContextRow,
  direction: 'before' | 'after',
  limit: number,
  language: QueryLanguage,
  run: RangeRunner
): Promise<DataFrame[]> {
  const selector = streamSelector(row.labels);
  if (!selector || language === 'promql') {
    return [];
  }
  const t = row.timeEpochMs;
  const others = (lines: Line[]) => lines.filter((l) => !(row.id !== undefined && l.id === row.id));
  const refId = `context-${direction}`;
  if (direction === 'before') {
    const lines = others(linesOf(await run(selector, t - WINDOW_MS, t, limit + 1))).filter((l) => l.timeMs <= t);
    lines.sort((a, b) => b.timeMs - a.timeMs);
    return lines.length ? [frameOf(lines.slice(0, limit), refId)] : [];
  }
  for (let window = WINDOW_MS; ; window /= 10) {
    const fetched = linesOf(await run(selector, t, t + window, AFTER_FETCH));
    // A full answer may have skipped lines next to the row: narrow the window and ask again.
    if (fetched.length < AFTER_FETCH || window / 10 < MIN_WINDOW_MS) {
      const lines = others(fetched).filter((l) => l.timeMs >= t);
      lines.sort((a, b) => a.timeMs - b.timeMs);
      return lines.length ? [frameOf(lines.slice(0, limit), refId)] : [];
    }
  }
}
