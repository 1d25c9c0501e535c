/**
 * The fields a builder can filter and group on, per source, and the cheap line filters
 * that may run before any parser. Extraction itself is the detection engine's
 * (`resolveField`), so builder queries and detection queries read fields the same way.
 */
import { resolveField, type ResolvedField } from '../detections/fields';
import { SOURCES } from '../sources';
import { fillLineFilter } from '../sources/catalog';
import type { FieldType, SourceId } from '../sources/types';
import { BuilderError, type FieldFilter } from './types';

export interface BuilderField {
  name: string;
  type: FieldType;
  description: string;
}

const listCache = new Map<SourceId, BuilderField[]>();

/** The catalog fields of a source that queries can extract (derived fields excluded). */
export function builderFields(source: SourceId): BuilderField[] {
  const hit = listCache.get(source);
  if (hit) {
    return hit;
  }
  const out: BuilderField[] = [];
  for (const f of SOURCES[source].fields) {
    if (!f.name.startsWith('entity.') && tryResolve(source, f.name)) {
      out.push({ name: f.name, type: f.type, description: f.description });
    }
  }
  listCache.set(source, out);
  return out;
}

function tryResolve(source: SourceId, name: string): ResolvedField | undefined {
  try {
    return resolveField(source, name);
  } catch {
    return undefined;
  }
}

/** Resolves a field or throws a BuilderError naming the usable ones. */
export function fieldOf(source: SourceId, name: string): ResolvedField {
  if (!name) {
    throw new BuilderError('a filter or grouping has no field: pick one');
  }
  try {
    return resolveField(source, name);
  } catch (e) {
    throw new BuilderError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Printable ASCII without the characters JSON encoders write differently (`"`, `\`, and
 * `<`, `>`, `&`, which Go escapes as \u003c…): such values appear in the line as typed.
 */
const LINE_SAFE = /^[\x20-\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]+$/;

/** Variable references are resolved before the query runs; no line filter may assume their text. */
export const VARIABLE_REF = /\$\w+|\$\{[^}]+\}|\[\[[^\]]+\]\]/;

/**
 * The text every matching line must contain, for a filter that can be checked on the raw
 * line before parsing; undefined when none is safe to assume.
 */
export function requiredLiteral(source: SourceId, f: ResolvedField, filter: FieldFilter): string | undefined {
  const value = filter.op === 'in' && filter.values?.length === 1 ? filter.values[0] : filter.value;
  const positive = filter.op === '=' || filter.op === 'contains' || (filter.op === 'in' && filter.values?.length === 1);
  if (!positive || !LINE_SAFE.test(value) || VARIABLE_REF.test(value)) {
    return undefined;
  }
  // A list element is always a quoted JSON string.
  return f.list && filter.op !== 'contains' ? `"${value}"` : value;
}

/** The catalog's own line filter for an equality test on a text source, when it has one. */
export function catalogLineFilter(source: SourceId, name: string, filter: FieldFilter, language: 'logql' | 'logsql'): string | undefined {
  const spec = SOURCES[source].fields.find((s) => s.name === name);
  const template = spec?.[language].lineFilter;
  if (!spec || !template || SOURCES[source].jsonLines || spec.derived || filter.op !== '=' || !LINE_SAFE.test(filter.value)) {
    return undefined;
  }
  if (VARIABLE_REF.test(filter.value)) {
    return undefined;
  }
  return fillLineFilter(template, filter.value, false, spec[language].valueEncoding);
}
