/**
 * The meaning of one field leaf as a regular expression over the value text, shared by the
 * LogQL and LogsQL compilers and the matcher, plus the literal a line must contain for the
 * leaf to hold (the cheap line filter that runs before any parser).
 */
import { cidrRegex, escapeRegex, parseCidr } from './regex';
import type { ResolvedField } from './fields';
import type { FieldLeaf } from './types';

/** Regex flags for field values: `.` spans newlines so "contains" means contains. */
function fieldFlags(flags: string): string {
  return [...new Set(`${flags}s`)].sort().join('');
}

/** An anchored regex (with flags) over the whole value, for ops other than eq/num/exists. */
export function anchoredRegex(leaf: FieldLeaf): { body: string; flags: string } {
  switch (leaf.op) {
    case 'contains':
      return { body: `.*${escapeRegex(leaf.value)}.*`, flags: 's' };
    case 'prefix':
      return { body: `${escapeRegex(leaf.value)}.*`, flags: 's' };
    case 'suffix':
      return { body: `.*${escapeRegex(leaf.value)}`, flags: 's' };
    case 're':
      return { body: `.*(?:${leaf.source}).*`, flags: fieldFlags(leaf.flags) };
    case 'glob':
      return { body: leaf.source, flags: fieldFlags(leaf.flags) };
    case 'cidr':
      return { body: cidrRegex(parseCidr(leaf.value)), flags: '' };
    case 'eq':
      return { body: escapeRegex(leaf.value), flags: '' };
    default:
      throw new Error(`no regex form for ${leaf.op}`);
  }
}

/** JSON string body (without quotes) of a value, as compact JSON encoders write it. */
function jsonInner(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

const JSON_CHAR = '(?:[^"\\\\]|\\\\.)*';

/**
 * A regex over a list field's raw JSON array text that holds when some string element
 * satisfies the leaf (compact JSON, as the API server and Falco write it).
 */
export function elementRegex(leaf: FieldLeaf): string {
  let inner: string;
  switch (leaf.op) {
    case 'eq':
      inner = escapeRegex(jsonInner(leaf.value));
      break;
    case 'contains':
      inner = `${JSON_CHAR}${escapeRegex(jsonInner(leaf.value))}${JSON_CHAR}`;
      break;
    case 'prefix':
      inner = `${escapeRegex(jsonInner(leaf.value))}${JSON_CHAR}`;
      break;
    case 'suffix':
      inner = `${JSON_CHAR}${escapeRegex(jsonInner(leaf.value))}`;
      break;
    case 'cidr':
      inner = cidrRegex(parseCidr(leaf.value));
      break;
    default:
      throw new Error(`no element regex for ${leaf.op}`);
  }
  return `[\\[,]"${inner}"[,\\]]`;
}

/** Characters no JSON encoder escapes: a value made of them appears verbatim in the line. */
const VERBATIM = /^[A-Za-z0-9 _.:@/,=+#%-]+$/;

/**
 * A substring the raw line must contain when the (positive) leaf holds, if one is known.
 * JSON string fields add the quotes, which makes the filter far more selective.
 */
export function requiredLiteral(leaf: FieldLeaf, f: ResolvedField): string | undefined {
  if (leaf.neg || !['eq', 'contains', 'prefix', 'suffix'].includes(leaf.op)) {
    return undefined;
  }
  const value = (leaf as { value: string }).value;
  if (value === '' || (f.json && !VERBATIM.test(value))) {
    return undefined;
  }
  const quoted = f.json && (f.type === 'string' || f.list);
  if (!quoted) {
    return value;
  }
  switch (leaf.op) {
    case 'eq':
      return `"${value}"`;
    case 'prefix':
      return f.list ? value : `"${value}`;
    case 'suffix':
      return f.list ? value : `${value}"`;
    default:
      return value;
  }
}
