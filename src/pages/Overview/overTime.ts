/**
 * Detections over time: each rule that fired in the range counted per step (the rule
 * preview's count query), summed per severity or per source into one frame for a time series.
 */
import { DataFrame, FieldType } from '@grafana/data';
import { previewTargets, seriesOf, type DsQuery, type QueryResults } from '../../alerting/queries';
import type { QueryTarget } from '../../alerting/target';
import type { Level, Rule } from '../../detections';
import { SOURCES } from '../../sources';
import { SOURCE_IDS } from '../../sources/types';
import type { RuleCount } from './overview.utils';

const LEVELS: Level[] = ['critical', 'high', 'medium', 'low', 'informational'];
const COLORS: Record<Level, string> = { critical: 'dark-red', high: 'red', medium: 'orange', low: 'blue', informational: 'text' };
const SOURCE_COLORS: Record<string, string> = { audit: 'purple', coredns: 'green', netfilter: 'yellow', falco: 'blue' };
/** Queries in the third request at most: the noisiest rules decide the shape. */
export const MAX_RULES = 40;

/** About 60 points over the range, in whole minutes. */
export function stepFor(rangeMs: number): number {
  return Math.max(60_000, Math.round(rangeMs / 60 / 60_000) * 60_000);
}

/** One count query per fired rule (noisiest first), and the rule of each refId. */
export function overTimeTargets(rules: RuleCount[], target: QueryTarget, rangeMs: number): { targets: DsQuery[]; rules: Map<string, Rule> } {
  const fired = rules.filter((r) => r.hits > 0).sort((a, b) => b.hits - a.hits).slice(0, MAX_RULES);
  const byRef = new Map<string, Rule>();
  const targets = fired.map((r, i) => {
    const refId = `over_time_${i}`;
    byRef.set(refId, r.rule);
    return { ...previewTargets(r.rule, undefined, target, stepFor(rangeMs))[0], refId };
  });
  return { targets, rules: byRef };
}

const GROUPS = {
  severity: { keyOf: (r: Rule) => r.level, order: LEVELS as string[], title: (k: string) => k, color: (k: string) => COLORS[k as Level] },
  source: { keyOf: (r: Rule) => r.logsource.service, order: SOURCE_IDS as string[], title: (k: string) => SOURCES[k as keyof typeof SOURCES].title, color: (k: string) => SOURCE_COLORS[k] },
};

/** One frame: time, then hits per step of each severity or source that fired (missing steps are 0). */
export function hitsFrame(results: QueryResults, rules: Map<string, Rule>, by: keyof typeof GROUPS): DataFrame {
  const group = GROUPS[by];
  const perKey = new Map<string, Map<number, number>>();
  for (const [refId, rule] of rules) {
    const points = perKey.get(group.keyOf(rule)) ?? new Map<number, number>();
    for (const { t, v } of seriesOf(results[refId]?.frames)) {
      points.set(t, (points.get(t) ?? 0) + v);
    }
    perKey.set(group.keyOf(rule), points);
  }
  const times = [...new Set([...perKey.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const fields = group.order
    .filter((k) => perKey.has(k))
    .map((key) => {
      const color = group.color(key);
      return {
        name: key,
        type: FieldType.number,
        values: times.map((t) => perKey.get(key)!.get(t) ?? 0),
        config: { displayName: group.title(key), ...(color ? { color: { mode: 'fixed', fixedColor: color } } : {}) },
      };
    });
  return { name: `Detections by ${by}`, length: times.length, fields: [{ name: 'Time', type: FieldType.time, values: times, config: {} }, ...fields] };
}
