/**
 * The pre-filter of a plan: literals the raw line must contain for the condition to hold,
 * tested before any parser runs. Sound by construction (and checked by a property test over
 * the matcher): whenever the matcher fires, every clause holds on the line. Clauses are
 * ANDed; the literals of one clause are ORed.
 */
import { resolveField, type ResolvedField } from './fields';
import { longestVerbatimRun, requiredLiteral } from './leaf';
import { regexFacts } from './literals';
import type { Cond, FieldLeaf, Plan } from './types';

/** One literal of a clause. `ci`: holds case-insensitively only. */
export interface PrefilterLiteral {
  value: string;
  ci: boolean;
  /**
   * The literal is followed in the line by a non-word character or the line's end (a
   * `KEY=digits` value ends there), so a word-bounded phrase search finds it too.
   */
  endsAtBoundary?: boolean;
}

export type PrefilterClause = PrefilterLiteral[];

const MAX_ALTERNATIVES = 64;

/** A literal run of a regex read backwards from `end` (exclusive), stopping at any operator. */
function literalBefore(re: string, end: number): string {
  let out = '';
  let i = end - 1;
  while (i >= 0) {
    const c = re[i];
    const escaped = i > 0 && re[i - 1] === '\\' && !(i > 1 && re[i - 2] === '\\');
    if (escaped && /[^A-Za-z0-9]/.test(c)) {
      out = c + out;
      i -= 2;
    } else if (!escaped && !'.^$*+?()[]{}|\\'.includes(c)) {
      out = c + out;
      i--;
    } else {
      break;
    }
  }
  return out;
}

/** A literal run of a regex read forwards from `start`, dropping a character a quantifier makes optional. */
function literalAfter(re: string, start: number): string {
  let out = '';
  let i = start;
  while (i < re.length) {
    const escaped = re[i] === '\\' && i + 1 < re.length && /[^A-Za-z0-9]/.test(re[i + 1]);
    const c = escaped ? re[i + 1] : re[i];
    if (!escaped && '.^$*+?()[]{}|\\'.includes(c)) {
      break;
    }
    const next = i + (escaped ? 2 : 1);
    if ('?*{'.includes(re[next] ?? '')) {
      break;
    }
    out += c;
    i = next;
  }
  return out;
}

/** Index just past the group opening at `open` (balanced parentheses, escapes and classes skipped). */
function groupEnd(re: string, open: number): number {
  let depth = 0;
  for (let i = open; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      i = re.indexOf(']', i + 2);
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

interface Context {
  before: string;
  after: string;
  /** The capture is digits, so the next character is not a digit. */
  digits: boolean;
}

/** Text a text-source field's value is always written between, from its catalog stage. */
function textContext(f: ResolvedField): Context | undefined {
  const stage = f.text?.logql ?? '';
  const body = stage.match(/^\| (pattern|regexp) (`[^`]*`|"(?:[^"\\]|\\.)*")$/);
  if (!body) {
    return undefined;
  }
  const text = body[2].startsWith('`') ? body[2].slice(1, -1) : (JSON.parse(body[2]) as string);
  if (body[1] === 'pattern') {
    const at = text.indexOf(`<${f.label}>`);
    const before = text.slice(0, at).replace(/^[\s\S]*>/, '');
    const after = text.slice(at + f.label.length + 2).replace(/<[\s\S]*$/, '');
    return at < 0 ? undefined : { before, after, digits: false };
  }
  const open = text.indexOf(`(?P<${f.label}>`);
  if (open < 0 || /(^|[^\\])\|/.test(text.replace(/\([^()]*\)/g, ''))) {
    return undefined; // a top-level alternation would make the neighbouring text optional
  }
  const close = groupEnd(text, open);
  const capture = text.slice(open, close);
  return { before: literalBefore(text, open), after: close < 0 ? '' : literalAfter(text, close), digits: /^\(\?P<\w+>\[0-9\]\+\)$/.test(capture) };
}

/** Removes literals that contain another literal of the set: the shorter one already covers them. */
function minimize(lits: PrefilterLiteral[]): PrefilterLiteral[] {
  const norm = (l: PrefilterLiteral) => (l.ci ? l.value.toLowerCase() : l.value);
  return lits.filter((a, i) => !lits.some((b, j) => j !== i && (b.ci || !a.ci) && norm(a).includes(norm(b)) && (norm(a) !== norm(b) || j < i)));
}

function regexLiterals(leaf: FieldLeaf & { source: string; flags: string }, f: ResolvedField): PrefilterLiteral[] | undefined {
  const facts = regexFacts(leaf.source);
  const ci = leaf.flags.includes('i');
  // JSON escapes some characters in strings, so only runs of the others appear verbatim in
  // the line; a body's own text is part of the line as written.
  const lits = minimize((facts.literals ?? []).map((value) => ({ value: f.json && !f.body ? longestVerbatimRun(value) : value, ci })));
  return lits.length > 0 && lits.every((l) => l.value.length >= 2) ? lits : undefined;
}

/** Literals one of which the line contains whenever the (positive) leaf holds. */
export function leafLiterals(leaf: FieldLeaf, f: ResolvedField): PrefilterLiteral[] | undefined {
  if (leaf.neg) {
    return undefined;
  }
  if (leaf.op === 're' || leaf.op === 'glob') {
    return regexLiterals(leaf, f);
  }
  if (f.json) {
    const lit = requiredLiteral(leaf, f);
    return lit ? [lit] : undefined;
  }
  if (leaf.op !== 'eq' && leaf.op !== 'contains' && leaf.op !== 'prefix' && leaf.op !== 'suffix') {
    return undefined;
  }
  const { value } = leaf;
  const ci = leaf.ci === true;
  const ctx = textContext(f);
  if (value === '') {
    return undefined;
  }
  const before = ctx && (leaf.op === 'eq' || leaf.op === 'prefix') ? ctx.before : '';
  const after = ctx && (leaf.op === 'eq' || leaf.op === 'suffix') ? ctx.after : '';
  const endsAtBoundary = leaf.op === 'eq' && after === '' && ctx?.digits === true && /^[0-9]+$/.test(value);
  return [{ value: before + value + after, ci, ...(endsAtBoundary ? { endsAtBoundary } : {}) }];
}

function score(clause: PrefilterClause): number {
  // Longer shortest literal first; case-insensitive literals cost more to test.
  return Math.min(...clause.map((l) => l.value.length)) - (clause.some((l) => l.ci) ? 100 : 0) - clause.length / 100;
}

/** Clauses implied by a condition (AND of ORs). An OR yields a clause only if every branch has one. */
export function conditionClauses(c: Cond, source: Plan['source']): PrefilterClause[] {
  if (c.k === 'field') {
    const lits = leafLiterals(c, resolveField(source, c.field));
    return lits ? [lits] : [];
  }
  if (c.k === 'and') {
    return c.c.flatMap((x) => conditionClauses(x, source));
  }
  if (c.k === 'or') {
    const perChild = c.c.map((x) => conditionClauses(x, source).sort((a, b) => score(b) - score(a))[0]);
    if (perChild.some((x) => x === undefined)) {
      return [];
    }
    const union = minimize(perChild.flat());
    return union.length <= MAX_ALTERNATIVES ? [union] : [];
  }
  return [];
}

/** True when the JavaScript character is a LogsQL word character (letters, digits, `_`). */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
}

/**
 * Whether a literal may be sent to VictoriaLogs as a phrase filter (which uses its bloom
 * filters): a phrase must start and end at word boundaries, which a literal bounded by
 * non-word characters always does.
 */
export function phraseSafe(l: PrefilterLiteral): boolean {
  return !l.ci && !isWordChar(l.value[0]) && (!isWordChar(l.value[l.value.length - 1]) || l.endsAtBoundary === true);
}

/** A word-bounded phrase search, as VictoriaLogs' phrase filter does it. */
function phraseHolds(phrase: string, line: string): boolean {
  for (let at = line.indexOf(phrase); at >= 0; at = line.indexOf(phrase, at + 1)) {
    const startOk = !isWordChar(phrase[0]) || !isWordChar(line[at - 1]);
    const endOk = !isWordChar(phrase[phrase.length - 1]) || !isWordChar(line[at + phrase.length]);
    if (startOk && endOk) {
      return true;
    }
  }
  return false;
}

/**
 * Does the line pass the clause as a backend tests it: LogQL by substring, LogsQL by phrase
 * where `phraseSafe` allows it (the same answer for the literals it allows).
 */
export function clauseHolds(clause: PrefilterClause, line: string, backend: 'loki' | 'victorialogs' = 'loki'): boolean {
  return clause.some((l) => (backend === 'victorialogs' && phraseSafe(l) ? phraseHolds(l.value, line) : line.includes(l.value)));
}

/**
 * The pre-filter clauses of a plan: those implied by its non-raw-line conditions, except
 * case-insensitive ones. Both backends must test the same clauses (the matcher applies them
 * too), and VictoriaLogs' case-folding scans (`_msg:~"(?i)…"`) cost several times the parser
 * they would save (docs/benchmarks.md), so a case-insensitive value gives no pre-filter.
 */
export function planClauses(plan: Plan, rest: Cond[]): PrefilterClause[] {
  return conditionClauses({ k: 'and', c: rest }, plan.source).filter((c) => c.every((l) => !l.ci));
}
