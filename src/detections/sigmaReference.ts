/**
 * A deliberately small, independent reading of the Sigma specification over a decoded JSON
 * event, for tests: field values compare as case-insensitive strings (numbers by their
 * text), `*` and `?` are wildcards, `contains`/`startswith`/`endswith`/`all`/`cased` modify,
 * a missing or null field matches only `null`, `field: '*'` means the field is present,
 * a list field matches when any element does; the condition supports and/or/not,
 * parentheses, `1 of`/`all of` with patterns. Anything else throws (not covered).
 */

type Obj = Record<string, unknown>;

function walk(o: unknown, path: string): unknown {
  let cur = o;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) {
      return undefined;
    }
    cur = (cur as Obj)[seg];
  }
  return cur;
}

function globRe(value: string, mods: string[]): RegExp {
  const body = value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const pre = mods.includes('contains') || mods.includes('endswith') ? '.*' : '';
  const post = mods.includes('contains') || mods.includes('startswith') ? '.*' : '';
  return new RegExp(`^${pre}${body}${post}$`, mods.includes('cased') ? 'su' : 'isu');
}

function valueMatches(actual: unknown, expected: unknown, mods: string[]): boolean {
  if (expected === null) {
    return actual === undefined || actual === null;
  }
  if (actual === undefined || actual === null) {
    return false;
  }
  if (Array.isArray(actual)) {
    return actual.some((a) => valueMatches(a, expected, mods));
  }
  if (expected === '*' && mods.length === 0) {
    return true;
  }
  const text = typeof actual === 'object' ? JSON.stringify(actual) : String(actual);
  return globRe(String(expected), mods).test(text);
}

function selectionMatches(sel: unknown, ev: Obj): boolean {
  if (Array.isArray(sel)) {
    return sel.some((item) => (item !== null && typeof item === 'object' ? selectionMatches(item, ev) : globRe(String(item), ['contains']).test(JSON.stringify(ev))));
  }
  return Object.entries(sel as Obj).every(([key, values]) => {
    const [field, ...mods] = key.split('|');
    if (mods.some((m) => !['contains', 'startswith', 'endswith', 'all', 'cased'].includes(m))) {
      throw new Error(`reference reading does not cover ${key}`);
    }
    const list = Array.isArray(values) ? values : [values];
    const test = (v: unknown) => valueMatches(walk(ev, field), v, mods.filter((m) => m !== 'all'));
    return mods.includes('all') ? list.every(test) : list.some(test);
  });
}

/** Evaluates a rule's detection on a decoded event, as the reading above says. */
export function referenceMatch(detection: Obj, ev: Obj): boolean {
  const { condition, ...selections } = detection;
  const toks = String(condition).match(/\(|\)|1 of|all of|[A-Za-z0-9_*]+/g) ?? [];
  let i = 0;
  const names = Object.keys(selections);
  const pick = (pattern: string) => names.filter((n) => pattern === 'them' || new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(n));
  const primary = (): boolean => {
    const t = toks[i++];
    if (t === '(') {
      const v = or();
      i++;
      return v;
    }
    if (t === 'not') {
      return !primary();
    }
    if (t === '1 of' || t === 'all of') {
      const hits = pick(toks[i++]).map((n) => selectionMatches(selections[n], ev));
      return t === '1 of' ? hits.some(Boolean) : hits.every(Boolean);
    }
    if (!(t in selections)) {
      throw new Error(`reference reading: unknown selection ${t}`);
    }
    return selectionMatches(selections[t], ev);
  };
  const and = (): boolean => {
    let v = primary();
    while (toks[i] === 'and') {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (toks[i] === 'or') {
      i++;
      v = and() || v;
    }
    return v;
  };
  return or();
}
