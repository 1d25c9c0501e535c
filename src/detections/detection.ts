/**
 * Sigma `detection` → condition tree: selections with modifiers, the condition expression
 * (`and`/`or`/`not`, `1 of sel*`, `all of them`), and NOT pushed down into the leaves so the
 * compilers only ever see and/or of (possibly negated) leaves.
 */
import { parseCidr } from './cidr';
import { globToRegex, hasWildcard, splitFlags, unescapeSigma, escapeRegex } from './regex';
import { UnsupportedRuleError, type Cond, type Leaf } from './types';

/** Resolves `%name%` placeholders (Sigma `expand`) to parameter values. */
export type ParamLookup = (name: string, path: string) => string | number | string[];

const STRING_MODS = new Set(['contains', 'startswith', 'endswith']);
const NUM_MODS: Record<string, '>' | '>=' | '<' | '<='> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };
const SUPPORTED = new Set([...STRING_MODS, 'all', 're', 'i', 's', 'cidr', 'gt', 'gte', 'lt', 'lte', 'exists', 'expand', 'cased', 'neq', 'windash', 'base64', 'base64offset', 'fieldref']);
/** Modifiers Vigil refuses, with the reason (Sigma names them; they have no meaning here). */
const REFUSED: Record<string, string> = {
  utf16: 'JSON and text logs hold decoded Unicode text, never UTF-16 bytes, so a UTF-16 encoded value can never appear in them',
  utf16le: 'JSON and text logs hold decoded Unicode text, never UTF-16 bytes, so a UTF-16 encoded value can never appear in them',
  utf16be: 'JSON and text logs hold decoded Unicode text, never UTF-16 bytes, so a UTF-16 encoded value can never appear in them',
  wide: 'wide is UTF-16LE: JSON and text logs hold decoded Unicode text, never UTF-16 bytes, so such a value can never appear in them',
  m: 'multi-line regexes have no meaning for one-line log records',
  expand_all: 'expand_all is not a Sigma modifier',
  minute: 'time modifiers read a date field, which Vigil rules do not compare',
  hour: 'time modifiers read a date field, which Vigil rules do not compare',
  day: 'time modifiers read a date field, which Vigil rules do not compare',
  week: 'time modifiers read a date field, which Vigil rules do not compare',
  month: 'time modifiers read a date field, which Vigil rules do not compare',
  year: 'time modifiers read a date field, which Vigil rules do not compare',
};
/** The characters Sigma's windash modifier makes interchangeable. */
export const WINDASH = ['-', '/', '\u2013', '\u2014', '\u2015'];

function scalarText(v: unknown): string | null {
  if (v === null) {
    return null;
  }
  return typeof v === 'string' ? v : String(v);
}

/** Values after `expand`: a list parameter contributes all its elements. */
function expandValues(values: unknown[], expand: boolean, params: ParamLookup, path: string, regexMode = false): Array<string | null> {
  const out: Array<string | null> = [];
  for (const v of values) {
    const text = scalarText(v);
    const ph = text?.match(/^%([A-Za-z_][A-Za-z0-9_]*)%$/);
    if (expand && regexMode && text !== null && text.includes('%')) {
      // Inside a regex, a list parameter becomes an escaped alternation and a scalar its escaped text.
      out.push(
        text.replace(/%([A-Za-z_][A-Za-z0-9_]*)%/g, (_m, name: string) => {
          const value = params(name, path);
          return Array.isArray(value) ? `(?:${value.map(escapeRegex).join('|')})` : escapeRegex(String(value));
        })
      );
    } else if (expand && ph) {
      const value = params(ph[1], path);
      out.push(...(Array.isArray(value) ? value : [String(value)]));
    } else if (expand && text !== null && text.includes('%')) {
      throw new UnsupportedRuleError(`expand: ${JSON.stringify(text)} must be exactly one %placeholder%`, path);
    } else {
      out.push(text);
    }
  }
  return out;
}

/** Whether some character of the text has a case (so a case-insensitive test differs from an exact one). */
export function hasCase(text: string): boolean {
  return text.toLowerCase() !== text.toUpperCase();
}

/** Sigma `base64offset`: the parts of the encoding that do not depend on the value's offset (0, 1 or 2 bytes). */
export function base64Offsets(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const starts = [0, 2, 3];
  const ends = [0, -3, -2];
  return [0, 1, 2].map((i) => {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64');
    const end = ends[(bytes.length + i) % 3];
    return enc.slice(starts[i], end === 0 ? undefined : end);
  });
}

/** A value with its modifiers applied: the text, whether it is a pattern, and the case rule. */
interface Value {
  text: string;
  /** Encoded values (base64) compare exactly whatever the case rule says. */
  encoded: boolean;
}

/** Transformation modifiers, in the order written: each value may become several (ORed). */
function transform(value: string, mods: string[], path: string): Value[] {
  let out: Value[] = [{ text: value, encoded: false }];
  for (const m of mods) {
    if (m === 'base64' || m === 'base64offset') {
      if (out.some((v) => hasWildcard(v.text))) {
        throw new UnsupportedRuleError(`${m}: a value with wildcards has no single encoding`, path);
      }
      out = out.flatMap((v) => {
        const plain = unescapeSigma(v.text);
        const enc = m === 'base64' ? [Buffer.from(plain, 'utf8').toString('base64')] : base64Offsets(plain);
        // Encoded text has no Sigma wildcards but may hold `*`-free `+` and `/`: nothing to escape.
        return enc.map((text) => ({ text, encoded: true }));
      });
    }
  }
  return out;
}

/** Sigma wildcards (and windash) as an anchored regex body, or undefined for a plain value. */
function patternOf(value: string, windash: boolean): string | undefined {
  if (!hasWildcard(value) && !(windash && WINDASH.some((d) => value.includes(d)))) {
    return undefined;
  }
  return globToRegex(value, windash ? WINDASH : undefined);
}

/** One value of one field with its modifiers → a leaf. */
function leafFor(field: string, mods: Set<string>, raw: string | null, path: string): Cond {
  if (raw === null) {
    return { k: 'field', field, neg: false, op: 'exists', value: false };
  }
  if (raw === '*' && [...mods].every((m) => m === 'cased' || m === 'expand')) {
    // Sigma's `field: '*'` means "has a value"; as a regex it would also match a missing field ("").
    return { k: 'field', field, neg: false, op: 'exists', value: true };
  }
  if (mods.has('exists')) {
    if (raw !== 'true' && raw !== 'false') {
      throw new UnsupportedRuleError(`exists takes true or false, not ${JSON.stringify(raw)}`, path);
    }
    return { k: 'field', field, neg: false, op: 'exists', value: raw === 'true' };
  }
  for (const [mod, cmp] of Object.entries(NUM_MODS)) {
    if (mods.has(mod)) {
      return { k: 'field', field, neg: false, op: 'num', cmp, value: numberValue(mod, raw, path) };
    }
  }
  if (mods.has('cidr')) {
    parseCidr(raw, path);
    return { k: 'field', field, neg: false, op: 'cidr', value: raw };
  }
  if (mods.has('fieldref')) {
    return fieldRef(field, mods, raw, path);
  }
  if (mods.has('re')) {
    const re = splitFlags(raw, path);
    const icase = mods.has('i') && !mods.has('cased');
    return { k: 'field', field, neg: false, op: 're', source: re.source, flags: [...new Set(re.flags + (icase ? 'i' : ''))].sort().join('') };
  }
  const stringMod = [...mods].find((m) => STRING_MODS.has(m));
  const leaves = transform(raw, [...mods], path).map((v): Leaf => {
    // Sigma: plain values compare case-insensitively unless `cased`; encoded text is exact.
    const ci = !v.encoded && !mods.has('cased') && hasCase(unescapeSigma(v.text));
    const pattern = v.encoded ? undefined : patternOf(v.text, mods.has('windash'));
    if (pattern !== undefined) {
      const source = `${stringMod === 'contains' || stringMod === 'endswith' ? '.*' : ''}${pattern}${stringMod === 'contains' || stringMod === 'startswith' ? '.*' : ''}`;
      return { k: 'field', field, neg: false, op: 'glob', source, flags: ci ? 'i' : '' };
    }
    const text = v.encoded ? v.text : unescapeSigma(v.text);
    const op = stringMod === 'contains' ? 'contains' : stringMod === 'startswith' ? 'prefix' : stringMod === 'endswith' ? 'suffix' : 'eq';
    return { k: 'field', field, neg: false, op, value: text, ci };
  });
  return leaves.length === 1 ? leaves[0] : { k: 'or', c: leaves };
}

/** A numeric modifier's value: an integer (numbers are compared on their decimal text, see README). */
function numberValue(mod: string, raw: string, path: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(n)) {
    throw new UnsupportedRuleError(`${mod} needs an integer, not ${JSON.stringify(raw)} (values are compared on their decimal text)`, path);
  }
  return n;
}

/** `a|fieldref: b`: both fields have a value and the values are equal (exactly). */
function fieldRef(field: string, mods: Set<string>, other: string, path: string): Cond {
  const extra = [...mods].filter((m) => !['fieldref', 'cased', 'all', 'neq'].includes(m));
  if (extra.length > 0) {
    throw new UnsupportedRuleError(`fieldref compares values for equality only (${extra.join(', ')}: VictoriaLogs has no field-to-field ${extra[0]} filter)`, path);
  }
  return {
    k: 'and',
    c: [
      { k: 'field', field, neg: false, op: 'exists', value: true },
      { k: 'field', field: other, neg: false, op: 'exists', value: true },
      { k: 'field', field, neg: false, op: 'fieldref', other },
    ],
  };
}

/** `_line` leaves: a Sigma keyword or `_line|contains`/`_line|re` test on the raw line. */
function lineLeaf(mods: Set<string>, value: string | null, path: string): Leaf {
  if (value === null || [...mods].some((m) => !['contains', 're', 'i', 'all', 'expand', 'cased', 'windash'].includes(m))) {
    throw new UnsupportedRuleError('the raw line (_line, keywords) supports only contains, re, i, cased, all, windash and expand', path);
  }
  if (mods.has('re')) {
    const re = splitFlags(value, path);
    const icase = mods.has('i') && !mods.has('cased');
    return { k: 'line', neg: false, op: 're', source: re.source, flags: [...new Set(re.flags + (icase ? 'i' : ''))].sort().join('') };
  }
  // Keywords are plain values: case-insensitive unless `cased` (Sigma), a regex only when needed.
  const ci = !mods.has('cased') && hasCase(unescapeSigma(value));
  const pattern = patternOf(value, mods.has('windash'));
  if (pattern !== undefined || ci) {
    return { k: 'line', neg: false, op: 're', source: pattern ?? escapeRegex(unescapeSigma(value)), flags: ci ? 'i' : '' };
  }
  return { k: 'line', neg: false, op: 'contains', value: unescapeSigma(value) };
}

/** One `field|mod|mod: value(s)` entry of a selection map. */
function fieldCondition(key: string, raw: unknown, params: ParamLookup, path: string): Cond {
  const [field, ...modList] = key.split('|');
  const mods = new Set(modList);
  for (const m of mods) {
    if (REFUSED[m]) {
      throw new UnsupportedRuleError(`modifier "${m}" is not supported: ${REFUSED[m]}`, path);
    }
    if (!SUPPORTED.has(m)) {
      throw new UnsupportedRuleError(`unknown modifier "${m}"`, path);
    }
  }
  if (mods.has('s') && !mods.has('re')) {
    throw new UnsupportedRuleError('modifier "s" applies only to re', path);
  }
  if (mods.has('re') && (mods.has('windash') || mods.has('base64') || mods.has('base64offset'))) {
    throw new UnsupportedRuleError('windash and base64 transform plain values, not regular expressions', path);
  }
  if (mods.has('base64offset') && !mods.has('contains')) {
    throw new UnsupportedRuleError('base64offset gives fragments of an encoding: use base64offset|contains', path);
  }
  if (field === '') {
    throw new UnsupportedRuleError('empty field name (use keywords or _line for the raw line)', path);
  }
  const values = expandValues(Array.isArray(raw) ? raw : [raw], mods.has('expand'), params, path, mods.has('re'));
  if (values.length === 0) {
    throw new UnsupportedRuleError('empty value list', path);
  }
  const leaves = values.map((v) => (field === '_line' ? lineLeaf(mods, v, path) : leafFor(field, mods, v, path)));
  if (mods.has('neq')) {
    // Sigma `neq`: the field differs from every listed value.
    return { k: 'and', c: leaves.map(negate) };
  }
  return leaves.length === 1 ? leaves[0] : { k: mods.has('all') ? 'and' : 'or', c: leaves };
}

/** A selection: map (AND of fields), list of maps (OR), or list of keywords (OR of line tests). */
export function selectionCondition(sel: unknown, params: ParamLookup, path: string): Cond {
  if (Array.isArray(sel)) {
    return {
      k: 'or',
      c: sel.map((item, i) =>
        item !== null && typeof item === 'object'
          ? selectionCondition(item, params, `${path}.${i}`)
          : fieldCondition('_line', item, params, `${path}.${i}`)
      ),
    };
  }
  const entries = Object.entries(sel as Record<string, unknown>);
  return { k: 'and', c: entries.map(([key, value]) => fieldCondition(key, value, params, `${path}.${key}`)) };
}

type Tok = { t: 'id' | 'and' | 'or' | 'not' | '(' | ')' | 'of'; v: string };

function tokenize(expr: string, path: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(\(|\)|1 of|all of|any of|[A-Za-z0-9_*]+|\S)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(expr)) && m[1] !== undefined) {
    pos = re.lastIndex;
    const w = m[1];
    if (w === '(' || w === ')') {
      out.push({ t: w, v: w });
    } else if (/^(1 of|all of|any of)$/.test(w)) {
      out.push({ t: 'of', v: w.startsWith('all') ? 'all' : '1' });
    } else if (/^(and|or|not)$/i.test(w)) {
      out.push({ t: w.toLowerCase() as 'and', v: w });
    } else if (/^[A-Za-z0-9_*]+$/.test(w)) {
      out.push({ t: 'id', v: w });
    } else {
      throw new UnsupportedRuleError(`condition: unexpected ${JSON.stringify(w)}${w === '|' ? ' (Sigma v1 aggregations are not supported; use correlation)' : ''}`, path);
    }
  }
  if (expr.slice(pos).trim() !== '') {
    throw new UnsupportedRuleError(`condition: cannot read ${JSON.stringify(expr.slice(pos))}`, path);
  }
  return out;
}

/** Parses a condition expression over named selections. */
export function parseCondition(expr: string, selections: Record<string, Cond>, path: string): Cond {
  const toks = tokenize(expr, path);
  let i = 0;
  const fail = (why: string): never => {
    throw new UnsupportedRuleError(`condition ${JSON.stringify(expr)}: ${why}`, path);
  };
  const names = Object.keys(selections);
  const matching = (pattern: string): Cond[] => {
    const re = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
    const found = names.filter((n) => pattern === 'them' || re.test(n)).map((n) => selections[n]);
    return found.length > 0 ? found : fail(`no selection matches ${pattern}`);
  };
  const primary = (): Cond => {
    const tok = toks[i++] ?? fail('unexpected end');
    if (tok.t === '(') {
      const inner = orExpr();
      (toks[i++]?.t === ')') || fail('missing )');
      return inner;
    }
    if (tok.t === 'not') {
      return negate(primary());
    }
    if (tok.t === 'of') {
      const target = toks[i++];
      (target?.t === 'id') || fail(`"${tok.v} of" needs a selection name, pattern or "them"`);
      return { k: tok.v === 'all' ? 'and' : 'or', c: matching(target.v) };
    }
    if (tok.t === 'id') {
      return selections[tok.v] ?? fail(`unknown selection "${tok.v}"`);
    }
    return fail(`unexpected "${tok.v}"`);
  };
  const andExpr = (): Cond => {
    const c = [primary()];
    while (toks[i]?.t === 'and') {
      i++;
      c.push(primary());
    }
    return c.length === 1 ? c[0] : { k: 'and', c };
  };
  const orExpr = (): Cond => {
    const c = [andExpr()];
    while (toks[i]?.t === 'or') {
      i++;
      c.push(andExpr());
    }
    return c.length === 1 ? c[0] : { k: 'or', c };
  };
  const result = orExpr();
  if (i < toks.length) {
    fail(`unexpected "${toks[i].v}"`);
  }
  return result;
}

/** NOT pushed into the leaves (De Morgan); numeric comparisons flip. */
export function negate(c: Cond): Cond {
  switch (c.k) {
    case 'and':
      return { k: 'or', c: c.c.map(negate) };
    case 'or':
      return { k: 'and', c: c.c.map(negate) };
    case 'const':
      return { k: 'const', value: !c.value };
    default:
      return { ...c, neg: !c.neg };
  }
}

/** Flattens nested and/or and folds constants. */
export function simplify(c: Cond): Cond {
  if (c.k !== 'and' && c.k !== 'or') {
    return c;
  }
  const unit = c.k === 'and';
  const out: Cond[] = [];
  for (const child of c.c.map(simplify)) {
    if (child.k === 'const') {
      if (child.value !== unit) {
        return child;
      }
      continue;
    }
    out.push(...(child.k === c.k ? child.c : [child]));
  }
  if (out.length === 0) {
    return { k: 'const', value: unit };
  }
  return out.length === 1 ? out[0] : { k: c.k, c: out };
}
