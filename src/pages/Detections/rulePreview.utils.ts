/**
 * The rule preview's data, apart from React: the histogram's bucket (one evaluation window of
 * the alert rule), the frame Grafana's time series panel draws (hits per window, the windows
 * where the alert fires apart), and the hit rows with the condition fields that made each match.
 */
import { DataFrame, FieldType } from '@grafana/data';
import type { Backend, Cond, Plan } from '../../detections';
import { fieldValue, resolveField } from '../../detections/fields';
import { matchCondition } from '../../detections/matcher';
import { SOURCES } from '../../sources';
import type { ParsedEvent } from '../../sources/types';

/** Buckets over the range at most: a shorter window is shown per whole multiple of it. */
export const MAX_BUCKETS = 1440;

/** The histogram's bucket: the rule's evaluation window, or the smallest multiple of it that keeps MAX_BUCKETS. */
export function bucketMs(windowMs: number, rangeMs: number): number {
  return windowMs * Math.max(1, Math.ceil(rangeMs / MAX_BUCKETS / windowMs));
}

export interface Histogram {
  stepMs: number;
  /** Bucket times (as the backend stamps them), every bucket of the range, empty ones at 0. */
  times: number[];
  hits: number[];
  /** Per bucket: an evaluation in it passed the threshold (a window rule's alert query had a value). */
  firing: boolean[];
  total: number;
}

/**
 * Every bucket of [fromMs, toMs] on the backend's grid (read off the points it returned), with
 * the hits of each and whether the alert fires in it. Event rules fire on any hit; a window
 * rule where its alert query (the same step) returned a value.
 */
export function histogramOf(
  points: Array<{ t: number; v: number }>,
  firingTimes: number[] | undefined,
  stepMs: number,
  fromMs: number,
  toMs: number
): Histogram {
  const byTime = new Map(points.map((p) => [p.t, p.v]));
  const phase = points.length ? ((points[0].t % stepMs) + stepMs) % stepMs : 0;
  const first = Math.floor((fromMs - phase) / stepMs) * stepMs + phase;
  const times: number[] = [];
  for (let t = first; t <= toMs + stepMs; t += stepMs) {
    times.push(t);
  }
  // Points off the grid (there should be none) still count.
  for (const p of points) {
    if (!times.includes(p.t)) {
      times.push(p.t);
    }
  }
  times.sort((a, b) => a - b);
  const fired = firingTimes ? new Set(firingTimes) : undefined;
  const hits = times.map((t) => byTime.get(t) ?? 0);
  return {
    stepMs,
    times,
    hits,
    firing: times.map((t, i) => (fired ? fired.has(t) : hits[i] > 0)),
    total: hits.reduce((n, v) => n + v, 0),
  };
}

/** Times at which some series of an alert query holds a value above 0. */
export function firingTimesOf(series: Array<Array<{ t: number; v: number }>>): number[] {
  return [...new Set(series.flatMap((s) => s.filter((p) => p.v > 0).map((p) => p.t)))].sort((a, b) => a - b);
}

const FIRING_COLOR = 'red';
const QUIET_COLOR = 'blue';

/**
 * The frame of the histogram: hits per bucket as bars, split into the windows where the alert
 * fires and, for a window rule, those below its threshold (stacked). On Loki a point at t
 * counts (t − step, t], on VictoriaLogs [t, t + step): the bars sit on their window.
 */
export function histogramFrame(h: Histogram, backend: Backend, windowRule: boolean): DataFrame {
  const custom = {
    drawStyle: 'bars',
    fillOpacity: 80,
    lineWidth: 1,
    showPoints: 'never',
    barAlignment: backend === 'loki' ? -1 : 1,
    stacking: { mode: 'normal', group: 'hits' },
    axisSoftMin: 0,
  };
  const field = (name: string, displayName: string, values: number[], color: string) => ({
    name,
    type: FieldType.number,
    values,
    config: { displayName, decimals: 0, color: { mode: 'fixed', fixedColor: color }, custom },
  });
  const firing = field(
    'firing',
    windowRule ? 'Hits in windows that fire' : 'Hits (each window with one fires)',
    h.hits.map((v, i) => (h.firing[i] ? v : 0)),
    FIRING_COLOR
  );
  const quiet = field(
    'quiet',
    'Hits in windows below the threshold',
    h.hits.map((v, i) => (h.firing[i] ? 0 : v)),
    QUIET_COLOR
  );
  return {
    name: 'Hits per evaluation window',
    length: h.times.length,
    fields: [
      { name: 'Time', type: FieldType.time, values: h.times, config: {} },
      firing,
      ...(windowRule ? [quiet] : []),
    ],
  };
}

/**
 * The condition fields that made an event match: the positive tests that hold, through every
 * branch of an AND and the branches of an OR that hold. Negated tests (exceptions, NOT) did not
 * make it match and are left out. In the order of the plan's fields.
 */
export function matchedFields(plan: Plan, ev: ParsedEvent): string[] {
  const out = new Set<string>();
  const holds = (c: Cond) => matchCondition({ ...plan, cond: c }, ev);
  const walk = (c: Cond) => {
    if (c.k === 'field') {
      if (!c.neg) {
        out.add(c.field);
        c.op === 'fieldref' && out.add(c.other);
      }
    } else if (c.k === 'and') {
      c.c.forEach(walk);
    } else if (c.k === 'or') {
      c.c.filter(holds).forEach(walk);
    }
  };
  if (holds(plan.cond)) {
    walk(plan.cond);
  }
  return plan.fields.filter((f) => out.has(f));
}

export interface HitRow {
  time: number;
  line: string;
  event?: ParsedEvent;
  /** The condition fields that made it match, with their values as the matcher reads them. */
  matched: Array<{ field: string; value: string }>;
}

/** Parses the hit rows and finds the fields that made each match. */
export function hitRows(plan: Plan, rows: Array<{ time: number; line: string }>): HitRow[] {
  return rows.map(({ time, line }) => {
    const parsed = SOURCES[plan.source].parse(line, { entryTimeMs: time });
    if (!parsed.ok) {
      return { time, line, matched: [] };
    }
    const event = { ...parsed.event, timeMs: time };
    const matched = matchedFields(plan, event).map((field) => ({
      field,
      value: fieldValue(event, resolveField(plan.source, field)).text,
    }));
    return { time, line, event, matched };
  });
}
