/**
 * How a rule's field is read, per source: JSON sources (audit, falco) by path into the line,
 * text sources (coredns, netfilter) by the source catalog's pattern/regexp. The same
 * description drives LogQL (`| json l="path"` / `| regexp`), LogsQL (`unpack_json` /
 * `extract_regexp`) and the matcher (the parsed object or the parser's fields).
 */
import { jsonPath } from '../sources/catalog';
import { SOURCES } from '../sources';
import type { FieldSpec, FieldType, ParsedEvent, SourceId } from '../sources/types';
import { sanitizeLabelName } from '../logql/escape';
import { rawJsonAt } from './rawjson';
import { UnsupportedRuleError } from './types';

/** Prefix of every label/field the compiled queries extract, so none collides with a stream label. */
export const EXTRACT_PREFIX = 'f_';

export interface ResolvedField {
  name: string;
  /** LogQL label (and LogsQL field for text sources). */
  label: string;
  /** LogsQL field name after extraction. */
  vlField: string;
  type: FieldType;
  list: boolean;
  /** A body searched by pattern (see BODIES). */
  body?: Body;
  /** A JSON path the source catalog does not list: its value may be a number or boolean too. */
  untyped?: boolean;
  json?: { segments: string[]; path: string };
  /** Text sources: the catalog stages with the capture renamed to `label`. */
  text?: { logql: string; logsql: string };
}

/** Maps whose keys contain dots: the rest of the name after these prefixes is one key. */
const MAP_PREFIXES: Partial<Record<SourceId, string[]>> = {
  audit: ['annotations.', 'requestObject.metadata.labels.', 'requestObject.metadata.annotations.', 'user.extra.'],
  falco: ['output_fields.'],
};

const JSON_SOURCES: SourceId[] = ['audit', 'falco'];

/**
 * How a body is searched: `object`, its JSON text (objects nest arrays and objects); `map`,
 * a map of strings whose keys are data too (ConfigMap data). Rules test bodies with
 * `contains` and `re` only: in Loki and the matcher the pattern reads the body's raw JSON text;
 * in VictoriaLogs, which flattens objects into one field per path (arrays kept as JSON text),
 * an `object` pattern reads each stored field under the path and a `map` is packed back into
 * `{"key":"value",…}` first (docs/victorialogs.md, "Bodies").
 */
export type Body = 'object' | 'map';

/** The bodies rules may search, per source; other object paths are read field by field. */
const BODIES: Partial<Record<SourceId, Record<string, Body>>> = {
  audit: {
    requestObject: 'object',
    responseObject: 'object',
    'requestObject.data': 'map',
    'requestObject.stringData': 'map',
  },
};

export function bodyOf(source: SourceId, name: string): Body | undefined {
  return BODIES[source]?.[name];
}

export function isJsonSource(source: SourceId): boolean {
  return JSON_SOURCES.includes(source);
}

function segmentsOf(source: SourceId, name: string): string[] {
  for (const prefix of MAP_PREFIXES[source] ?? []) {
    if (name.startsWith(prefix) && name.length > prefix.length) {
      return [...prefix.slice(0, -1).split('.'), name.slice(prefix.length)];
    }
  }
  return name.split('.');
}

function catalogSpec(source: SourceId, name: string): FieldSpec | undefined {
  return SOURCES[source].fields.find((f) => f.name === name);
}

/** Renames a catalog capture (`<name>` or `(?P<name>`) to our prefixed label. */
function renameCapture(stage: string, from: string, to: string): string {
  return stage.split(`<${from}>`).join(`<${to}>`);
}

/** Per source, by name: the matcher resolves a field for every test of every event. */
const cache = new Map<SourceId, Map<string, ResolvedField>>();

/** Resolves a rule field for a source, or throws a precise UnsupportedRuleError. */
export function resolveField(source: SourceId, name: string, path = ''): ResolvedField {
  let bySource = cache.get(source);
  if (!bySource) {
    bySource = new Map();
    cache.set(source, bySource);
  }
  const hit = bySource.get(name);
  if (hit) {
    return hit;
  }
  const spec = catalogSpec(source, name);
  const label = EXTRACT_PREFIX + sanitizeLabelName(name);
  let out: ResolvedField;
  if (isJsonSource(source)) {
    if (spec?.derived || name.startsWith('entity.') || name.startsWith('pod.') || name.startsWith('exec.')) {
      throw new UnsupportedRuleError(
        `field "${name}" is derived by the parser, not a JSON path: use the raw path (e.g. requestObject.spec…) or _line`,
        path
      );
    }
    if (!/^[A-Za-z_][\w./-]*$/.test(name) || name.includes('..') || name.endsWith('.')) {
      throw new UnsupportedRuleError(`field "${name}" is not a JSON path of dotted keys`, path);
    }
    const segments = segmentsOf(source, name);
    const type = spec?.type ?? 'string';
    const body = bodyOf(source, name);
    out = {
      name,
      label,
      vlField: EXTRACT_PREFIX + segments.join('.'),
      type,
      list: type === 'list',
      ...(body ? { body } : {}),
      ...(spec ? {} : { untyped: true }),
      json: { segments, path: jsonPath(segments) },
    };
  } else {
    if (!spec || spec.derived || spec.type === 'list' || name.startsWith('entity.')) {
      const usable = SOURCES[source].fields.filter((f) => !f.derived && f.type !== 'list' && !f.name.startsWith('entity.')).map((f) => f.name);
      throw new UnsupportedRuleError(`field "${name}" cannot be used in ${source} rules; use one of: ${usable.join(', ')}`, path);
    }
    out = {
      name,
      label,
      vlField: label,
      type: spec.type,
      list: false,
      text: {
        logql: renameCapture(spec.logql.stage, spec.logql.name, label),
        logsql: renameCapture(spec.logsql.stage, spec.logsql.name, label),
      },
    };
  }
  bySource.set(name, out);
  return out;
}

function walk(object: unknown, segments: string[]): unknown {
  let cur = object;
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

const numbers = new WeakMap<ParsedEvent, Map<string, string>>();

/** A number as written (`403.0`, `4.03e2`), as `| json` hands it over; read once per event and field. */
function numberText(ev: ParsedEvent, f: ResolvedField, v: number): string {
  let byPath = numbers.get(ev);
  if (!byPath) {
    byPath = new Map();
    numbers.set(ev, byPath);
  }
  let text = byPath.get(f.json!.path);
  if (text === undefined) {
    text = rawJsonAt(ev.line, f.json!.segments) ?? String(v);
    byPath.set(f.json!.path, text);
  }
  return text;
}

/**
 * A field's value as the compiled query sees it: LogQL `| json l="path"` gives "" for
 * missing and null, literal text for numbers and booleans, JSON text for objects/arrays.
 * Lists are also returned as their elements for element-wise tests.
 */
export function fieldValue(ev: ParsedEvent, f: ResolvedField): { text: string; elements?: unknown[] } {
  if (f.json) {
    const v = walk(ev.object, f.json.segments);
    if (v === undefined || v === null) {
      return { text: '' };
    }
    if (typeof v === 'object') {
      // As written, as `| json` hands objects and arrays over.
      return { text: rawJsonAt(ev.line, f.json.segments) ?? JSON.stringify(v), ...(Array.isArray(v) ? { elements: v } : {}) };
    }
    return { text: typeof v === 'number' ? numberText(ev, f, v) : String(v) };
  }
  const v = ev.fields[f.name];
  return { text: v === undefined || v === null ? '' : String(v) };
}
