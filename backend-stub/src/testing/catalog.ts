/**
 * The catalog's own verdict on simulator events: each line parsed by its source's parser and
 * run through the detection matcher (windows included), as `vigil detect` does. Simulator
 * tests use it to check that every catalog rule has a scenario that trips it and that the
 * benign baseline trips none.
 */
import { CATALOG_RULES } from '../../../src/detections/catalog';
import { detect } from '../../../src/detections/matcher';
import { planRule } from '../../../src/detections/plan';
import type { Rule } from '../../../src/detections/types';
import { SOURCES } from '../../../src/sources';
import type { ParsedEvent } from '../../../src/sources/types';
import type { SimEvent } from '../types';

/** Allowed identities per rule id (the manifest's `allowed`), applied as user exceptions. */
export type Allowed = Record<string, { usernames: string[] }>;

function withAllowed(rule: Rule, allowed: Allowed): Rule {
  const users = allowed[rule.id]?.usernames;
  return users?.length ? { ...rule, exceptions: [...rule.exceptions, { 'user.username': users }] } : rule;
}

/** Parses simulator events with the source parsers; a line that does not parse is an error. */
export function parseEvents(events: SimEvent[]): ParsedEvent[] {
  return events.map((ev) => {
    const r = SOURCES[ev.source].parse(ev.line, { entryTimeMs: Math.floor(ev.at.us / 1000) });
    if (!r.ok) {
      throw new Error(`${ev.source} line does not parse: ${ev.line}`);
    }
    return { ...r.event, timeMs: Math.floor(ev.at.us / 1000), timeNs: ev.at.ns.slice(-6) };
  });
}

/** Detections per catalog rule id over the events (rules with none are left out). */
export function catalogHits(events: SimEvent[], allowed: Allowed = {}): Map<string, number> {
  const parsed = parseEvents(events);
  const out = new Map<string, number>();
  for (const rule of CATALOG_RULES) {
    const n = detect(planRule(withAllowed(rule, allowed)), parsed).length;
    if (n > 0) {
      out.set(rule.id, n);
    }
  }
  return out;
}

/** Every catalog rule id. */
export const CATALOG_IDS: readonly string[] = CATALOG_RULES.map((r) => r.id);
