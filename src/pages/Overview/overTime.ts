/**
 * Detections over time by severity: each rule that fired in the range counted per step
 * (the rule preview's count query), summed per severity into one frame for a time series.
 */
import { DataFrame, FieldType } from '@grafana/data';
import { previewTargets, seriesOf, type DsQuery, type QueryResults } from '../../alerting/queries';
import type { Backend, Level } from '../../detections';
import type { RuleCount } from './overview.utils';

const LEVELS: Level[] = ['critical', 'high', 'medium', 'low', 'informational'];
const COLORS: Record<Level, string> = { critical: 'dark-red', high: 'red', medium: 'orange', low: 'blue', informational: 'text' };
/** Queries in the third request at most: the noisiest rules decide the shape. */
export const MAX_RULES = 40;

/** About 60 points over the range, in whole minutes. */
export function stepFor(rangeMs: number): number {
  return Math.max(60_000, Math.round(rangeMs / 60 / 60_000) * 60_000);
}

/** One count query per fired rule (noisiest first), and the severity of each refId. */
export function overTimeTargets(rules: RuleCount[], dsUid: string, backend: Backend, rangeMs: number): { targets: DsQuery[]; levels: Map<string, Level> } {
  const fired = rules.filter((r) => r.hits > 0).sort((a, b) => b.hits - a.hits).slice(0, MAX_RULES);
  const levels = new Map<string, Level>();
  const targets = fired.map((r, i) => {
    const refId = `over_time_${i}`;
    levels.set(refId, r.rule.level);
    return { ...previewTargets(r.rule, undefined, dsUid, backend, stepFor(rangeMs))[0], refId };
  });
  return { targets, levels };
}

/** One frame: time, then hits per step of each severity that fired (missing steps are 0). */
export function severityFrame(results: QueryResults, levels: Map<string, Level>): DataFrame {
  const perLevel = new Map<Level, Map<number, number>>();
  for (const [refId, level] of levels) {
    const points = perLevel.get(level) ?? new Map<number, number>();
    for (const { t, v } of seriesOf(results[refId]?.frames)) {
      points.set(t, (points.get(t) ?? 0) + v);
    }
    perLevel.set(level, points);
  }
  const times = [...new Set([...perLevel.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const fields = LEVELS.filter((l) => perLevel.has(l)).map((level) => ({
    name: level,
    type: FieldType.number,
    values: times.map((t) => perLevel.get(level)!.get(t) ?? 0),
    config: { displayName: level, color: { mode: 'fixed', fixedColor: COLORS[level] } },
  }));
  return { name: 'Detections by severity', length: times.length, fields: [{ name: 'Time', type: FieldType.time, values: times, config: {} }, ...fields] };
}
