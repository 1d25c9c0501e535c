/** @jest-environment-options {"customExportConditions": ["node", "require", "default"]} */
import { CATALOG_RULES } from '../../detections/catalog';
import type { FrameJson } from '../../alerting/queries';
import { hitsFrame, overTimeTargets, stepFor } from './overTime';

const rule = (level: string, nth = 0) => CATALOG_RULES.filter((r) => r.level === level)[nth];
const series = (points: Array<[number, number]>): FrameJson[] => [
  { schema: { fields: [{ name: 'Time', type: 'time' }, { name: 'Value', type: 'number' }] }, data: { values: [points.map((p) => p[0]), points.map((p) => p[1])] } },
];

describe('detections over time by severity', () => {
  it('queries only the rules that fired, noisiest first, counted per step', () => {
    const { targets, rules } = overTimeTargets(
      [
        { rule: rule('high'), hits: 2 },
        { rule: rule('critical'), hits: 0 },
        { rule: rule('medium'), hits: 9 },
      ],
      { dsUid: 'vigil', backend: 'victorialogs' },
      6 * 3600_000
    );
    expect(targets.map((t) => [t.refId, t.queryType, t.intervalMs])).toEqual([
      ['over_time_0', 'metric', 360_000],
      ['over_time_1', 'metric', 360_000],
    ]);
    expect([...rules].map(([ref, r]) => [ref, r.level])).toEqual([
      ['over_time_0', 'medium'],
      ['over_time_1', 'high'],
    ]);
    expect(stepFor(3600_000)).toBe(60_000);
  });

  it('sums the rules of a severity or a source per step, with 0 where one has no point', () => {
    const high = CATALOG_RULES.filter((r) => r.level === 'high');
    const [a, b] = [high.find((r) => r.logsource.service === 'audit')!, high.find((r) => r.logsource.service !== 'audit')!];
    const c = rule('critical');
    const rules = new Map([
      ['a', a],
      ['b', b],
      ['c', c],
    ]);
    const results = { a: { frames: series([[60, 1], [120, 2]]) }, b: { frames: series([[120, 5]]) }, c: { frames: series([[180, 1]]) } };
    expect(hitsFrame(results, rules, 'severity').fields.map((f) => [f.name, f.values])).toEqual([
      ['Time', [60, 120, 180]],
      ['critical', [0, 0, 1]],
      ['high', [1, 7, 0]],
    ]);
    const bySource = hitsFrame(results, rules, 'source');
    const total = (name: string) => bySource.fields.filter((f) => f.name === name).flatMap((f) => f.values).reduce((n, v) => n + v, 0);
    expect(total('audit')).toBe(3 + (b.logsource.service === 'audit' ? 5 : 0) + (c.logsource.service === 'audit' ? 1 : 0));
    expect(bySource.fields.slice(1).flatMap((f) => f.values).reduce((n, v) => n + v, 0)).toBe(9);
  });
});
