/**
 * The meaning of one field leaf as a regular expression over the value text, shared by the
 * LogQL and LogsQL compilers and the matcher, plus the literal a line must contain for the
 * leaf to hold (the cheap line filter that runs before any parser).
 */
import { cidrRegex, parseCidr } from './cidr';
import { numberRegex } from './numeric';
import { escapeRegex } from './regex';
import type { ResolvedField } from './fields';
import type { FieldLeaf } from './types';

/** Regex flags for field values: `.` spans newlines so "contains" means contains. */
function fieldFlags(flags: string): string {
  return [...new Set(`${flags}s`)].sort().join('');
}

/** Whether a string leaf compares case-insensitively. */
export function leafCi(leaf: FieldLeaf): boolean {
  return 'ci' in leaf && leaf.ci === true;
}

/** An anchored regex (with flags) over the whole value, for every op but exists and fieldref. */
export function anchoredRegex(leaf: FieldLeaf): { body: string; flags: string } {
  const i = leafCi(leaf) ? 'i' : '';
  switch (leaf.op) {
    case 'contains':
      return { body: `.*${escapeRegex(leaf.value)}.*`, flags: fieldFlags(i) };
    case 'prefix':
      return { body: `${escapeRegex(leaf.value)}.*`, flags: fieldFlags(i) };
    case 'suffix':
      return { body: `.*${escapeRegex(leaf.value)}`, flags: fieldFlags(i) };
    case 're':
      return { body: `.*(?:${leaf.source}).*`, flags: fieldFlags(leaf.flags) };
    case 'glob':
      return { body: leaf.source, flags: fieldFlags(leaf.flags) };
    case 'cidr':
      return { body: cidrRegex(parseCidr(leaf.value)), flags: '' };
    case 'num':
      return { body: numberRegex(leaf.cmp, leaf.value), flags: '' };
    case 'eq':
      return { body: escapeRegex(leaf.value), flags: i };
    default:
      throw new Error(`no regex form for ${leaf.op}`);
  }
}

/** JSON string body (without quotes) of a value, as compact JSON encoders write it. */
function jsonInner(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

const JSON_CHAR = '(?:[^"\\\\]|\\\\.)*';
/** JSON whitespace an encoder may write around array elements (`", "` in Python's default). */
const WS = '[ \\t\\n\\r]*';

/**
 * A regex (with flags) over a list field's raw JSON array text that holds when some string
 * element satisfies the leaf. Elements are read as written: escapes are not decoded.
 */
export function elementRegex(leaf: FieldLeaf): { body: string; flags: string } {
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
  return { body: `[\\[,]${WS}"${inner}"${WS}[,\\]]`, flags: leafCi(leaf) ? 'i' : '' };
}

/**
 * Characters no JSON encoder in use escapes (Go escapes `<>&`, PHP `/`, Python non-ASCII): a
 * run of them in a value appears verbatim in the line. A value spelled with escapes of these
 * (`\u0065`) fails the pre-filter, in the matcher too (see README: "Escapes").
 */
export const VERBATIM_CHAR = /[A-Za-z0-9 _.:@,=+#%-]/;
const VERBATIM = /^[A-Za-z0-9 _.:@,=+#%-]+$/;

/** The longest run of verbatim characters of a value. */
export function longestVerbatimRun(value: string): string {
  let best = '';
  for (const run of value.split(/[^A-Za-z0-9 _.:@,=+#%-]+/)) {
    if (run.length > best.length) {
      best = run;
    }
  }
  return best;
}

/**
 * A substring the raw line must contain when the (positive) leaf holds, if one is known, and
 * whether it holds only case-insensitively. JSON string fields add the quotes, which makes
 * the filter far more selective, when the whole value is verbatim.
 */
export function requiredLiteral(leaf: FieldLeaf, f: ResolvedField): { value: string; ci: boolean } | undefined {
  if (leaf.neg || (leaf.op !== 'eq' && leaf.op !== 'contains' && leaf.op !== 'prefix' && leaf.op !== 'suffix')) {
    return undefined;
  }
  const { value } = leaf;
  const ci = leaf.ci === true;
  if (value === '') {
    return undefined;
  }
  // A body is searched in its raw text, which is part of the line as written.
  if (f.body) {
    return { value, ci };
  }
  if (f.json && !VERBATIM.test(value)) {
    const run = longestVerbatimRun(value);
    return run.length >= 3 ? { value: run, ci } : undefined;
  }
  // Strings are quoted in the line; a path the catalog does not type may hold `true` or `3`
  // unquoted, so a value that could be such a literal (or part of one) gets no quotes.
  const quoted = f.json && (f.list || (f.type === 'string' && !(f.untyped && /^[-+.0-9eEtrufalsn]*$/.test(value))));
  if (!quoted) {
    return { value, ci };
  }
  switch (leaf.op) {
    case 'eq':
      return { value: `"${value}"`, ci };
    case 'prefix':
      return { value: f.list ? value : `"${value}`, ci };
    case 'suffix':
      return { value: f.list ? value : `${value}"`, ci };
    default:
      return { value, ci };
  }
}
