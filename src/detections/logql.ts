/**
 * Plan → LogQL. Cheapest order: stream selector, raw-line filters (the rule's own and the
 * literals its fields imply), one parser stage extracting only the needed fields, label
 * filters, then `__error__=""` (a numeric test on an unparsable value, or a line that is not
 * JSON, must not count). Every value goes through src/logql/escape.ts.
 */
import { quoteLogQLString, quoteLogQLStringPreferRaw } from '../logql/escape';
import { resolveField, type ResolvedField } from './fields';
import { anchoredRegex, elementRegex } from './leaf';
import { FLIP } from './numeric';
import { planClauses } from './prefilter';
import { withFlags } from './regex';
import { UnsupportedRuleError, type Cond, type FieldLeaf, type LineLeaf, type Plan } from './types';

function lineFilter(leaf: LineLeaf): string {
  if (leaf.op === 'contains') {
    return `${leaf.neg ? '!=' : '|='} ${quoteLogQLString(leaf.value)}`;
  }
  return `${leaf.neg ? '!~' : '|~'} ${quoteLogQLStringPreferRaw(withFlags(leaf.source, leaf.flags))}`;
}

/** An OR of positive raw-line tests as one line filter. */
function lineOrFilter(leaves: LineLeaf[]): string {
  if (leaves.every((l) => l.op === 'contains')) {
    return `|= ${leaves.map((l) => quoteLogQLString((l as { value: string }).value)).join(' or ')}`;
  }
  // Literal alternatives (no letters, or exact) read the same under any flags.
  const flags = new Set(leaves.filter((l) => l.op === 're').map((l) => (l as { flags: string }).flags));
  if (flags.size > 1) {
    throw new UnsupportedRuleError('raw-line regexes ORed together must use the same flags');
  }
  const alts = leaves.map((l) => (l.op === 're' ? `(?:${l.source})` : `(?:${l.value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')})`));
  return `|~ ${quoteLogQLStringPreferRaw(withFlags(alts.join('|'), [...flags][0] ?? ''))}`;
}

/** The label a `label_format` stage sets to "1" when two fields' values are equal (Sigma fieldref). */
function fieldRefLabel(a: ResolvedField, b: ResolvedField): string {
  return `vigil_eq_${a.label}_${b.label}`;
}

function fieldRefs(c: Cond, out: Array<[string, string]>): Array<[string, string]> {
  if (c.k === 'and' || c.k === 'or') {
    c.c.forEach((x) => fieldRefs(x, out));
  } else if (c.k === 'field' && c.op === 'fieldref' && !out.some(([a, b]) => a === c.field && b === c.other)) {
    out.push([c.field, c.other]);
  }
  return out;
}

function leafFilter(leaf: FieldLeaf, f: ResolvedField, source: Plan['source']): string {
  const l = f.label;
  if (leaf.op === 'exists') {
    return `${l}${leaf.value !== leaf.neg ? '!=' : '='}""`;
  }
  if (leaf.op === 'fieldref') {
    return `${fieldRefLabel(f, resolveField(source, leaf.other))}${leaf.neg ? '!=' : '='}"1"`;
  }
  if (leaf.op === 'num') {
    // Numbers compare on their decimal text; negation flips the comparison (see numeric.ts).
    const re = anchoredRegex(leaf.neg ? { ...leaf, cmp: FLIP[leaf.cmp] } : leaf);
    return `${l}=~${quoteLogQLStringPreferRaw(re.body)}`;
  }
  if (f.list) {
    const re = elementRegex(leaf);
    return `${l}${leaf.neg ? '!~' : '=~'}${quoteLogQLStringPreferRaw(withFlags(`.*${re.body}.*`, [...new Set(`${re.flags}s`)].sort().join('')))}`;
  }
  if (leaf.op === 'eq' && !leaf.ci) {
    return `${l}${leaf.neg ? '!=' : '='}${quoteLogQLString(leaf.value)}`;
  }
  const re = anchoredRegex(leaf);
  return `${l}${leaf.neg ? '!~' : '=~'}${quoteLogQLStringPreferRaw(withFlags(re.body, re.flags))}`;
}

function labelExpr(c: Cond, source: Plan['source'], top: boolean): string {
  switch (c.k) {
    case 'and':
    case 'or': {
      const inner = c.c.map((x) => labelExpr(x, source, false)).join(` ${c.k} `);
      return top ? inner : `(${inner})`;
    }
    case 'field':
      return leafFilter(c, resolveField(source, c.field), source);
    default:
      throw new UnsupportedRuleError(`cannot place ${c.k} inside a label filter`);
  }
}

/** Parser stages for the plan's fields: one `| json` for JSON sources, merged patterns for text. */
export function parserStages(plan: Plan): string[] {
  const fields = plan.fields.map((n) => resolveField(plan.source, n));
  if (fields.length === 0) {
    return [];
  }
  const parsers = fields[0].json ? [`| json ${fields.map((f) => `${f.label}=${quoteLogQLString(f.json!.path)}`).join(', ')}`] : mergePatterns(fields.map((f) => f.text!.logql));
  // Label filters compare with literals only: a template marks lines whose two fields are equal.
  const refs = fieldRefs(plan.cond, []).map(([a, b]) => {
    const [fa, fb] = [resolveField(plan.source, a), resolveField(plan.source, b)];
    return `| label_format ${fieldRefLabel(fa, fb)}=${quoteLogQLString(`{{ if eq .${fa.label} .${fb.label} }}1{{ end }}`)}`;
  });
  return [...parsers, ...refs];
}

/** `| pattern` stages over the same layout differ only in which capture is named: merge them. */
export function mergePatterns(stages: string[]): string[] {
  const out: string[] = [];
  const patterns = stages.filter((s) => s.startsWith('| pattern ') || s.startsWith('| extract '));
  const others = stages.filter((s) => !patterns.includes(s));
  if (patterns.length > 0) {
    const split = patterns.map((s) => s.split(/(<[^>]*>)/));
    const merged = split[0].map((tok, i) => split.map((p) => p[i]).find((t) => t !== '<_>' && t.startsWith('<')) ?? tok);
    const sameLayout = split.every((p) => p.length === split[0].length && p.every((t, i) => t === split[0][i] || (t.startsWith('<') && split[0][i].startsWith('<'))));
    out.push(...(sameLayout ? [merged.join('')] : patterns));
  }
  return [...out, ...[...new Set(others)]];
}

/** Splits the top-level conjuncts into raw-line filters and the rest. */
export function splitConjuncts(plan: Plan): { line: Array<LineLeaf | LineLeaf[]>; rest: Cond[] } {
  if (plan.cond.k === 'const') {
    if (!plan.cond.value) {
      throw new UnsupportedRuleError('the condition can never hold');
    }
    return { line: [], rest: [] };
  }
  const conj = plan.cond.k === 'and' ? plan.cond.c : [plan.cond];
  const line: Array<LineLeaf | LineLeaf[]> = [];
  const rest: Cond[] = [];
  for (const c of conj) {
    if (c.k === 'line') {
      line.push(c);
    } else if (c.k === 'or' && c.c.every((x) => x.k === 'line')) {
      line.push(c.c as LineLeaf[]);
    } else {
      rest.push(c);
    }
  }
  return { line, rest };
}

/** The drill-down log query. */
export function logqlLogQuery(plan: Plan): string {
  const { line, rest } = splitConjuncts(plan);
  const parts = [plan.selector];
  // Substring filters first, regexes last: the cheap tests drop most lines before a regex runs.
  const isRegex = (l: LineLeaf | LineLeaf[]) => (Array.isArray(l) ? l.some((x) => x.op === 're') : l.op === 're');
  for (const l of line.filter((x) => !isRegex(x))) {
    parts.push(Array.isArray(l) ? lineOrFilter(l) : lineFilter(l));
  }
  const have = new Set(line.filter((l): l is LineLeaf => !Array.isArray(l) && l.op === 'contains' && !l.neg).map((l) => (l as { value: string }).value));
  for (const clause of planClauses(plan, rest)) {
    if (!clause.some((lit) => [...have].some((h) => h.includes(lit.value)))) {
      parts.push(`|= ${clause.map((l) => quoteLogQLString(l.value)).join(' or ')}`);
      clause.length === 1 && have.add(clause[0].value);
    }
  }
  for (const l of line.filter(isRegex)) {
    parts.push(Array.isArray(l) ? lineOrFilter(l) : lineFilter(l));
  }
  parts.push(...parserStages(plan));
  for (const c of rest) {
    parts.push(`| ${labelExpr(c, plan.source, true)}`);
  }
  if (plan.fields.length > 0 && resolveField(plan.source, plan.fields[0]).json) {
    parts.push('| __error__=""');
  }
  return parts.join(' ');
}

/**
 * The alerting query: `sum by (keys) (count_over_time(<log> | keep keys [window])) >= threshold`.
 * `keep` leaves one series per key (value_count: per key and value), so the series count
 * stays far below Loki's max_query_series whatever else the pipeline extracted.
 */
export function logqlMetricQuery(plan: Plan): string {
  const log = logqlLogQuery(plan);
  const w = plan.window;
  if (!w) {
    return `sum(count_over_time(${log} [${plan.alertWindow}])) > 0`;
  }
  const keys = w.groupBy.map((g) => resolveField(plan.source, g).label);
  const by = keys.length ? ` by (${keys.join(', ')})` : '';
  const op = w.op === 'gte' ? '>=' : '>';
  if (w.type === 'event_count') {
    const keep = keys.length ? ` | keep ${keys.join(', ')}` : '';
    return `sum${by} (count_over_time(${log}${keep} [${w.window}])) ${op} ${w.threshold}`;
  }
  const counted = resolveField(plan.source, w.field!).label;
  return `count${by} (count_over_time(${log} | keep ${[...keys, counted].join(', ')} [${w.window}])) ${op} ${w.threshold}`;
}
