/**
 * Replays observed audit requests through a policy: per rule, how many requests it catches
 * and how many bytes a day it would write, scaled from the sample to the whole range.
 */
import { describeRule } from './describe';
import { evaluateAttributes, naturalStages } from './evaluate';
import { Observed, observe } from './observe';
import { BodySizes, requestBytes } from './size';
import type { Level, Policy, Stage } from './types';

const DAY_MS = 86_400_000;

export interface ReplayOptions {
  /** Length of the time range the events were read from, in milliseconds. */
  rangeMs: number;
  /** Audit lines in that range when the events are a sample of them; default: no sampling. */
  totalLines?: number;
}

/** The volume one rule (or, with ruleIndex -1, no rule) accounts for. */
export interface RuleVolume {
  ruleIndex: number;
  level: Level;
  summary: string;
  requests: number;
  linesPerDay: number;
  bytesPerDay: number;
  /** Share of the policy's total bytes, 0..1. */
  share: number;
  /** Share of this row's bytes that is estimated (bodies the sample did not carry), 0..1. */
  estimatedShare: number;
}

export interface ReplayResult {
  rows: RuleVolume[];
  totalBytesPerDay: number;
  totalLinesPerDay: number;
  estimatedShare: number;
  sample: { events: number; requests: number; skipped: number; totalLines: number; scale: number; rangeMs: number };
}

/** Replays an already grouped sample (use this to compare several policies on one sample). */
export function replayObserved(policy: Policy, observed: Observed, opts: ReplayOptions, sizes = new BodySizes(observed.requests)): ReplayResult {
  const totalLines = Math.max(opts.totalLines ?? observed.events, observed.events);
  const scale = observed.events > 0 ? totalLines / observed.events : 1;
  const perDay = (scale * DAY_MS) / Math.max(opts.rangeMs, 1);
  const rows: RuleVolume[] = policy.rules.map((rule, i) => ({ ruleIndex: i, level: rule.level, summary: describeRule(rule), requests: 0, linesPerDay: 0, bytesPerDay: 0, share: 0, estimatedShare: 0 }));
  const unmatched: RuleVolume = { ruleIndex: -1, level: 'None', summary: 'no rule matched (None)', requests: 0, linesPerDay: 0, bytesPerDay: 0, share: 0, estimatedShare: 0 };
  const estimated = new Map<RuleVolume, number>();
  for (const r of observed.requests) {
    const ev = evaluateAttributes(policy, r.attrs);
    const row = ev.ruleIndex >= 0 ? rows[ev.ruleIndex] : unmatched;
    // Observed stages count too: a sample can show stages (Panic, a streamed log) the
    // request's kind does not normally produce.
    const stages = ev.level === 'None' ? [] : [...new Set<Stage>([...naturalStages(r.attrs), ...(Object.keys(r.byStage) as Stage[])])].filter((s) => !ev.omitStages.includes(s));
    const est = requestBytes(r, ev.level, stages, ev.omitManagedFields, sizes);
    row.requests++;
    row.linesPerDay += est.lines * perDay;
    row.bytesPerDay += est.bytes * perDay;
    estimated.set(row, (estimated.get(row) ?? 0) + est.estimatedBytes * perDay);
  }
  const all = unmatched.requests > 0 ? [...rows, unmatched] : rows;
  const totalBytesPerDay = all.reduce((s, r) => s + r.bytesPerDay, 0);
  const totalEstimated = [...estimated.values()].reduce((s, v) => s + v, 0);
  for (const row of all) {
    row.share = totalBytesPerDay > 0 ? row.bytesPerDay / totalBytesPerDay : 0;
    row.estimatedShare = row.bytesPerDay > 0 ? (estimated.get(row) ?? 0) / row.bytesPerDay : 0;
  }
  return {
    rows: all,
    totalBytesPerDay,
    totalLinesPerDay: all.reduce((s, r) => s + r.linesPerDay, 0),
    estimatedShare: totalBytesPerDay > 0 ? totalEstimated / totalBytesPerDay : 0,
    sample: { events: observed.events, requests: observed.requests.length, skipped: observed.skipped, totalLines, scale, rangeMs: opts.rangeMs },
  };
}

/** Replays observed events (ParsedEvents, raw Event objects or JSON lines) through a policy. */
export function replay(policy: Policy, events: Iterable<unknown>, opts: ReplayOptions): ReplayResult {
  return replayObserved(policy, observe(events), opts);
}

export interface Comparison {
  current: ReplayResult;
  proposed: ReplayResult;
  /** proposed / current total bytes (0 when current is empty). */
  ratio: number;
  savedBytesPerDay: number;
}

/** Replays one sample through two policies, side by side. */
export function comparePolicies(current: Policy, proposed: Policy, events: Iterable<unknown>, opts: ReplayOptions): Comparison {
  const observed = observe(events);
  const sizes = new BodySizes(observed.requests);
  const a = replayObserved(current, observed, opts, sizes);
  const b = replayObserved(proposed, observed, opts, sizes);
  return { current: a, proposed: b, ratio: a.totalBytesPerDay > 0 ? b.totalBytesPerDay / a.totalBytesPerDay : 0, savedBytesPerDay: a.totalBytesPerDay - b.totalBytesPerDay };
}
