/**
 * Plan → LogsQL (VictoriaLogs). Lines are stored verbatim in `_msg` (as Loki keeps them), so
 * JSON sources unpack only the needed fields with a prefix that cannot collide with stream
 * fields; text sources use the catalog's `extract`/`extract_regexp`. Raw-line tests and
 * implied literals filter `_msg` before any unpacking.
 */
import { escapeRegex, quoteLogsQLString } from '../logql/escape';
import { EXTRACT_PREFIX, isJsonSource, resolveField, type ResolvedField } from './fields';
import { anchoredRegex, elementRegex, leafCi } from './leaf';
import { FLIP } from './numeric';
import { phraseSafe, planClauses, type PrefilterClause, type PrefilterLiteral } from './prefilter';
import { mergePatterns, splitConjuncts } from './logql';
import { withFlags } from './regex';
import { UnsupportedRuleError, type Cond, type FieldLeaf, type LineLeaf, type Plan } from './types';

const q = quoteLogsQLString;

function lineTest(leaf: LineLeaf): string {
  const re = leaf.op === 'contains' ? escapeRegex(leaf.value) : withFlags(leaf.source, leaf.flags);
  return `${leaf.neg ? 'NOT ' : ''}_msg:~${q(re)}`;
}

/** LogsQL `~` searches anywhere: literal ops need no `.*` padding, which keeps VictoriaLogs' substring fast path. */
function searchRegex(leaf: FieldLeaf): string {
  const i = leafCi(leaf) ? 'i' : '';
  switch (leaf.op) {
    case 'contains':
      return withFlags(escapeRegex(leaf.value), i);
    case 'prefix':
      return withFlags(`^${escapeRegex(leaf.value)}`, i);
    case 'suffix':
      return withFlags(`${escapeRegex(leaf.value)}$`, i);
    case 're':
      return withFlags(leaf.source, [...new Set(`${leaf.flags}s`)].sort().join(''));
    default: {
      const re = anchoredRegex(leaf);
      return withFlags(`^(?:${re.body})$`, re.flags);
    }
  }
}

/**
 * Where events sit in VictoriaLogs. `verbatim`: the line in `_msg` (Loki's push with
 * `disable_message_parsing`), read with `unpack_json`. `native`: VictoriaLogs' default for
 * JSON lines, the event split into fields at ingestion (nested keys joined with dots, arrays
 * as their JSON text), read by filters on those fields directly. Text sources are always
 * verbatim: VictoriaLogs parses only JSON lines.
 */
export type Layout = 'verbatim' | 'native';

/** The field a compiled filter reads (and a stats key is named): the unpacked copy, or in the native layout the stored field. */
export function fieldName(f: ResolvedField, layout: Layout): string {
  return layout === 'native' && f.json ? f.json.segments.join('.') : f.vlField;
}

/** Where a `map` body is packed back into one JSON text (both layouts flatten it). */
function packedName(f: ResolvedField): string {
  return EXTRACT_PREFIX + f.json!.segments.join('.');
}

/**
 * A body test: a `map` reads its packed text; an `object` reads its own stored text (an
 * array, e.g. a JSON patch) or any stored field under it (arrays as JSON text, scalars).
 */
function bodyFilter(leaf: FieldLeaf, f: ResolvedField, layout: Layout): string {
  const re = q(searchRegex(leaf));
  const not = leaf.neg ? 'NOT ' : '';
  if (f.body === 'map') {
    return `${not}${q(packedName(f))}:~${re}`;
  }
  const name = fieldName(f, layout);
  return `${not}(${q(name)}:~${re} OR ${q(`${name}.*`)}:~${re})`;
}

/** Packs each `map` body the plan reads into one field, its prefix taken off the keys. */
function mapStages(plan: Plan, layout: Layout): string[] {
  return plan.fields
    .map((n) => resolveField(plan.source, n))
    .filter((f) => f.body === 'map')
    .map((f) => {
      const name = fieldName(f, layout);
      const packed = q(packedName(f));
      return `| pack_json fields (${q(`${name}.*`)}) as ${packed} | replace (${q(`"${name}.`)}, ${q('"')}) at ${packed}`;
    });
}

function readsMap(c: Cond, source: Plan['source']): boolean {
  if (c.k === 'and' || c.k === 'or') {
    return c.c.some((x) => readsMap(x, source));
  }
  return c.k === 'field' && resolveField(source, c.field).body === 'map';
}

function leafFilter(leaf: FieldLeaf, f: ResolvedField, source: Plan['source'], layout: Layout): string {
  if (f.body) {
    return bodyFilter(leaf, f, layout);
  }
  const name = q(fieldName(f, layout));
  const not = leaf.neg ? 'NOT ' : '';
  if (leaf.op === 'exists') {
    return leaf.value !== leaf.neg ? `${name}:*` : `${name}:""`;
  }
  if (leaf.op === 'num') {
    // Numbers compare on their decimal text; negation flips the comparison (see numeric.ts).
    return `${name}:~${q(searchRegex(leaf.neg ? { ...leaf, cmp: FLIP[leaf.cmp], neg: false } : leaf))}`;
  }
  if (leaf.op === 'fieldref') {
    return `${not}${name}:eq_field(${q(fieldName(resolveField(source, leaf.other), layout))})`;
  }
  if (f.list) {
    const re = elementRegex(leaf);
    const test = `${name}:~${q(withFlags(re.body, re.flags))}`;
    // An element equal to a value bounded by word characters puts that phrase in the JSON
    // text: the phrase filter lets VictoriaLogs skip blocks by its bloom filters first.
    if (leaf.op === 'eq' && !leaf.ci && !leaf.neg && /^\w(?:.*\w)?$/s.test(leaf.value)) {
      return `(${name}:${q(leaf.value)} ${test})`;
    }
    return `${not}${test}`;
  }
  if (leaf.op === 'eq' && !leaf.ci) {
    return `${not}${name}:=${q(leaf.value)}`;
  }
  if (leaf.op === 'prefix' && !leaf.ci) {
    return `${not}${name}:=${q(leaf.value)}*`; // exact prefix: the bloom filters apply
  }
  // cidr too: ipv4_range would also take leading zeros and trailing text.
  return `${not}${name}:~${q(searchRegex(leaf))}`;
}

/**
 * How much a condition costs VictoriaLogs (docs/benchmarks.md, plan cost model): exact and
 * prefix tests use the bloom filters (0), list elements a phrase then a regex (1), other
 * regexes and absence tests read every value (2), bodies every field under them (3). An OR
 * costs its dearest branch.
 */
function cost(c: Cond, source: Plan['source']): number {
  if (c.k === 'and' || c.k === 'or') {
    return Math.max(0, ...c.c.map((x) => cost(x, source)));
  }
  if (c.k !== 'field') {
    return 2;
  }
  const f = resolveField(source, c.field);
  if (f.body) {
    return 3;
  }
  if (f.list) {
    return 1;
  }
  // `:""` (absent or empty) has no bloom filter to skip blocks with: it reads every value.
  const present = c.op === 'exists' && c.value !== c.neg;
  return present || ((c.op === 'eq' || c.op === 'prefix') && !c.ci) ? 0 : 2;
}

/** Cheapest first: VictoriaLogs runs each test only on the rows the earlier ones left. */
export function byCost(cs: Cond[], source: Plan['source']): Cond[] {
  return cs
    .map((c, i) => ({ c, i, k: cost(c, source) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.c);
}

function filterExpr(c: Cond, source: Plan['source'], layout: Layout = 'verbatim'): string {
  switch (c.k) {
    case 'and':
    case 'or':
      return `(${byCost(c.c, source).map((x) => filterExpr(x, source, layout)).join(c.k === 'and' ? ' AND ' : ' OR ')})`;
    case 'field':
      return leafFilter(c, resolveField(source, c.field), source, layout);
    case 'line':
      if (layout === 'native') {
        throw new UnsupportedRuleError('a raw-line test (_line or keywords) has no line to read in the native layout, where VictoriaLogs keeps the event as fields: test a field instead');
      }
      return lineTest(c);
    default:
      throw new UnsupportedRuleError('constant inside a condition');
  }
}

function unpackStage(plan: Plan): string[] {
  const fields = plan.fields.map((n) => resolveField(plan.source, n));
  if (fields.length === 0) {
    return [];
  }
  if (fields[0].json) {
    // Objects come out flattened, one field per path: a body needs its own name and all below it.
    const names = fields
      .flatMap((f) => (f.body ? [f.json!.segments.join('.'), `${f.json!.segments.join('.')}.*`] : [f.json!.segments.join('.')]))
      .map((n) => (/^[\w./-]+$/.test(n) ? n : q(n)));
    return [`| unpack_json fields (${[...new Set(names)].join(', ')}) result_prefix ${q(EXTRACT_PREFIX)}`];
  }
  return mergePatterns(fields.map((f) => f.text!.logsql));
}

/** A phrase filter (bloom-filter accelerated) where it means "contains", else a substring regex. */
function literalTest(l: PrefilterLiteral): string {
  return phraseSafe(l) ? `_msg:${q(l.value)}` : `_msg:~${q(escapeRegex(l.value))}`;
}

/** One clause: ORed literal tests. */
function clauseTest(clause: PrefilterClause): string {
  const tests = clause.map(literalTest);
  return tests.length === 1 ? tests[0] : `(${tests.join(' OR ')})`;
}

/**
 * The substring tests on `_msg` that run before anything else: the rule's own raw-line
 * substrings and the literals its fields imply. Alone, they are the bare scan benchmarks
 * compare against.
 */
export function lineScan(plan: Plan): string[] {
  const { line, rest } = splitConjuncts(plan);
  const isRegex = (l: LineLeaf | LineLeaf[]) => (Array.isArray(l) ? l.some((x) => x.op === 're') : l.op === 're');
  const parts = line.filter((l) => !isRegex(l)).map((l) => (Array.isArray(l) ? `(${l.map(lineTest).join(' OR ')})` : lineTest(l)));
  // Phrase-only clauses first: VictoriaLogs skips whole blocks for them with its bloom
  // filters. The matcher tests the same clauses.
  const clauses = planClauses(plan, rest);
  parts.push(...[...clauses.filter((c) => c.every(phraseSafe)), ...clauses.filter((c) => !c.every(phraseSafe))].map(clauseTest));
  return parts;
}

export interface LogsQLOptions {
  /** A `_time:` filter, e.g. `_time:5m` or `_time:(2026-01-01T00:00:00Z, 2026-01-01T00:05:00Z]`. */
  time?: string;
  /** Default `verbatim`. */
  layout?: Layout;
}

/** Whether a plan reads stored fields directly (native layout of a JSON source). */
function native(plan: Plan, opts: LogsQLOptions): boolean {
  return opts.layout === 'native' && isJsonSource(plan.source);
}

/**
 * The native-layout query: every test a filter on the stored fields, before any pipe, so
 * VictoriaLogs answers from its column storage and bloom filters. No `_msg` pre-filter (there
 * is no line) and no unpacking.
 */
function nativeLogQuery(plan: Plan, opts: LogsQLOptions): string {
  const parts = [plan.selector];
  if (opts.time) {
    parts.push(opts.time);
  }
  const { rest, line } = splitConjuncts(plan);
  if (line.length > 0) {
    filterExpr(Array.isArray(line[0]) ? line[0][0] : line[0], plan.source, 'native'); // throws: no line
  }
  // Tests of packed maps wait for the pack, which runs only on rows the others kept.
  const late = rest.filter((c) => readsMap(c, plan.source));
  parts.push(...byCost(rest.filter((c) => !late.includes(c)), plan.source).map((c) => filterExpr(c, plan.source, 'native')));
  if (late.length > 0) {
    parts.push(...mapStages(plan, 'native'), `| filter ${late.map((c) => filterExpr(c, plan.source, 'native')).join(' ')}`);
  }
  return parts.join(' ');
}

/** The drill-down LogsQL query. */
export function logsqlLogQuery(plan: Plan, opts: LogsQLOptions = {}): string {
  if (native(plan, opts)) {
    return nativeLogQuery(plan, opts);
  }
  const { line, rest } = splitConjuncts(plan);
  const parts = [plan.selector];
  if (opts.time) {
    parts.push(opts.time);
  }
  parts.push(...lineScan(plan));
  const isRegex = (l: LineLeaf | LineLeaf[]) => (Array.isArray(l) ? l.some((x) => x.op === 're') : l.op === 're');
  for (const l of line.filter(isRegex)) {
    parts.push(Array.isArray(l) ? `(${l.map(lineTest).join(' OR ')})` : lineTest(l));
  }
  parts.push(...unpackStage(plan), ...mapStages(plan, 'verbatim'));
  if (rest.length > 0) {
    parts.push(`| filter ${byCost(rest, plan.source).map((c) => filterExpr(c, plan.source)).join(' ')}`);
  }
  return parts.join(' ');
}

/** The alerting form: `| stats` per key over the window, then the threshold. */
export function logsqlStatsQuery(plan: Plan, opts: LogsQLOptions = {}): string {
  const log = logsqlLogQuery(plan, { ...opts, time: opts.time ?? `_time:${plan.alertWindow}` });
  const w = plan.window;
  if (!w) {
    return `${log} | stats count() as hits | filter hits:>0`;
  }
  const layout = native(plan, opts) ? 'native' : 'verbatim';
  const keys = w.groupBy.map((g) => q(fieldName(resolveField(plan.source, g), layout)));
  const by = keys.length ? ` by (${keys.join(', ')})` : '';
  const fn = w.type === 'event_count' ? 'count()' : `count_uniq(${q(fieldName(resolveField(plan.source, w.field!), layout))})`;
  return `${log} | stats${by} ${fn} as hits | filter hits:${w.op === 'gte' ? '>=' : '>'}${w.threshold}`;
}

/**
 * The naive form of the same rule, for benchmarks: no line filters before parsing, every
 * JSON field unpacked, then the whole condition. Same results, more work per line.
 */
export function logsqlNaiveQuery(plan: Plan): string {
  const fields = plan.fields.map((n) => resolveField(plan.source, n));
  const unpack = fields.length === 0 || fields[0].json ? [`| unpack_json result_prefix ${q(EXTRACT_PREFIX)}`] : unpackStage(plan);
  return [plan.selector, ...unpack, ...mapStages(plan, 'verbatim'), `| filter ${filterExpr(plan.cond, plan.source)}`].join(' ');
}
