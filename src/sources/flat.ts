/**
 * Events VictoriaLogs stores as fields (its default for JSON lines, the "native layout"):
 * nested objects flattened with dots, arrays kept as their compact JSON text, numbers and
 * booleans as text, empty strings, nulls and empty objects dropped, and no `_msg`. The data
 * source returns such a row as one flat JSON object of strings; this rebuilds the nested
 * event, so parsers, pages and the matcher read it as they read the verbatim line.
 */
import type { FieldType } from './types';

type Obj = Record<string, unknown>;

/**
 * Paths whose children are map keys, which may themselves hold dots
 * (`annotations.authorization.k8s.io/decision`, `output_fields.k8s.pod.name`): the rest of
 * the name after such a path is one key. Kubernetes maps of strings appear under these names
 * anywhere in an object (`requestObject.metadata.labels`, `requestObject.data`…).
 */
const MAP_PARENTS = new Set(['annotations', 'user.extra', 'impersonatedUser.extra', 'output_fields']);
/** Maps whose values are always strings in Kubernetes (no type restoring). */
const STRING_MAPS = new Set([
  'labels',
  'annotations',
  'data',
  'stringData',
  'binaryData',
  'nodeSelector',
  'matchLabels',
]);
const MAP_NAMES = new Set([...STRING_MAPS, 'extra']);

/** A flat row: every value a string and some name dotted (a verbatim event nests objects). */
export function isFlatEvent(ev: Obj): boolean {
  let dotted = false;
  for (const k in ev) {
    if (typeof ev[k] !== 'string') {
      return false;
    }
    dotted ||= k.includes('.');
  }
  return dotted;
}

/**
 * The JSON value a stored text most likely was: arrays, booleans, numbers that print back
 * the same. `scalarOnly` keeps JSON-looking text as text (Falco output fields are scalars;
 * some plugins put JSON documents in them as strings).
 */
function restore(text: string, scalarOnly = false): unknown {
  const c = text.charCodeAt(0);
  if (!scalarOnly && (c === 91 /* [ */ || c === 123) /* { */) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (text === 'true' || text === 'false') {
    return text === 'true';
  }
  if ((c === 45 || (c >= 48 && c <= 57)) && /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) {
    const n = Number(text);
    // 64-bit ids (Falco's evt.time) would lose digits: the parsers keep those as text.
    return Number.isSafeInteger(n) || (!Number.isInteger(n) && String(n) === text) ? n : text;
  }
  return text;
}

/** A value of a known catalog type; undefined type means restore by shape. */
function typed(text: string, type: FieldType | undefined): unknown {
  switch (type) {
    case 'string':
    case 'time':
      return text;
    case 'number':
      return restore(text);
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'list':
      // VictoriaLogs keeps arrays as JSON text; a comma-joined list is a stream label's copy
      // (falcosidekick's `tags`), put back into the row by the backend.
      return text.startsWith('[') ? restore(text) : text.split(',');
    default:
      return restore(text);
  }
}

/** Splits a flat name into the path of object keys, keeping map keys whole. */
function pathOf(name: string): string[] {
  const parts = name.split('.');
  const path: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    path.push(parts[i]);
    const sofar = path.join('.');
    if ((MAP_PARENTS.has(sofar) || (i > 0 && MAP_NAMES.has(parts[i]))) && i + 1 < parts.length) {
      path.push(parts.slice(i + 1).join('.'));
      break;
    }
  }
  return path;
}

/**
 * Rebuilds the nested event of a flat row. `typeOf` gives the catalog type of a flat name
 * (`responseStatus.code` is a number, `objectRef.resourceVersion` a string that looks like one).
 */
export function unflattenEvent(flat: Obj, typeOf: (name: string) => FieldType | undefined): Obj {
  const out: Obj = {};
  for (const name in flat) {
    const text = flat[name] as string;
    const path = pathOf(name);
    const parent = path.length > 1 ? path[path.length - 2] : '';
    const type = typeOf(name);
    const value = STRING_MAPS.has(parent)
      ? text
      : path[0] === 'output_fields' && type === undefined
        ? restore(text, true)
        : typed(text, type);
    let cur = out;
    for (let i = 0; i < path.length - 1; i++) {
      const next = cur[path[i]];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        cur[path[i]] = {};
      }
      cur = cur[path[i]] as Obj;
    }
    cur[path[path.length - 1]] = value;
  }
  return out;
}
