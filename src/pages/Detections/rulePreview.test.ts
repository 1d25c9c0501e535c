/** @jest-environment-options {"customExportConditions": ["node", "require", "default"]} */
// Unit tests of the rule preview's data (rulePreview.utils.ts): buckets of one evaluation
// window, the histogram's grid and firing windows, and the condition fields that made each of
// the simulator's events match a catalog rule (checked against the detection matcher).
import { simulate } from '../../../backend-stub/src';
import { matchEvent, planRule, type Plan } from '../../detections';
import { CATALOG_RULES } from '../../detections/catalog';
import { parseRows } from '../../investigate/landing';
import type { SourceId } from '../../sources/types';
import {
  bucketMs,
  firingTimesOf,
  histogramFrame,
  histogramOf,
  hitRows,
  matchedFields,
  MAX_BUCKETS,
} from './rulePreview.utils';

const DAY = 86_400_000;
const MIN = 60_000;

describe('buckets', () => {
  it('is one evaluation window, or the smallest multiple of it within MAX_BUCKETS over the range', () => {
    expect(bucketMs(5 * MIN, DAY)).toBe(5 * MIN);
    expect(bucketMs(MIN, DAY)).toBe(MIN);
    expect(DAY / bucketMs(30_000, DAY)).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(bucketMs(30_000, DAY)).toBe(MIN);
    expect(bucketMs(7_000, DAY) % 7_000).toBe(0);
  });

  it("fills every bucket of the range on the backend's grid; the total is the points' sum", () => {
    const from = Date.parse('2026-03-01T00:00:00Z') + 17_000;
    const to = from + 3600_000;
    const step = 5 * MIN;
    // The backend stamps buckets on its own phase (here +2 s).
    const t = (k: number) => Date.parse('2026-03-01T00:00:02Z') + k * step;
    const h = histogramOf(
      [
        { t: t(2), v: 3 },
        { t: t(7), v: 4 },
      ],
      undefined,
      step,
      from,
      to
    );
    expect(h.total).toBe(7);
    expect(h.times.every((x, i) => i === 0 || x - h.times[i - 1] === step)).toBe(true);
    expect(h.times[0]).toBeLessThanOrEqual(from);
    expect(h.times[h.times.length - 1]).toBeGreaterThanOrEqual(to);
    expect(h.hits.filter((v) => v > 0)).toEqual([3, 4]);
    // An event rule fires in every window with a hit.
    expect(h.firing).toEqual(h.hits.map((v) => v > 0));
  });

  it("marks a window rule's firing windows from its alert query's series; the frame splits hits by them", () => {
    const step = MIN;
    const h = histogramOf(
      [
        { t: 0, v: 5 },
        { t: MIN, v: 30 },
        { t: 2 * MIN, v: 2 },
      ],
      firingTimesOf([
        [{ t: MIN, v: 25 }],
        [
          { t: MIN, v: 21 },
          { t: 3 * MIN, v: 0 },
        ],
      ]),
      step,
      0,
      2 * MIN
    );
    expect(h.firing.slice(0, 3)).toEqual([false, true, false]);
    const frame = histogramFrame(h, 'victorialogs', true);
    const [time, firing, quiet] = frame.fields;
    expect(time.values).toEqual(h.times);
    expect(firing.values.slice(0, 3)).toEqual([0, 30, 0]);
    expect(quiet.values.slice(0, 3)).toEqual([5, 0, 2]);
    expect(firing.config.custom).toMatchObject({ drawStyle: 'bars', barAlignment: 1, stacking: { mode: 'normal' } });
    // Loki's point at t counts (t - step, t]: the bar sits left of it. Event rules: one series.
    const loki = histogramFrame(h, 'loki', false);
    expect(loki.fields).toHaveLength(2);
    expect(loki.fields[1].config.custom.barAlignment).toBe(-1);
  });
});

describe('the fields that made an event match', () => {
  const TO = Date.parse('2026-03-01T12:00:00Z');
  const sim = simulate({ seed: 5, from: TO - 3 * 3600_000, to: TO, scenarios: 'all', profile: 'nearform' });
  const sourceOf = (l: Record<string, string>): SourceId =>
    l.job === 'auditlog'
      ? 'audit'
      : l.container === 'coredns'
        ? 'coredns'
        : l.job === 'kernellog'
          ? 'netfilter'
          : 'falco';
  const { events } = parseRows(
    sim.streams.flatMap((s) =>
      s.values.map(([ns, line]) => ({ source: sourceOf(s.stream), timeMs: Number(BigInt(ns) / BigInt(1e6)), line }))
    )
  );
  const plans: Plan[] = CATALOG_RULES.map((r) => planRule(r));

  it("are condition fields of the rule's plan, at least one for every event the rule matches", () => {
    let checked = 0;
    for (const plan of plans) {
      for (const ev of events.filter((e) => matchEvent(plan, e))) {
        const fields = matchedFields(plan, ev);
        expect(fields.every((f) => plan.fields.includes(f))).toBe(true);
        expect({ rule: plan.ruleId, some: fields.length > 0 }).toEqual({ rule: plan.ruleId, some: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('leave out the branches of an OR that did not hold and the exceptions', () => {
    const plan = planRule(CATALOG_RULES.find((r) => r.id === 'k8s-exec-into-pod')!);
    const exec = events.find((e) => matchEvent(plan, e))!;
    const fields = matchedFields(plan, exec);
    expect(fields).toEqual(expect.arrayContaining(['objectRef.resource', 'objectRef.subresource']));
    const or = {
      ...plan,
      cond: {
        k: 'or' as const,
        c: [
          plan.cond,
          { k: 'field' as const, field: 'user.username', neg: false, op: 'eq' as const, value: 'nobody-at-all' },
        ],
      },
      fields: [...plan.fields, 'user.username'],
    };
    expect(matchedFields(or, exec)).toEqual(fields);
    expect(matchedFields(plan, { ...exec, source: 'coredns' })).toEqual([]);
  });

  it('hitRows parses the rows and pairs each matched field with its value', () => {
    const plan = planRule(CATALOG_RULES.find((r) => r.id === 'k8s-exec-into-pod')!);
    const exec = events.find((e) => matchEvent(plan, e))!;
    const [row, bad] = hitRows(plan, [
      { time: exec.timeMs, line: exec.line },
      { time: 0, line: '{"kind":' },
    ]);
    expect(row.matched.find((m) => m.field === 'objectRef.subresource')?.value).toBe(
      String(exec.fields['objectRef.subresource'])
    );
    expect(bad).toEqual({ time: 0, line: '{"kind":', matched: [] });
  });
});
