/**
 * The merged timeline: rows of every source's query parsed by the source parsers, tagged
 * with the detection rules they match, deduplicated (a Falco alert may come from both the
 * direct and the resolved query), newest first. Lines that do not parse stay on the
 * timeline with their raw text and the parse error: nothing is dropped.
 */
import { planRule, matchEvent, type Plan, type Rule } from '../detections';
import { CATALOG_RULES } from '../detections/catalog';
import { SOURCES } from '../sources';
import type { ParseError, ParsedEvent, SourceId } from '../sources/types';
import { sameEntity, type Entity, type EntityKind } from './entity';

/** One row a logs query returned. */
export interface LogRow {
  source: SourceId;
  timeMs: number;
  line: string;
  /** How the row relates to the entity when it came through resolution. */
  via?: string;
}

/** A detection rule the event satisfies. */
export interface RuleHit {
  id: string;
  title: string;
  level: Rule['level'];
}

export interface TimelineEvent {
  /** Stable across reloads (source, time, line hash): the URL's `event=`. */
  id: string;
  source: SourceId;
  timeMs: number;
  line: string;
  event?: ParsedEvent;
  parseError?: ParseError;
  via?: string;
  hits: RuleHit[];
  /** What the event is about, for the row summary and the related entities. */
  entities: Entity[];
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable id, not a security hash. */
export function lineHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export const eventId = (source: SourceId, timeMs: number, line: string) => `${source}-${timeMs}-${lineHash(line)}`;

let rulePlans: Map<SourceId, Array<{ rule: Rule; plan: Plan }>> | undefined;

/** Plans of the catalog rules by source (rules that cannot plan are left out: they mark nothing). */
function catalogPlans(): Map<SourceId, Array<{ rule: Rule; plan: Plan }>> {
  if (!rulePlans) {
    rulePlans = new Map();
    for (const rule of CATALOG_RULES) {
      try {
        const plan = planRule(rule);
        const list = rulePlans.get(plan.source) ?? [];
        list.push({ rule, plan });
        rulePlans.set(plan.source, list);
      } catch {
        // A rule the planner refuses is reported on the Detections page.
      }
    }
  }
  return rulePlans;
}

/** Catalog rules whose condition the event satisfies (window rules: one event of the count). */
export function ruleHits(ev: ParsedEvent): RuleHit[] {
  return (catalogPlans().get(ev.source) ?? [])
    .filter(({ plan }) => matchEvent(plan, ev))
    .map(({ rule }) => ({ id: rule.id, title: rule.title, level: rule.level }));
}

const SINGLE: Array<[string, EntityKind]> = [
  ['entity.user', 'user'],
  ['entity.namespace', 'namespace'],
  ['entity.node', 'node'],
  ['entity.ip', 'ip'],
  ['entity.peer', 'ip'],
  ['entity.domain', 'domain'],
  ['entity.image', 'image'],
];

/** The entities an event names, pods as namespace/name (an audit create names the pod in its body). */
export function entitiesOf(ev: ParsedEvent): Entity[] {
  const out: Entity[] = [];
  const add = (e: Entity) => !out.some((x) => sameEntity(x, e)) && out.push(e);
  for (const [field, kind] of SINGLE) {
    const v = ev.fields[field];
    if (typeof v === 'string' && v !== '') {
      add({ kind, value: v });
    }
  }
  let pod: unknown = ev.fields['entity.pod'];
  if (pod === undefined && ev.source === 'audit' && ev.fields['objectRef.resource'] === 'pods') {
    const body = (ev.object as { requestObject?: { metadata?: { name?: unknown } } } | undefined)?.requestObject;
    pod = typeof body?.metadata?.name === 'string' ? body.metadata.name : undefined;
  }
  const ns = ev.fields['entity.namespace'];
  if (typeof pod === 'string' && typeof ns === 'string') {
    add({ kind: 'pod', value: `${ns}/${pod}` });
  }
  return out;
}

/** Parses and tags rows; malformed lines keep their raw text and error. */
export function toEvents(rows: LogRow[]): TimelineEvent[] {
  return rows.map((row) => {
    const parsed = SOURCES[row.source].parse(row.line, { entryTimeMs: row.timeMs });
    const base = { id: eventId(row.source, row.timeMs, row.line), source: row.source, timeMs: row.timeMs, line: row.line, ...(row.via ? { via: row.via } : {}) };
    if (!parsed.ok) {
      return { ...base, parseError: parsed.error, hits: [], entities: [] };
    }
    // The backend's entry time orders the timeline, as the queries' ranges see it.
    const event = { ...parsed.event, timeMs: row.timeMs };
    return { ...base, event, hits: ruleHits(event), entities: entitiesOf(event) };
  });
}

/** Newest first, one event per id; a direct row wins over the same row reached through resolution. */
export function mergeTimeline(...lists: TimelineEvent[][]): TimelineEvent[] {
  const byId = new Map<string, TimelineEvent>();
  for (const ev of lists.flat()) {
    const seen = byId.get(ev.id);
    if (!seen || (seen.via && !ev.via)) {
      byId.set(ev.id, ev);
    }
  }
  return [...byId.values()].sort((a, b) => b.timeMs - a.timeMs || a.source.localeCompare(b.source) || a.id.localeCompare(b.id));
}

export interface RelatedEntity {
  entity: Entity;
  events: number;
}

/** The entities most often named next to the investigated one on the loaded events. */
export function topRelated(events: TimelineEvent[], self: Entity | undefined, n = 10): RelatedEntity[] {
  const counts = new Map<string, RelatedEntity>();
  for (const ev of events) {
    const named = [...ev.entities, ...ev.hits.map((h): Entity => ({ kind: 'rule', value: h.id }))];
    for (const e of named) {
      if (sameEntity(e, self)) {
        continue;
      }
      const key = `${e.kind}:${e.value}`;
      const c = counts.get(key) ?? { entity: e, events: 0 };
      c.events++;
      counts.set(key, c);
    }
  }
  return [...counts.values()].sort((a, b) => b.events - a.events || a.entity.value.localeCompare(b.entity.value)).slice(0, n);
}
