/**
 * The Investigate page before an entity is chosen: the entities behind recent detections.
 *
 * One request counts every catalog rule's hits over the range (the Detections page's counts,
 * with the user's parameters and exceptions), the per-source readiness probes, and for each
 * window rule its counts per group key per window, which name the keys that can have fired. A
 * second request reads the newest rows of every rule that fired, a capped number per rule (a
 * window rule's narrowed to those keys, then kept only where the detection engine finds the
 * correlation on them). The source parsers turn the rows into events whose entity fields
 * (`entity.user`, `entity.pod`, `entity.ip`, `entity.domain`…) are tallied per entity.
 */
import {
  catalogTargets,
  baseQuery,
  countExpr,
  evaluationOf,
  refIdOfRule,
  refIdOfSource,
  totalOf,
  type DsQuery,
  type FrameJson,
} from '../alerting/queries';
import { keyLabels } from '../alerting/payload';
import type { RuleSettings } from '../alerting/settings';
import type { QueryLanguage, QueryTarget } from '../alerting/target';
import { detect, type Cond, type Level, type Plan, type Rule } from '../detections';
import { CATALOG_RULES } from '../detections/catalog';
import { SOURCES } from '../sources';
import { SOURCE_IDS, type ParsedEvent, type SourceId } from '../sources/types';
import { formatEntity, type Entity, type EntityKind } from './entity';
import { logsTarget, rowsOf, type QueryRunner } from './queries';
import { entitiesOf, type LogRow } from './timeline';

/** The kinds the landing ranks, in the order it shows them. */
export const LANDING_KINDS = ['user', 'pod', 'ip', 'domain', 'node', 'image'] as const satisfies readonly EntityKind[];
export type LandingKind = (typeof LANDING_KINDS)[number];

/** Rows read per fired event rule: the newest. A rule with more hits makes its entities' counts lower bounds. */
export const ROWS_PER_RULE = 200;
/** Rows read per fired window rule: a correlation needs the whole window's events to be found again. */
export const ROWS_PER_WINDOW_RULE = 1000;
/** Group keys of a window rule whose rows are read. */
export const MAX_KEYS = 20;
/** Fired rules whose rows are read, most severe first, then the noisiest (the catalog holds fewer). */
export const MAX_RULES = 60;
/** Entities shown per kind. */
export const TOP_PER_KIND = 5;

/** Most severe first. */
export const LEVELS: Level[] = ['critical', 'high', 'medium', 'low', 'informational'];
const rank = (l: Level) => LEVELS.indexOf(l);

/** A rule and what the backend counted of it over the range. */
export interface RuleCount {
  rule: Rule;
  /** Events the rule matches (a window rule's before correlation), as the Detections page counts them. */
  hits: number;
}

/** A fired rule: its evaluation plan and, for a window rule, the group keys (field → value) that may have fired. */
export interface FiredRule extends RuleCount {
  /** Index of the rule in the list counted: its refIds are `rule<i>`, `windows<i>`, `rows<i>`. */
  index: number;
  plan: Plan;
  keys?: Array<Record<string, string>>;
}

/** Events of one rule's detections, as the tally reads them. */
export interface RuleEvents {
  rule: Rule;
  events: ParsedEvent[];
  /** More hits exist than rows were read: the counts of its entities are lower bounds. */
  partial: boolean;
}

/** A rule that named an entity, and how many of its detected events did. */
export interface EntityRule {
  id: string;
  title: string;
  level: Level;
  hits: number;
}

export interface LandingEntity {
  entity: Entity;
  /** Rule hits naming the entity among the rows read (an event two rules detect counts twice). */
  hits: number;
  /** The most severe level of the rules that named it. */
  level: Level;
  /** The rules that named it, most severe first, then by hits. */
  rules: EntityRule[];
  /** Some rule that named it had more hits than rows read: `hits` is a lower bound. */
  partial: boolean;
  /** The newest hit naming it, epoch milliseconds. */
  lastMs: number;
}

export type TopEntities = Record<LandingKind, LandingEntity[]>;

export interface Landing {
  fromMs: number;
  toMs: number;
  /** Lines per source in the range (the readiness probes): 0 means no stream of it sent any. */
  sources: Record<SourceId, number>;
  /** Rules that fired in the range, most severe first, then the noisiest. */
  fired: FiredRule[];
  /** How many of `fired` had their rows read (MAX_RULES at most). */
  read: number;
  /** Rows that did not parse, left out of the tally. */
  unparsed: number;
  top: TopEntities;
  /** Query errors, `<rule or source>: <message>`. */
  errors: string[];
}

const LANDING_KIND_SET: ReadonlySet<string> = new Set(LANDING_KINDS);
const isLandingKind = (k: EntityKind): k is LandingKind => LANDING_KIND_SET.has(k);

/** Most severe first, then the noisiest, then by id (a stable order for equal counts). */
export function orderFired<T extends RuleCount>(counts: T[]): T[] {
  return counts
    .filter((c) => c.hits > 0)
    .sort((a, b) => rank(a.rule.level) - rank(b.rule.level) || b.hits - a.hits || a.rule.id.localeCompare(b.rule.id));
}

/** Buckets a window rule's counts may take over the range: a longer range counts per a longer bucket. */
const MAX_WINDOW_BUCKETS = 10_000;

/** The bucket of a window rule's counts: its window, or longer when the range holds too many. */
export function windowStepMs(windowMs: number, rangeMs: number): number {
  return Math.max(windowMs, Math.ceil(rangeMs / MAX_WINDOW_BUCKETS / 1000) * 1000);
}

/**
 * A window rule's counts per key per bucket (`windows<i>`): its alert query with the threshold
 * lowered to "> 0", one bucket per `stepMs`, so every key with a match in a bucket has a value.
 */
export function windowCountsTarget(
  refId: string,
  plan: Plan,
  target: QueryTarget,
  stepMs: number,
  rangeMs: number
): DsQuery {
  const open: Plan = { ...plan, window: { ...plan.window!, op: 'gt', threshold: 0 } };
  return {
    ...baseQuery(refId, target, plan.source),
    queryType: 'metric',
    expr: countExpr(open, target, false),
    intervalMs: stepMs,
    maxDataPoints: Math.ceil(rangeMs / stepMs) + 1,
  };
}

/** A group key (field → value) that may have fired, and its largest count over two neighbouring buckets. */
export interface CandidateKey {
  key: Record<string, string>;
  peak: number;
}

/**
 * The keys whose events may make a detection, from a window rule's counts per bucket of its
 * window (or longer): the events of a sliding window lie in at most two neighbouring buckets, so
 * a key fires somewhere only where two neighbouring buckets together reach the threshold (for
 * distinct values too, the sum bounds the union). Every key that fires is among them; the
 * engine's correlation over their rows decides. Highest peak first; a rule without group-by
 * gives the one key `{}`.
 */
export function candidateKeys(
  frames: FrameJson[] | undefined,
  plan: Plan,
  target: QueryLanguage,
  stepMs: number
): CandidateKey[] {
  const w = plan.window;
  if (!w) {
    return [];
  }
  const labels = keyLabels(plan, target);
  const passes = (v: number) => (w.op === 'gte' ? v >= w.threshold : v > w.threshold);
  const out = new Map<string, CandidateKey>();
  for (const f of frames ?? []) {
    const fields = f.schema?.fields ?? [];
    const ti = fields.findIndex((x) => x.type === 'time');
    fields.forEach((field, i) => {
      if (field.type !== 'number') {
        return;
      }
      const times = (f.data?.values[ti] ?? []).map(Number);
      const points = (f.data?.values[i] ?? [])
        .map((v, j) => ({ t: times[j], v: Number(v) || 0 }))
        .sort((a, b) => a.t - b.t);
      let peak = 0;
      points.forEach((p, j) => {
        const next = points[j + 1];
        peak = Math.max(peak, p.v + (next && next.t - p.t <= stepMs ? next.v : 0));
      });
      if (!passes(peak)) {
        return;
      }
      const key = Object.fromEntries(labels.map(({ field: name, label }) => [name, field.labels?.[label] ?? '']));
      const id = JSON.stringify(key);
      out.set(id, { key, peak: Math.max(peak, out.get(id)?.peak ?? 0) });
    });
  }
  return [...out.values()].sort((a, b) => b.peak - a.peak);
}

const eq = (field: string, value: string): Cond => ({ k: 'field', field, neg: false, op: 'eq', value });
const all = (c: Cond[]): Cond => (c.length === 1 ? c[0] : { k: 'and', c });
const any = (c: Cond[]): Cond => (c.length === 1 ? c[0] : { k: 'or', c });

/** A window rule's plan narrowed to events of the keys that fired (an empty key, or none, narrows nothing). */
export function narrowToKeys(plan: Plan, keys: Array<Record<string, string>>): Plan {
  const tests = keys
    .filter((k) => Object.keys(k).length > 0)
    .map((k) => all(Object.entries(k).map(([f, v]) => eq(f, v))));
  if (tests.length === 0 || tests.length < keys.length) {
    return plan;
  }
  return { ...plan, cond: all([plan.cond, any(tests)]) };
}

/** Parses rows; the ones that do not parse are counted. */
export function parseRows(rows: LogRow[]): { events: ParsedEvent[]; unparsed: number } {
  const events: ParsedEvent[] = [];
  let unparsed = 0;
  for (const row of rows) {
    const parsed = SOURCES[row.source].parse(row.line, { entryTimeMs: row.timeMs });
    if (parsed.ok) {
      events.push({ ...parsed.event, timeMs: row.timeMs });
    } else {
      unparsed++;
    }
  }
  return { events, unparsed };
}

/** The events of a window rule that make up its detections (the correlation found again on them). */
export function detectedEvents(plan: Plan, events: ParsedEvent[]): ParsedEvent[] {
  if (!plan.window) {
    return events;
  }
  const kept = new Set(detect(plan, events).flatMap((d) => d.events));
  return events.filter((_, i) => kept.has(i));
}

/** Tallies the entities the events name, per kind: the `n` with the most hits (then the most severe, then by value). */
export function tallyEntities(perRule: RuleEvents[], n = TOP_PER_KIND): TopEntities {
  const byKey = new Map<string, LandingEntity & { byRule: Map<string, EntityRule> }>();
  for (const { rule, events, partial } of perRule) {
    for (const ev of events) {
      for (const entity of entitiesOf(ev)) {
        if (!isLandingKind(entity.kind)) {
          continue;
        }
        const key = formatEntity(entity);
        const e = byKey.get(key) ?? {
          entity,
          hits: 0,
          level: rule.level,
          rules: [],
          partial: false,
          lastMs: ev.timeMs,
          byRule: new Map(),
        };
        e.hits++;
        e.partial ||= partial;
        e.lastMs = Math.max(e.lastMs, ev.timeMs);
        if (rank(rule.level) < rank(e.level)) {
          e.level = rule.level;
        }
        const r = e.byRule.get(rule.id) ?? { id: rule.id, title: rule.title, level: rule.level, hits: 0 };
        r.hits++;
        e.byRule.set(rule.id, r);
        byKey.set(key, e);
      }
    }
  }
  const top = Object.fromEntries(LANDING_KINDS.map((k) => [k, [] as LandingEntity[]])) as TopEntities;
  for (const { byRule, ...e } of byKey.values()) {
    const rules = [...byRule.values()].sort(
      (a, b) => rank(a.level) - rank(b.level) || b.hits - a.hits || a.id.localeCompare(b.id)
    );
    top[e.entity.kind as LandingKind].push({ ...e, rules });
  }
  for (const k of LANDING_KINDS) {
    top[k] = top[k]
      .sort((a, b) => b.hits - a.hits || rank(a.level) - rank(b.level) || a.entity.value.localeCompare(b.entity.value))
      .slice(0, n);
  }
  return top;
}

/** The evaluation plan of a rule, or undefined when it does not compile for the target. */
function planOf(rule: Rule, settings: RuleSettings | undefined, target: QueryLanguage): Plan | undefined {
  try {
    return evaluationOf(rule, settings, target).plan;
  } catch {
    return undefined;
  }
}

/**
 * The first request: rule i's count (`rule<i>`) with the readiness probes, and each window
 * rule's counts per key per window (`windows<i>`).
 */
export function landingCountTargets(
  target: QueryTarget,
  rangeMs: number,
  rules: Rule[] = CATALOG_RULES,
  settings: Record<string, RuleSettings> = {}
): DsQuery[] {
  const counts = catalogTargets(
    rules.map((rule) => ({ rule, settings: settings[rule.id] })),
    target,
    rangeMs
  ).targets;
  const windows = rules.flatMap((rule, i) => {
    const plan = planOf(rule, settings[rule.id], target);
    return plan?.window
      ? [windowCountsTarget(`windows${i}`, plan, target, windowStepMs(plan.window.windowMs, rangeMs), rangeMs)]
      : [];
  });
  return [...counts, ...windows];
}

/** The second request: the newest rows of each fired rule (`rows<i>`), a window rule's narrowed to its candidate keys. */
export function landingRowTargets(fired: FiredRule[], target: QueryTarget): DsQuery[] {
  return fired.map((f) =>
    f.plan.window
      ? logsTarget(
          `rows${f.index}`,
          narrowToKeys(f.plan, (f.keys ?? []).slice(0, MAX_KEYS)),
          target,
          ROWS_PER_WINDOW_RULE
        )
      : logsTarget(`rows${f.index}`, f.plan, target, ROWS_PER_RULE)
  );
}

/** The landing over [fromMs, toMs]: counts, readiness and window counts in one request, then the fired rules' rows. */
export async function loadLanding(
  target: QueryTarget,
  fromMs: number,
  toMs: number,
  run: QueryRunner,
  opts: { rules?: Rule[]; settings?: Record<string, RuleSettings> } = {}
): Promise<Landing> {
  const rules = opts.rules ?? CATALOG_RULES;
  const settings = opts.settings ?? {};
  const counted = await run(landingCountTargets(target, toMs - fromMs, rules, settings), fromMs, toMs);
  const errors: string[] = [];
  const noteError = (what: string, refId: string, res: Record<string, { error?: string }>) => {
    const err = res[refId]?.error;
    err && errors.push(`${what}: ${err}`);
  };
  const candidates: FiredRule[] = [];
  rules.forEach((rule, i) => {
    const res = counted[refIdOfRule(i)];
    const plan = planOf(rule, settings[rule.id], target);
    // A rule that does not compile has no query: the Detections page says why.
    if (!res || !plan) {
      return;
    }
    noteError(rule.id, refIdOfRule(i), counted);
    const hits = totalOf(res.frames);
    if (!plan.window) {
      candidates.push({ rule, hits, index: i, plan });
      return;
    }
    noteError(rule.id, `windows${i}`, counted);
    const keys = candidateKeys(
      counted[`windows${i}`]?.frames,
      plan,
      target,
      windowStepMs(plan.window.windowMs, toMs - fromMs)
    );
    // No key reaches the threshold in any two neighbouring windows: the rule cannot have fired.
    if (keys.length > 0) {
      candidates.push({ rule, hits, index: i, plan, keys: keys.map((k) => k.key) });
    }
  });
  const sources = Object.fromEntries(SOURCE_IDS.map((s) => [s, totalOf(counted[refIdOfSource(s)]?.frames)])) as Record<
    SourceId,
    number
  >;
  SOURCE_IDS.forEach((s) => noteError(s, refIdOfSource(s), counted));

  const ordered = orderFired(candidates);
  const toRead = ordered.slice(0, MAX_RULES);
  const rows = toRead.length ? await run(landingRowTargets(toRead, target), fromMs, toMs) : {};
  let unparsed = 0;
  const perRule = toRead.map((f): RuleEvents => {
    noteError(f.rule.id, `rows${f.index}`, rows);
    const read = rowsOf(rows, `rows${f.index}`, f.plan.source);
    const parsed = parseRows(read);
    unparsed += parsed.unparsed;
    const partial = f.plan.window
      ? read.length >= ROWS_PER_WINDOW_RULE || (f.keys?.length ?? 0) > MAX_KEYS
      : read.length < f.hits;
    return { rule: f.rule, events: detectedEvents(f.plan, parsed.events), partial };
  });
  // A window rule read whose correlation the engine does not find on its rows did not fire.
  const silent = new Set(
    perRule.filter((r, i) => toRead[i].plan.window && r.events.length === 0 && !r.partial).map((r) => r.rule.id)
  );
  const fired = ordered.filter((f) => !silent.has(f.rule.id));
  const read = toRead.length - silent.size;
  return { fromMs, toMs, sources, fired, read, unparsed, top: tallyEntities(perRule), errors };
}
