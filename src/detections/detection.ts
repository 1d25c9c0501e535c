/**
 * Sigma `detection` → condition tree: selections with modifiers, the condition expression
 * (`and`/`or`/`not`, `1 of sel*`, `all of them`), and NOT pushed down into the leaves so the
 * compilers only ever see and/or of (possibly negated) leaves.
 */
import { globToRegex, hasWildcard, parseCidr, splitFlags, unescapeSigma, escapeRegex } from './regex';
import { UnsupportedRuleError, type Cond, type Leaf } from './types';

/** Resolves `%name%` placeholders (Sigma `expand`) to parameter values. */
export type ParamLookup = (name: string, path: string) => string | number | string[];

const STRING_MODS = new Set(['contains', 'startswith', 'endswith']);
const NUM_MODS: Record<string, '>' | '>=' | '<' | '<='> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };
const KNOWN_UNSUPPORTED = ['base64', 'base64offset', 'windash', 'utf16', 'utf16le', 'utf16be', 'wide', 'fieldref', 'm', 'expand_all'];

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

/** One value of one field with its modifiers → a leaf. */
function leafFor(field: string, mods: Set<string>, value: string | null, path: string): Leaf {
  if (value === null) {
    return { k: 'field', field, neg: false, op: 'exists', value: false };
  }
  const icase = mods.has('i');
  if (value === '*' && [...mods].every((m) => m === 'cased' || m === 'expand')) {
    // Sigma's `field: '*'` means "has a value"; as a regex it would also match a missing field ("").
    return { k: 'field', field, neg: false, op: 'exists', value: true };
  }
  if (mods.has('exists')) {
    if (value !== 'true' && value !== 'false') {
      throw new UnsupportedRuleError(`exists takes true or false, not ${JSON.stringify(value)}`, path);
    }
    return { k: 'field', field, neg: false, op: 'exists', value: value === 'true' };
  }
  for (const [mod, cmp] of Object.entries(NUM_MODS)) {
    if (mods.has(mod)) {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) {
        throw new UnsupportedRuleError(`${mod} needs a number, not ${JSON.stringify(value)}`, path);
      }
      return { k: 'field', field, neg: false, op: 'num', cmp, value: n };
    }
  }
  if (mods.has('cidr')) {
    parseCidr(value, path);
    return { k: 'field', field, neg: false, op: 'cidr', value };
  }
  if (mods.has('re')) {
    const re = splitFlags(value, path);
    return { k: 'field', field, neg: false, op: 're', source: re.source, flags: [...new Set(re.flags + (icase ? 'i' : ''))].sort().join('') };
  }
  const stringMod = [...mods].find((m) => STRING_MODS.has(m));
  if (hasWildcard(value) || icase) {
    // Wildcards (and case-insensitive strings) become an anchored regex on the whole value.
    const body = hasWildcard(value) ? globToRegex(value) : escapeRegex(unescapeSigma(value));
    const source = `${stringMod === 'contains' || stringMod === 'endswith' ? '.*' : ''}${body}${stringMod === 'contains' || stringMod === 'startswith' ? '.*' : ''}`;
    return { k: 'field', field, neg: false, op: 'glob', source, flags: icase ? 'i' : '' };
  }
  const text = unescapeSigma(value);
  if (stringMod === 'contains') {
    return { k: 'field', field, neg: false, op: 'contains', value: text };
  }
  if (stringMod === 'startswith') {
    return { k: 'field', field, neg: false, op: 'prefix', value: text };
  }
  if (stringMod === 'endswith') {
    return { k: 'field', field, neg: false, op: 'suffix', value: text };
  }
  return { k: 'field', field, neg: false, op: 'eq', value: text };
}

/** `_line` leaves: a Sigma keyword or `_line|contains`/`_line|re` test on the raw line. */
function lineLeaf(mods: Set<string>, value: string | null, path: string): Leaf {
  if (value === null || [...mods].some((m) => !['contains', 're', 'i', 'all', 'expand', 'cased'].includes(m))) {
    throw new UnsupportedRuleError('the raw line (_line, keywords) supports only contains, re, i, all and expand', path);
  }
  if (mods.has('re') || mods.has('i')) {
    const re = mods.has('re') ? splitFlags(value, path) : { source: escapeRegex(unescapeSigma(value)), flags: '' };
    if (hasWildcard(value) && !mods.has('re')) {
      re.source = globToRegex(value);
    }
    return { k: 'line', neg: false, op: 're', source: re.source, flags: [...new Set(re.flags + (mods.has('i') ? 'i' : ''))].sort().join('') };
  }
  if (hasWildcard(value)) {
    return { k: 'line', neg: false, op: 're', source: globToRegex(value), flags: '' };
  }
  return { k: 'line', neg: false, op: 'contains', value: unescapeSigma(value) };
}

/** One `field|mod|mod: value(s)` entry of a selection map. */
function fieldCondition(key: string, raw: unknown, params: ParamLookup, path: string): Cond {
  const [field, ...modList] = key.split('|');
  const mods = new Set(modList);
  for (const m of mods) {
    if (KNOWN_UNSUPPORTED.includes(m)) {
      throw new UnsupportedRuleError(`modifier "${m}" is not supported by Vigil (it has no exact LogQL/LogsQL form)`, path);
    }
    if (!['contains', 'startswith', 'endswith', 'all', 're', 'i', 'cidr', 'gt', 'gte', 'lt', 'lte', 'exists', 'expand', 'cased', 's'].includes(m)) {
      throw new UnsupportedRuleError(`unknown modifier "${m}"`, path);
    }
  }
  if (mods.has('s') && !mods.has('re')) {
    throw new UnsupportedRuleError('modifier "s" applies only to re', path);
  }
  if (field === '') {
    throw new UnsupportedRuleError('empty field name (use keywords or _line for the raw line)', path);
  }
  const values = expandValues(Array.isArray(raw) ? raw : [raw], mods.has('expand'), params, path, mods.has('re'));
  if (values.length === 0) {
    throw new UnsupportedRuleError('empty value list', path);
  }
  const leaves = values.map((v) => (field === '_line' ? lineLeaf(mods, v, path) : leafFor(field, mods, v, path)));
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
