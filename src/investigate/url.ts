/**
 * The Investigate page's whole state in the URL, so a link pasted into a ticket reopens the
 * same view. Two shapes are read: our own (`entity=pod:ns/name&from=&to=&sources=&event=`)
 * and the alert annotation link of the Detections page (`rule=<id>&source=<s>&<field>=<value>`,
 * src/alerting/payload.ts). Writing always uses our own; `k.<field>` carries a rule's keys.
 */
import { SOURCE_IDS, type SourceId } from '../sources/types';
import { formatEntity, parseEntity, type Entity } from './entity';

export interface InvestigateState {
  entity?: Entity;
  /** Grafana time strings: `now-1h`, `now`, or epoch milliseconds. */
  from: string;
  to: string;
  /** Sources shown; all four when absent. */
  sources?: SourceId[];
  /** Id of the event open in the detail pane. */
  event?: string;
}

export const DEFAULT_RANGE = { from: 'now-1h', to: 'now' } as const;
/** The range of the landing (no entity yet): the entities behind the last day's detections. */
export const LANDING_RANGE = { from: 'now-24h', to: 'now' } as const;

const OWN_KEYS = new Set(['entity', 'from', 'to', 'sources', 'event', 'rule', 'source']);
const KEY_PREFIX = 'k.';

/** The state of a URL query string; `error` explains a part that could not be read. */
export function stateFromSearch(search: string | URLSearchParams): { state: InvestigateState; error?: string } {
  const p = typeof search === 'string' ? new URLSearchParams(search) : search;
  const rule = p.get('rule');
  const entityText = p.get('entity');
  const range = entityText || rule ? DEFAULT_RANGE : LANDING_RANGE;
  const state: InvestigateState = { from: p.get('from') || range.from, to: p.get('to') || range.to };
  let error: string | undefined;
  if (entityText) {
    const e = parseEntity(entityText);
    if (e instanceof Error) {
      error = e.message;
    } else {
      state.entity = e;
    }
  } else if (rule) {
    state.entity = { kind: 'rule', value: rule };
  }
  if (state.entity?.kind === 'rule') {
    const keys: Record<string, string> = {};
    for (const [k, v] of p.entries()) {
      if (k.startsWith(KEY_PREFIX)) {
        keys[k.slice(KEY_PREFIX.length)] = v;
      } else if (!entityText && !OWN_KEYS.has(k)) {
        // The alert link names its key fields directly.
        keys[k] = v;
      }
    }
    if (Object.keys(keys).length > 0) {
      state.entity.keys = keys;
    }
  }
  const sources = p.get('sources');
  if (sources !== null) {
    const list = sources.split(',').filter((s): s is SourceId => (SOURCE_IDS as readonly string[]).includes(s));
    state.sources = list;
  }
  const event = p.get('event');
  if (event) {
    state.event = event;
  }
  return { state, error };
}

/** The URL query string of a state (without `?`); keys in a fixed order so links compare. */
export function searchFromState(state: InvestigateState): string {
  const p = new URLSearchParams();
  if (state.entity) {
    p.set('entity', formatEntity(state.entity));
    for (const k of Object.keys(state.entity.keys ?? {}).sort()) {
      p.set(KEY_PREFIX + k, state.entity.keys![k]);
    }
  }
  p.set('from', state.from);
  p.set('to', state.to);
  if (state.sources) {
    p.set('sources', state.sources.join(','));
  }
  if (state.event) {
    p.set('event', state.event);
  }
  return p.toString();
}

/** A relative path to the Investigate page for an entity over a range (pivots, Overview links). */
export function investigateHref(base: string, entity: Entity, range: { from: string; to: string }): string {
  return `${base}?${searchFromState({ entity, from: range.from, to: range.to })}`;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Epoch ms of a Grafana time string: `now`, `now-<n><s|m|h|d|w>`, epoch ms, or an ISO date. */
export function resolveTime(text: string, nowMs: number): number | Error {
  const t = text.trim();
  if (t === 'now') {
    return nowMs;
  }
  const rel = /^now-(\d+)([smhdw])$/.exec(t);
  if (rel) {
    return nowMs - Number(rel[1]) * UNIT_MS[rel[2]];
  }
  if (/^\d{9,}$/.test(t)) {
    return Number(t);
  }
  const iso = Date.parse(t);
  return Number.isFinite(iso) ? iso : new Error(`"${text}" is not a time: use now, now-6h, epoch milliseconds or an ISO date`);
}

/** The absolute range of a state, or why it cannot be read. */
export function resolveRange(state: Pick<InvestigateState, 'from' | 'to'>, nowMs: number): { fromMs: number; toMs: number } | Error {
  const fromMs = resolveTime(state.from, nowMs);
  const toMs = resolveTime(state.to, nowMs);
  if (fromMs instanceof Error) {
    return fromMs;
  }
  if (toMs instanceof Error) {
    return toMs;
  }
  return fromMs < toMs ? { fromMs, toMs } : new Error(`the range starts (${state.from}) after it ends (${state.to})`);
}
