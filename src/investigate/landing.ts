/**
 * The Investigate page before an entity is chosen: the entities behind recent detections.
 *
 * One request counts every catalog rule's hits over the range (the Detections page's counts,
 * with the user's parameters and exceptions), the per-source readiness probes, and for each
 * window rule its alert query once per window, which names the group keys that fired. A
 * second request reads the newest rows of every rule that fired, a capped number per rule
 * (a window rule's narrowed to the keys that fired, then kept only where the detection engine
 * finds the correlation on them). The source parsers turn the rows into events whose entity
 * fields (`entity.user`, `entity.pod`, `entity.ip`, `entity.domain`…) are tallied per entity.
 */
import {
  catalogTargets,
  evaluationOf,
  firingTarget,
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

/** A fired rule: its evaluation plan and, for a window rule, the group keys (field → value) that fired. */
export interface FiredRule extends RuleCount {
  /** Index of the rule in the list counted: its refIds are `rule<i>`, `firing<i>`, `rows<i>`. */
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

/**
 * The group keys (field → value) of the windows that fired, from the alert query's series: a
 * series with a value is a key that passed the threshold at some evaluation. A rule without
 * group-by fires as one key, `{}`.
 */
export function firedKeys(
  frames: FrameJson[] | undefined,
  plan: Plan,
  target: QueryLanguage
): Array<Record<string, string>> {
  const labels = keyLabels(plan, target);
  const out = new Map<string, Record<string, string>>();
  for (const f of frames ?? []) {
    f.schema?.fields.forEach((field, i) => {
      const values = f.data?.values[i] ?? [];
      if (field.type !== 'number' || !values.some((v) => Number(v) > 0)) {
        return;
      }
      const key = Object.fromEntries(labels.map(({ field: name, label }) => [name, field.labels?.[label] ?? '']));
      out.set(JSON.stringify(key), key);
    });
  }
  return [...out.values()];
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
 * rule's alert query per window (`firing<i>`).
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
  const firing = rules.flatMap((rule, i) => {
    const plan = planOf(rule, settings[rule.id], target);
    const q = plan?.window ? firingTarget(rule, settings[rule.id], target, plan.window.windowMs, rangeMs) : undefined;
    return q ? [{ ...q, refId: `firing${i}` }] : [];
  });
  return [...counts, ...firing];
}

/** The second request: the newest rows of each fired rule (`rows<i>`), a window rule's narrowed to its fired keys. */
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

/** The landing over [fromMs, toMs]: counts, readiness and firing keys in one request, then the fired rules' rows. */
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
    noteError(rule.id, `firing${i}`, counted);
    const keys = firedKeys(counted[`firing${i}`]?.frames, plan, target);
    // A window rule fired only where its alert query passed the threshold.
    if (keys.length > 0) {
      candidates.push({ rule, hits, index: i, plan, keys });
    }
  });
  const sources = Object.fromEntries(SOURCE_IDS.map((s) => [s, totalOf(counted[refIdOfSource(s)]?.frames)])) as Record<
    SourceId,
    number
  >;
  SOURCE_IDS.forEach((s) => noteError(s, refIdOfSource(s), counted));

  const fired = orderFired(candidates);
  const toRead = fired.slice(0, MAX_RULES);
  const rows = toRead.length ? await run(landingRowTargets(toRead, target), fromMs, toMs) : {};
  let unparsed = 0;
  const perRule = toRead.map((f): RuleEvents => {
    noteError(f.rule.id, `rows${f.index}`, rows);
    const read = rowsOf(rows, `rows${f.index}`, f.plan.source);
    const parsed = parseRows(read);
    unparsed += parsed.unparsed;
    const limit = f.plan.window ? ROWS_PER_WINDOW_RULE : ROWS_PER_RULE;
    const partial = f.plan.window ? read.length >= limit || (f.keys?.length ?? 0) > MAX_KEYS : read.length < f.hits;
    return { rule: f.rule, events: detectedEvents(f.plan, parsed.events), partial };
  });
  return { fromMs, toMs, sources, fired, read: toRead.length, unparsed, top: tallyEntities(perRule), errors };
}
