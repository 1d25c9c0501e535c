/**
 * The custom-rule builder's state and its translation into a Sigma-shaped rule document.
 * The builder never compiles anything itself: its YAML goes through the same loader and
 * compiler as catalog rules, so a builder rule and a hand-written rule behave alike.
 */
import { stringify } from 'yaml';
import type { Level } from '../detections';
import type { SourceId } from '../sources/types';

export type BuilderOp = 'equals' | 'not-equals' | 'contains' | 'startswith' | 'endswith' | 're';

export interface BuilderCondition {
  field: string;
  op: BuilderOp;
  /** Any of these values matches (OR); for not-equals none may match. */
  values: string[];
}

export interface BuilderCounting {
  type: 'event_count' | 'value_count';
  groupBy: string[];
  /** value_count: the field whose distinct values are counted. */
  field?: string;
  window: string;
  /** Fires when the count is at least this. */
  threshold: number;
}

export interface BuilderState {
  id: string;
  title: string;
  description: string;
  source: SourceId;
  level: Level;
  conditions: BuilderCondition[];
  counting?: BuilderCounting;
  /** ATT&CK tags without the prefix: `t1609`, `execution`. */
  mitre: string[];
}

export const EMPTY_BUILDER: BuilderState = {
  id: 'custom-rule',
  title: 'My custom rule',
  description: 'Describe what happened and what to check.',
  source: 'audit',
  level: 'medium',
  conditions: [{ field: 'verb', op: 'equals', values: ['delete'] }],
  mitre: [],
};

const MODIFIER: Record<Exclude<BuilderOp, 'equals' | 'not-equals'>, string> = {
  contains: '|contains',
  startswith: '|startswith',
  endswith: '|endswith',
  re: '|re',
};

function selectionKey(c: BuilderCondition): string {
  return c.op === 'equals' || c.op === 'not-equals' ? c.field : `${c.field}${MODIFIER[c.op]}`;
}

const valueOf = (values: string[]) => (values.length === 1 ? values[0] : values);

/** The rule document of a builder state (YAML text the loader validates). */
export function builderToYaml(s: BuilderState): string {
  const selection: Record<string, unknown> = {};
  const filters: Record<string, unknown> = {};
  s.conditions.forEach((c, i) => {
    const values = c.values.map((v) => v.trim()).filter((v) => v !== '');
    if (!c.field || values.length === 0) {
      return;
    }
    if (c.op === 'not-equals') {
      filters[`filter_${i}`] = { [c.field]: valueOf(values) };
    } else {
      // The same field twice (e.g. two contains) must AND: give each its own selection.
      const key = selectionKey(c);
      if (key in selection) {
        filters[`also_${i}`] = { [key]: valueOf(values) };
      } else {
        selection[key] = valueOf(values);
      }
    }
  });
  const also = Object.keys(filters).filter((k) => k.startsWith('also_'));
  const nots = Object.keys(filters).filter((k) => k.startsWith('filter_'));
  const parts = [Object.keys(selection).length ? 'selection' : '', ...also].filter(Boolean);
  const positive = parts.length ? parts.join(' and ') : '';
  const negative = nots.length ? `not (${nots.join(' or ')})` : '';
  const detection: Record<string, unknown> = {
    ...(Object.keys(selection).length ? { selection } : {}),
    ...filters,
    condition: [positive, negative].filter(Boolean).join(' and ') || 'selection',
  };
  const doc: Record<string, unknown> = {
    title: s.title,
    id: s.id,
    status: 'experimental',
    description: s.description,
    tags: s.mitre.map((t) => `attack.${t.toLowerCase()}`),
    logsource: { product: 'kubernetes', service: s.source },
    detection,
    level: s.level,
  };
  if (s.counting) {
    const c = s.counting;
    doc.correlation = {
      type: c.type,
      'group-by': c.groupBy,
      timespan: c.window,
      ...(c.type === 'value_count' && c.field
        ? { condition: { gte: c.threshold, field: c.field } }
        : { condition: { gte: c.threshold } }),
    };
  }
  return stringify(doc, { lineWidth: 0 });
}
