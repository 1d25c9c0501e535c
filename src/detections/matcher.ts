/**
 * Evaluates a plan on parsed events with the compiled queries' semantics: a missing or null
 * field reads as "", plain values compare case-insensitively unless `cased`, list fields match
 * element-wise on their JSON text, numbers compare on their decimal text, the line passes the
 * same pre-filter, and windows are (t − w, t] in event time, as LogQL's range aggregations.
 */
import type { ParsedEvent } from '../sources/types';
import { fieldValue, resolveField } from './fields';
import { anchoredRegex, elementRegex } from './leaf';
import { splitConjuncts } from './logql';
import { clauseHolds, planClauses, type PrefilterClause } from './prefilter';
import { rawJsonAt } from './rawjson';
import { jsRegex } from './regex';
import type { Cond, FieldLeaf, LineLeaf, Plan } from './types';
import { FLIP } from './numeric';

/** A compiled test of one leaf's value text (positive sense), built once per leaf. */
type Tester = (text: string) => boolean;

function buildTester(leaf: FieldLeaf, list: boolean): Tester {
  if (list) {
    // The array as written in the line, as `| json` and unpack_json hand it to the queries.
    const re = elementRegex(leaf);
    const rx = jsRegex(re.body, re.flags, false);
    return (raw) => rx.test(raw);
  }
  if (leaf.op === 'num' && leaf.neg) {
    // Negation flips the comparison: a value that is not a number satisfies neither.
    return buildTester({ ...leaf, cmp: FLIP[leaf.cmp], neg: false }, false);
  }
  if ((leaf.op === 'eq' || leaf.op === 'contains' || leaf.op === 'prefix' || leaf.op === 'suffix') && !leaf.ci) {
    const v = leaf.value;
    return leaf.op === 'eq' ? (t) => t === v : leaf.op === 'contains' ? (t) => t.includes(v) : leaf.op === 'prefix' ? (t) => t.startsWith(v) : (t) => t.endsWith(v);
  }
  const re = anchoredRegex(leaf);
  const rx = jsRegex(re.body, re.flags, true);
  return (t) => rx.test(t);
}

const testers = new WeakMap<FieldLeaf, Tester>();

function tester(leaf: FieldLeaf, list: boolean): Tester {
  let t = testers.get(leaf);
  if (!t) {
    t = buildTester(leaf, list);
    testers.set(leaf, t);
  }
  return t;
}

function fieldTest(leaf: FieldLeaf, ev: ParsedEvent, plan: Plan): boolean {
  const f = resolveField(plan.source, leaf.field);
  if (f.list && leaf.op !== 'exists') {
    return tester(leaf, true)(rawJsonAt(ev.line, f.json!.segments) ?? '') !== leaf.neg;
  }
  const text = fieldValue(ev, f).text;
  if (leaf.op === 'exists') {
    return (text !== '') === (leaf.value !== leaf.neg);
  }
  if (leaf.op === 'num') {
    return tester(leaf, false)(text);
  }
  if (leaf.op === 'fieldref') {
    return (text === fieldValue(ev, resolveField(plan.source, leaf.other)).text) !== leaf.neg;
  }
  return tester(leaf, false)(text) !== leaf.neg;
}

function lineTest(leaf: LineLeaf, line: string): boolean {
  const hit = leaf.op === 'contains' ? line.includes(leaf.value) : jsRegex(leaf.source, leaf.flags, false).test(line);
  return hit !== leaf.neg;
}

function evaluate(c: Cond, ev: ParsedEvent, plan: Plan): boolean {
  switch (c.k) {
    case 'and':
      return c.c.every((x) => evaluate(x, ev, plan));
    case 'or':
      return c.c.some((x) => evaluate(x, ev, plan));
    case 'const':
      return c.value;
    case 'line':
      return lineTest(c, ev.line);
    default:
      return fieldTest(c, ev, plan);
  }
}

const clauseCache = new WeakMap<Plan, PrefilterClause[]>();

/** The plan's pre-filter clauses, which the compiled queries test on the raw line before parsing. */
export function prefilterOf(plan: Plan): PrefilterClause[] {
  let clauses = clauseCache.get(plan);
  if (!clauses) {
    clauses = plan.cond.k === 'const' ? [] : planClauses(plan, splitConjuncts(plan).rest);
    clauseCache.set(plan, clauses);
  }
  return clauses;
}

/** The condition alone, without the line pre-filter (for the pre-filter's soundness test). */
export function matchCondition(plan: Plan, ev: ParsedEvent): boolean {
  return ev.source === plan.source && evaluate(plan.cond, ev, plan);
}

/**
 * Does one event satisfy the rule (exceptions included)? The line must also pass the
 * pre-filter, as in the queries: this only matters for lines that spell a value with JSON
 * escapes no encoder in use writes (`cr\u0065ate`), which then match nowhere (README: "Escapes").
 */
export function matchEvent(plan: Plan, ev: ParsedEvent): boolean {
  // The condition first: on a parsed event it is cheaper than substring scans of the line.
  return ev.source === plan.source && evaluate(plan.cond, ev, plan) && prefilterOf(plan).every((c) => clauseHolds(c, ev.line));
}

/** Event time in nanoseconds (the sub-millisecond digits kept by the parsers). */
export function eventNs(ev: ParsedEvent): bigint {
  return BigInt(ev.timeMs) * BigInt(1000000) + BigInt(ev.timeNs ? ev.timeNs.padEnd(6, '0').slice(0, 6) : 0);
}

/** The group key of an event: its group-by values, as the query's labels. */
export function groupKey(plan: Plan, ev: ParsedEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const g of plan.window?.groupBy ?? []) {
    const f = resolveField(plan.source, g);
    out[f.label] = fieldValue(ev, f).text;
  }
  return out;
}

function keyText(key: Record<string, string>): string {
  return Object.values(key).join(',');
}

/**
 * The alert query's value per key at time t (ns), over events that already matched: counts
 * (or distinct counted values) in (t − window, t], kept only when they pass the threshold.
 * Event rules count all matches in the alert window.
 */
export function windowValues(plan: Plan, matched: ParsedEvent[], t: bigint): Map<string, { key: Record<string, string>; value: number }> {
  const w = plan.window;
  const windowNs = BigInt(w ? w.windowMs : 0) * BigInt(1000000) || BigInt(alertWindowMs(plan)) * BigInt(1000000);
  const groups = new Map<string, { key: Record<string, string>; values: Set<string>; count: number }>();
  for (const ev of matched) {
    const ns = eventNs(ev);
    if (ns <= t - windowNs || ns > t) {
      continue;
    }
    const key = groupKey(plan, ev);
    const id = JSON.stringify(key);
    const g = groups.get(id) ?? { key, values: new Set<string>(), count: 0 };
    g.count++;
    if (w?.field) {
      g.values.add(fieldValue(ev, resolveField(plan.source, w.field)).text);
    }
    groups.set(id, g);
  }
  const out = new Map<string, { key: Record<string, string>; value: number }>();
  for (const [id, g] of groups) {
    const value = w?.type === 'value_count' ? g.values.size : g.count;
    const pass = !w ? value > 0 : w.op === 'gte' ? value >= w.threshold : value > w.threshold;
    if (pass) {
      out.set(id, { key: g.key, value });
    }
  }
  return out;
}

function alertWindowMs(plan: Plan): number {
  const m = plan.alertWindow.match(/^(\d+)(ms|s|m|h|d)$/)!;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2] as 'ms'];
}

/** One detection: the indexes (into the given events) of the lines behind it. */
export interface Detection {
  ruleId: string;
  /** Window rules: the group values joined by `,`. */
  key?: string;
  events: number[];
}

/**
 * Runs a rule over events (any order). Event rules give one detection per matching event.
 * Window rules slide over each key's matches in time order and report a detection whenever
 * the window ending at a match passes the threshold, then start afresh after it.
 */
export function detect(plan: Plan, events: ParsedEvent[]): Detection[] {
  const matched = events.map((ev, i) => ({ ev, i })).filter(({ ev }) => matchEvent(plan, ev));
  const w = plan.window;
  if (!w) {
    return matched.map(({ i }) => ({ ruleId: plan.ruleId, events: [i] }));
  }
  const byKey = new Map<string, Array<{ ev: ParsedEvent; i: number; ns: bigint }>>();
  for (const m of matched) {
    const k = keyText(groupKey(plan, m.ev));
    byKey.set(k, [...(byKey.get(k) ?? []), { ...m, ns: eventNs(m.ev) }]);
  }
  const windowNs = BigInt(w.windowMs) * BigInt(1000000);
  const out: Detection[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.i - b.i));
    let from = 0;
    for (let end = 0; end < list.length; end++) {
      while (list[from].ns <= list[end].ns - windowNs) {
        from++;
      }
      const inWindow = list.slice(from, end + 1);
      const value = w.type === 'event_count' ? inWindow.length : new Set(inWindow.map((x) => fieldValue(x.ev, resolveField(plan.source, w.field!)).text)).size;
      if (w.op === 'gte' ? value >= w.threshold : value > w.threshold) {
        out.push({ ruleId: plan.ruleId, key, events: inWindow.map((x) => x.i) });
        from = end + 1;
      }
    }
  }
  return out.sort((a, b) => a.events[0] - b.events[0]);
}
