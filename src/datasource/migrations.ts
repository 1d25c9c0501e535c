import { FILTER_OPS, type BuilderState, type FieldFilter, type Operation } from '../querybuilder/types';
import { DEFAULT_QUERY, QUERY_MODEL_VERSION, SourceId, VigilQuery } from './types';

const SOURCE_IDS: SourceId[] = ['audit', 'coredns', 'netfilter', 'falco'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function readFilter(v: unknown): FieldFilter | undefined {
  if (!isRecord(v) || typeof v.field !== 'string' || !FILTER_OPS.includes(v.op as FieldFilter['op'])) {
    return undefined;
  }
  const f: FieldFilter = { field: v.field, op: v.op as FieldFilter['op'], value: typeof v.value === 'string' ? v.value : String(v.value ?? '') };
  return v.op === 'in' ? { ...f, values: strings(v.values) } : f;
}

function readOperation(v: unknown): Operation | undefined {
  if (!isRecord(v)) {
    return undefined;
  }
  switch (v.kind) {
    case 'events':
      return { kind: 'events' };
    case 'count':
    case 'rate':
      return { kind: v.kind, by: strings(v.by) };
    case 'topN':
      return typeof v.field === 'string' ? { kind: 'topN', field: v.field, n: Number(v.n) || 10 } : undefined;
    case 'detection':
      return typeof v.ruleId === 'string' ? { kind: 'detection', ruleId: v.ruleId, form: v.form === 'events' ? 'events' : 'metric' } : undefined;
    default:
      return undefined;
  }
}

/** A stored builder state, checked field by field; undefined when it is not one. */
export function readBuilderState(v: unknown): BuilderState | undefined {
  if (!isRecord(v) || !SOURCE_IDS.includes(v.source as SourceId) || !Array.isArray(v.filters)) {
    return undefined;
  }
  const filters = v.filters.map(readFilter);
  const operation = readOperation(v.operation);
  if (filters.some((f) => !f) || !operation) {
    return undefined;
  }
  return { source: v.source as SourceId, filters: filters as FieldFilter[], operation, range: typeof v.range === 'string' && v.range ? v.range : '5m' };
}

/**
 * Brings a stored query of any version to the current model. Saved dashboards and alert
 * rules outlive releases, so every load goes through here. The expression is never
 * touched: it is what alert rules run.
 */
export function migrateQuery(raw: Partial<VigilQuery> & { refId: string }): VigilQuery {
  const { builder: rawBuilder, ...rest } = raw;
  const builder = readBuilderState(rawBuilder);
  const q = { ...DEFAULT_QUERY, ...rest, version: QUERY_MODEL_VERSION } as VigilQuery;
  if (builder) {
    q.builder = builder;
  }
  // Unversioned and v1 queries had no builder: they are hand-written code. A builder query
  // whose state is unreadable falls back to code too, keeping its expression.
  if (!raw.version || raw.version < 2 || !builder) {
    q.mode = 'code';
  }
  return q;
}
