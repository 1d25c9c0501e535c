/**
 * Peer check: the catalog rules that are valid Sigma, converted to LogQL by pySigma's Loki
 * backend, against Vigil's compiled LogQL, on the real-world corpus and on the simulator data
 * (both evaluated with the LogQL oracle). Every line only one side finds is judged by a direct
 * reading of the Sigma specification over the event (specReading below), and the cause is named
 * by the semantic deviation of the wrong side's query that reproduces its answer.
 *
 * Run: npm run bench:sigma-peer             # writes the "sigma-peer" section of docs/benchmarks.md
 *      npm run bench:sigma-peer -- --print  # prints it only
 *      npm run bench:sigma-peer -- --print --queries  # and both queries of every rule
 *
 * pySigma runs in its own venv under ~/.cache/vigil (created on first run, versions pinned).
 * Needs the real-world corpus beside the repository (see tests/differential/realCorpus.ts).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CATALOG_RULES } from '../src/detections/catalog';
import { isJsonSource, resolveField } from '../src/detections/fields';
import { logqlLogQuery, logqlMetricQuery, parserStages } from '../src/detections/logql';
import { planRule } from '../src/detections/plan';
import type { Plan, Rule } from '../src/detections/types';
import { buildCorpus, type CorpusEntry } from '../tests/differential/corpus';
import { corpusEntries, readCorpus, type CorpusLine } from '../tests/differential/realCorpus';
import { evaluateLogs, evaluateRange } from '../tests/logql/oracle';
import { venvDir, venvPython } from './pythonVenv';
import {
  BASE_NAME,
  escapeRegex,
  toSigma,
  type Scalar,
  type Selection,
  type SigmaForm,
  type SigmaMap,
} from './sigmaForm';

const PYSIGMA = '1.5.1';
const PYSIGMA_LOKI = '0.15.1';
const VENV = venvDir('sigma-peer-venv');
const HELPER = path.join(__dirname, 'sigma_peer.py');
const NS_PER_MS = BigInt(1000000);

// ---------------------------------------------------------------------------------------------
// A direct reading of the Sigma specification over one event (the judge)

/**
 * Semantic deviations from the spec, each one a query makes as written; the cause of a
 * disagreement is the wrong side's deviation that reproduces its answer.
 */
interface Deviation {
  /** Plain strings compare case-sensitively (the spec: case-insensitive unless `|cased`). */
  cased?: boolean;
  /** A field regex must match the whole value (Loki's label `=~` is anchored). */
  anchoredRe?: boolean;
  /** Array and object values are missing (`| json` makes labels of scalars only: it skips arrays and flattens objects). */
  scalarsOnly?: boolean;
  /** A `|cased` keyword's wildcards are literal characters (pySigma writes them into a `|=` line filter). */
  literalKeywordWildcards?: boolean;
  /** A numeric test on a present value that is not a number passes (Loki keeps it with `__error__`). */
  numberErrorKeeps?: boolean;
  /** A positive plain string test also needs its JSON text (`"value"`) in the raw line (a line pre-filter). */
  rawLiteral?: boolean;
}

type SideName = 'Vigil' | 'pySigma';

/** Each deviation and the side whose query, as written, makes it (Vigil wraps its field regexes, tests `__error__`, …). */
const DEVIATIONS: Array<{ key: keyof Deviation; sides: SideName[]; why: string }> = [
  {
    key: 'cased',
    sides: ['Vigil', 'pySigma'],
    why: 'plain strings are case-insensitive unless `|cased`; it compared case-sensitively',
  },
  {
    key: 'anchoredRe',
    sides: ['pySigma'],
    why: "`|re` is a search (the spec's flavour has `^`/`$` anchors); its regex sits in a Loki label filter, which is anchored, so it required a whole-value match",
  },
  {
    key: 'scalarsOnly',
    sides: ['pySigma'],
    why: 'a list field matches when an element does, and `exists` holds for any value; `| json` skips arrays and flattens objects, so it never saw the field',
  },
  {
    key: 'literalKeywordWildcards',
    sides: ['pySigma'],
    why: '`|contains` puts `*` wildcards around a keyword; for a `|cased` keyword it searched for the `*` characters literally',
  },
  {
    key: 'rawLiteral',
    sides: ['Vigil'],
    why: 'a field test reads the decoded value (`\\u0065` is `e`); its line pre-filter required the value as written in the raw line',
  },
  {
    key: 'numberErrorKeeps',
    sides: ['pySigma'],
    why: 'a number matches only an equal number; it kept a value that does not convert (Loki keeps such lines with `__error__`)',
  },
];

/** The deviations of `side` that turn the spec reading's answer into that side's. */
function causes(form: SigmaForm, e: CorpusEntry, side: SideName, specSays: boolean): string[] {
  return DEVIATIONS.filter((d) => d.sides.includes(side) && specReading(form, e, { [d.key]: true }) !== specSays).map(
    (d) => `${side}: ${d.why}`
  );
}

interface SpecEvent {
  /** The line as the backend holds it (keywords search it). */
  line: string;
  /** A JSON event (values decoded from the line) rather than a text source's extraction. */
  json: boolean;
  field: (name: string) => { present: boolean; value: unknown };
}

/** A dotted name in a JSON object; a key may itself hold dots (`output_fields.proc.cmdline`). */
function lookup(node: unknown, segs: string[]): { present: boolean; value: unknown } {
  if (segs.length === 0) {
    return { present: true, value: node };
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    for (let n = 1; n <= segs.length; n++) {
      const key = segs.slice(0, n).join('.');
      if (key in node) {
        const found = lookup((node as Record<string, unknown>)[key], segs.slice(n));
        if (found.present) {
          return found;
        }
      }
    }
  }
  return { present: false, value: undefined };
}

function specEvent(entry: CorpusEntry): SpecEvent {
  if (entry.source === 'audit' || entry.source === 'falco') {
    let obj: unknown;
    try {
      obj = JSON.parse(entry.line);
    } catch {
      obj = undefined;
    }
    return {
      line: entry.line,
      json: true,
      field: (name) => lookup(obj, name.split('.')),
    };
  }
  // Text sources: the fields their parser extracts (the same extraction both queries use).
  const fields = entry.event?.fields ?? {};
  return { line: entry.line, json: false, field: (name) => ({ present: name in fields, value: fields[name] }) };
}

function wildcardRegex(value: string, flags: string): RegExp {
  let body = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && (value[i + 1] === '*' || value[i + 1] === '?' || value[i + 1] === '\\')) {
      body += escapeRegex(value[++i]);
    } else {
      body += c === '*' ? '.*' : c === '?' ? '.' : escapeRegex(c);
    }
  }
  return new RegExp(`^${body}$`, flags);
}

/** One value against one scalar of the event. */
function valueMatches(v: Scalar, mods: string[], actual: unknown, dev: Deviation, keyword: boolean): boolean {
  if (v === null) {
    return actual === undefined || actual === null;
  }
  if (actual === undefined || actual === null || typeof actual === 'object') {
    return false;
  }
  const text = String(actual);
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (mods.includes(op)) {
      const n = Number(text);
      const t = Number(v);
      return (
        text.trim() !== '' &&
        !Number.isNaN(n) &&
        (op === 'gt' ? n > t : op === 'gte' ? n >= t : op === 'lt' ? n < t : n <= t)
      );
    }
  }
  if (mods.includes('re')) {
    const flags = (mods.includes('i') ? 'i' : '') + (mods.includes('s') ? 's' : '') + (mods.includes('m') ? 'm' : '');
    const source = String(v);
    return new RegExp(dev.anchoredRe && !keyword ? `^(?:${source})$` : source, flags).test(text);
  }
  if (typeof v === 'number') {
    if (typeof actual === 'number' || /^-?[0-9.]+$/.test(text)) {
      return Number(text) === v;
    }
    return !!dev.numberErrorKeeps && text !== '';
  }
  if (typeof v === 'boolean') {
    return text === String(v);
  }
  let pattern = String(v);
  if (keyword && dev.literalKeywordWildcards && mods.includes('cased')) {
    return text.includes(mods.includes('contains') ? `*${pattern}*` : pattern);
  }
  if (mods.includes('contains') || keyword) {
    pattern = `*${pattern}*`;
  } else if (mods.includes('startswith')) {
    pattern = `${pattern}*`;
  } else if (mods.includes('endswith')) {
    pattern = `*${pattern}`;
  }
  return wildcardRegex(pattern, mods.includes('cased') || dev.cased ? 's' : 'is').test(text);
}

/** The text a line pre-filter derives from a plain string test, present in the raw line (true when none is derived). */
function rawLiteralPresent(v: Scalar, mods: string[], line: string): boolean {
  if (
    typeof v !== 'string' ||
    /[*?]/.test(v) ||
    mods.some((m) => !['cased', 'contains', 'startswith', 'endswith', 'all'].includes(m))
  ) {
    return true;
  }
  const open = mods.includes('contains') || mods.includes('endswith') ? '' : '"';
  const close = mods.includes('contains') || mods.includes('startswith') ? '' : '"';
  const literal = `${open}${JSON.stringify(v).slice(1, -1)}${close}`;
  return mods.includes('cased') ? line.includes(literal) : line.toLowerCase().includes(literal.toLowerCase());
}

function itemMatches(key: string, values: Scalar | Scalar[], ev: SpecEvent, dev: Deviation): boolean {
  const [field, ...mods] = key.split('|');
  const list = Array.isArray(values) ? values : [values];
  if (mods.includes('exists')) {
    const { present, value } = ev.field(field);
    const seen = present && !(dev.scalarsOnly && value !== null && typeof value === 'object');
    return seen === (list[0] === true);
  }
  const keyword = field === '';
  const test = (v: Scalar): boolean => {
    if (keyword) {
      return valueMatches(v, mods, ev.line, dev, true);
    }
    if (dev.rawLiteral && ev.json && !rawLiteralPresent(v, mods, ev.line)) {
      return false;
    }
    const { value } = ev.field(field);
    if (Array.isArray(value)) {
      return !dev.scalarsOnly && value.some((el) => valueMatches(v, mods, el, dev, false));
    }
    return valueMatches(v, mods, value, dev, false);
  };
  return mods.includes('all') ? list.every(test) : list.some(test);
}

function selectionMatches(sel: Selection, ev: SpecEvent, dev: Deviation): boolean {
  if (Array.isArray(sel) && sel.every((v) => v === null || typeof v !== 'object')) {
    return (sel as Scalar[]).some((v) => valueMatches(v, [], ev.line, dev, true));
  }
  const maps = (Array.isArray(sel) ? sel : [sel]) as SigmaMap[];
  return maps.some((m) => Object.entries(m).every(([k, v]) => itemMatches(k, v, ev, dev)));
}

/** Sigma condition: and, or, not, parentheses, `1 of x*`, `all of x*`, `them`. */
function conditionMatches(
  condition: string,
  detection: SigmaForm['detection'],
  ev: SpecEvent,
  dev: Deviation
): boolean {
  const tokens = condition.match(/\(|\)|[^\s()]+/g) ?? [];
  let pos = 0;
  // Pre-filters come from positive tests only: under `not`, the raw-literal deviation is off.
  let negated = false;
  const sel = (name: string): boolean => {
    if (!(name in detection)) {
      throw new Error(`condition ${JSON.stringify(condition)}: no selection ${name}`);
    }
    return selectionMatches(detection[name] as Selection, ev, negated ? { ...dev, rawLiteral: false } : dev);
  };
  const names = (pattern: string): string[] => {
    const all = Object.keys(detection).filter((k) => k !== 'condition' && !k.startsWith('_'));
    return pattern === 'them' ? all : all.filter((k) => wildcardRegex(pattern, 's').test(k));
  };
  const primary = (): boolean => {
    const t = tokens[pos++];
    if (t === '(') {
      const v = or();
      pos++;
      return v;
    }
    if (t === 'not') {
      negated = !negated;
      const v = !primary();
      negated = !negated;
      return v;
    }
    if ((t === '1' || t === 'all' || t === 'any') && tokens[pos] === 'of') {
      pos++;
      const group = names(tokens[pos++]);
      return t === 'all' ? group.every(sel) : group.some(sel);
    }
    return sel(t);
  };
  const and = (): boolean => {
    let v = primary();
    while (tokens[pos] === 'and') {
      pos++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[pos] === 'or') {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  return or();
}

function specReading(form: SigmaForm, entry: CorpusEntry, dev: Deviation = {}): boolean {
  return conditionMatches(form.detection.condition as string, form.detection, specEvent(entry), dev);
}

/** The maps and keywords of every selection. */
function selectionItems(form: SigmaForm): unknown[] {
  return Object.values(form.detection).flatMap((sel): unknown[] => (Array.isArray(sel) ? sel : [sel]));
}

/** Modifiers the reading implements; a rule with any other is not judged rather than judged wrongly. */
const READ_MODIFIERS = new Set('contains startswith endswith all exists cased re i m s gt gte lt lte'.split(' '));

function unreadModifiers(form: SigmaForm): string[] {
  const items = selectionItems(form);
  const mods = items.flatMap((m) =>
    m !== null && typeof m === 'object' ? Object.keys(m).flatMap((k) => k.split('|').slice(1)) : []
  );
  return [...new Set(mods.filter((m) => !READ_MODIFIERS.has(m)))];
}

/** The judge's own check: the specification's examples (rules spec and modifiers appendix) read as the spec says. */
function checkSpecReading(): void {
  const event = {
    EventID: 4738,
    Image: 'C:\\Tools\\progA.exe',
    Service: 'EvilService',
    Name: 'Foo',
    List: ['a', 'B'],
    Gone: null,
    Fields: { 'proc.cmdline': 'sh -c id' },
  };
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['keywords are case-insensitive strings', { k: ['EVILSERVICE', 'svchost.exe -n evil'], condition: 'k' }, true],
    ['`|all` keywords need every value', { k: { '|all': ['EvilService', ' -ExternalUrl '] }, condition: 'k' }, false],
    ['`?` is one character', { s: { Image: 'C:\\Tools\\prog?.exe' }, condition: 's' }, true],
    ['`?` is exactly one character', { s: { Image: 'C:\\Tools\\prog??.exe' }, condition: 's' }, false],
    ['`*` is any run', { s: { 'Image|endswith': '\\PROGA.EXE' }, condition: 's' }, true],
    ['`|cased` compares case', { s: { 'Name|cased': 'foo' }, condition: 's' }, false],
    ['`|re` is case-sensitive', { s: { 'Name|re': '^f' }, condition: 's' }, false],
    ['`|re|i` is not', { s: { 'Name|re|i': '^f' }, condition: 's' }, true],
    ['`|re` searches', { s: { 'Image|re': 'prog[A-Z]' }, condition: 's' }, true],
    ['null is absent', { s: { EventID: 4738, PasswordLastSet: null }, condition: 's' }, true],
    ['null matches a JSON null', { s: { Gone: null }, condition: 's' }, true],
    ['`exists` is presence, whatever the value', { s: { 'Gone|exists': true }, condition: 's' }, true],
    ['a list field matches an element', { s: { List: 'b' }, condition: 's' }, true],
    ['a map key may hold dots', { s: { 'Fields.proc.cmdline|contains': 'SH -' }, condition: 's' }, true],
    [
      '`1 of x*`, `not`',
      {
        selection_a: { Name: 'bar' },
        selection_b: { Name: 'FOO' },
        f: { EventID: 1 },
        condition: '1 of selection_* and not f',
      },
      true,
    ],
  ];
  const entry = { source: 'audit', line: JSON.stringify(event), labels: {}, ts: BigInt(0) } as CorpusEntry;
  for (const [what, detection, want] of cases) {
    if (specReading({ detection: detection as SigmaForm['detection'], notes: [] }, entry) !== want) {
      throw new Error(`the spec reading is wrong: ${what}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

interface Corpus {
  name: string;
  entries: CorpusEntry[];
  start: bigint;
  end: bigint;
  where: (e: CorpusEntry) => string;
}

function keyOf(e: { ts: bigint; line: string }): string {
  return `${e.ts} ${e.line}`;
}

interface Side {
  query?: string;
  error?: string;
  hits?: Set<string>;
}

function run(query: string, c: Corpus): Side {
  try {
    return { query, hits: new Set(evaluateLogs(query, c.entries, c.start, c.end, 10_000_000, 'forward').map(keyOf)) };
  } catch (e) {
    return { query, error: `oracle: ${(e as Error).message}` };
  }
}

/** What to show of a line: for JSON events the fields the rule reads (their lines all start alike), else the line. */
function excerpt(form: SigmaForm, e: CorpusEntry): string {
  if (!isJsonSource(e.source)) {
    return e.line;
  }
  const ev = specEvent(e);
  const items = selectionItems(form);
  const names = new Set(
    items.flatMap((m) => (m !== null && typeof m === 'object' ? Object.keys(m).map((k) => k.split('|')[0]) : []))
  );
  const shown = [...names]
    .filter((n) => n !== '' && ev.field(n).present)
    .map((n) => `${n}=${clip(JSON.stringify(ev.field(n).value), 100)}`);
  return shown.join(' ') || e.line;
}

interface Disagreement {
  where: string;
  line: string;
  /** Who finds the line: one side, or both sides against the spec reading (found = 'both' or 'neither'). */
  found: 'Vigil' | 'pySigma' | 'both' | 'neither';
  supported: 'Vigil' | 'pySigma' | 'the spec reading' | 'not judged';
  why: string;
}

interface Outcome {
  vigil: Side;
  peer: Side;
  /** Lines the spec reading matches; undefined when the rule uses a modifier the reading does not implement. */
  spec?: number;
  disagreements: Disagreement[];
}

function compare(form: SigmaForm, vigilQuery: string, peerQuery: string, source: string, c: Corpus): Outcome {
  const vigil = run(vigilQuery, c);
  const peer = run(peerQuery, c);
  const byKey = new Map(c.entries.map((e) => [keyOf(e), e]));
  const unread = unreadModifiers(form);
  const judged = unread.length === 0;
  const spec = judged ? c.entries.filter((e) => e.source === source && specReading(form, e)).length : undefined;
  const disagreements: Disagreement[] = [];
  if (vigil.hits && peer.hits) {
    const only = (a: Set<string>, b: Set<string>) => [...a].filter((k) => !b.has(k));
    for (const [found, keys] of [
      ['Vigil', only(vigil.hits, peer.hits)],
      ['pySigma', only(peer.hits, vigil.hits)],
    ] as const) {
      for (const k of keys) {
        const e = byKey.get(k)!;
        if (!judged) {
          const why = `not judged: the spec reading does not read ${unread.map((m) => `\`|${m}\``).join(', ')}`;
          disagreements.push({ where: c.where(e), line: excerpt(form, e), found, supported: 'not judged', why });
          continue;
        }
        const specSays = specReading(form, e);
        const supported = specSays ? found : found === 'Vigil' ? 'pySigma' : 'Vigil';
        // The wrong side answered !specSays: which of its deviations gives that answer?
        const why = causes(form, e, supported === 'Vigil' ? 'pySigma' : 'Vigil', specSays);
        disagreements.push({
          where: c.where(e),
          line: excerpt(form, e),
          found,
          supported,
          why: why.join('; ') || 'no known deviation explains it: review',
        });
      }
    }
    // Both sides agree with each other but not with the spec reading: a shared error (or the reading's).
    for (const e of c.entries) {
      if (!judged || e.source !== source) {
        continue;
      }
      const k = keyOf(e);
      const both = vigil.hits.has(k);
      const specSays = specReading(form, e);
      if (both === peer.hits.has(k) && both !== specSays) {
        const why = [...causes(form, e, 'Vigil', specSays), ...causes(form, e, 'pySigma', specSays)];
        disagreements.push({
          where: c.where(e),
          line: excerpt(form, e),
          found: both ? 'both' : 'neither',
          supported: 'the spec reading',
          why: why.length
            ? `both differ from the spec reading; ${why.join('; ')}`
            : 'both differ from the spec reading: review',
        });
      }
    }
  }
  return { vigil, peer, spec, disagreements };
}

// ---------------------------------------------------------------------------------------------
// Main

function realCorpus(): Corpus {
  const from = Date.parse('2026-03-02T10:00:00Z');
  const lines: CorpusLine[] = readCorpus();
  const entries = corpusEntries(lines, from);
  const where = new Map(entries.map((e, i) => [e, `${lines[i].file}:${lines[i].lineNo}`]));
  return {
    name: 'real-world corpus',
    entries,
    start: BigInt(from) * NS_PER_MS,
    end: BigInt(from + entries.length * 1000 + 60000) * NS_PER_MS,
    where: (e) => where.get(e) ?? '?',
  };
}

function simulatorCorpus(): Corpus {
  const entries = buildCorpus();
  const ts = entries.map((e) => e.ts);
  const min = ts.reduce((a, b) => (a < b ? a : b));
  const max = ts.reduce((a, b) => (a > b ? a : b));
  return {
    name: 'simulator',
    entries,
    start: min,
    end: max + BigInt(1),
    where: (e) =>
      e.test ? `${e.test.rule} ${e.test.positive ? 'positive' : 'negative'} test line` : `simulator ${e.source} line`,
  };
}

/** JSON text with every `e` inside string values written `\u0065` (keys untouched): the same event, as JSON allows. */
function escapeValues(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"(\s*:)?/g, (s, key) =>
    key ? s : s.replace(/\\u[0-9a-fA-F]{4}|\\.|e/g, (m) => (m === 'e' ? '\\u0065' : m))
  );
}

/** The rules' own JSON test lines with their string values escaped: the same events, other text. */
function escapedCorpus(simulator: Corpus): Corpus {
  const entries = simulator.entries
    .filter((e) => e.test && isJsonSource(e.source))
    .map((e) => ({ ...e, line: escapeValues(e.line), event: undefined }));
  for (const e of entries) {
    JSON.parse(e.line); // still JSON
  }
  return { ...simulator, name: 'escaped test lines', entries };
}

interface RuleRow {
  rule: Rule;
  form?: SigmaForm;
  notSigma?: string;
  vigilError?: string;
  peerError?: string;
  vigilQuery?: string;
  peerQuery?: string;
  results: Array<{ corpus: Corpus; outcome: Outcome }>;
  correlation?: {
    vigil: string;
    peer?: string;
    error?: string;
    results: Array<{ corpus: Corpus; outcome: AlertOutcome }>;
  };
}

const CORRELATION = '#correlation';

/** The detection alone (key = rule id) and, for a correlation, the correlation rule over it. */
function peerRequests(rule: Rule, form: SigmaForm) {
  const request = (plan: Plan, key: string, correlation?: Record<string, unknown>) => {
    const json = isJsonSource(plan.source);
    // JSON sources: `| json`, whose flattened labels are pySigma's sanitized field names.
    // Text sources: the source catalog's extraction stages, fields mapped to their labels.
    const stages = parserStages(plan).join(' ').replace(/^\| /, '');
    const fields = json ? {} : Object.fromEntries(plan.fields.map((f) => [f, resolveField(plan.source, f).label]));
    const sigma = {
      title: rule.title,
      ...(correlation ? { name: BASE_NAME } : {}),
      logsource: rule.logsource,
      detection: form.detection,
    };
    return {
      key,
      selector: plan.selector,
      parser: json ? 'json' : stages,
      fields,
      rule: sigma,
      ...(correlation ? { correlation } : {}),
    };
  };
  const out = [request(planRule({ ...rule, correlation: undefined }), rule.id)];
  if (form.correlation) {
    out.push(request(planRule(rule), rule.id + CORRELATION, form.correlation));
  }
  return out;
}

// Correlations: the alert points (window values over the threshold) at 30 s steps.
const STEP = BigInt(30_000) * NS_PER_MS;

interface AlertOutcome {
  vigil: { points?: Set<string>; error?: string };
  peer: { points?: Set<string>; error?: string };
  onlyVigil: string[];
  onlyPeer: string[];
  why: string;
}

/** Points as `t [group values] value`, the group read from each side's own labels. */
function alertPoints(query: string, c: Corpus, labels: string[]): { points?: Set<string>; error?: string } {
  try {
    const series = evaluateRange(query, c.entries, c.start, c.end, STEP);
    return {
      points: new Set(
        series.flatMap((s) =>
          s.points.map((p) => `${p.t} ${JSON.stringify(labels.map((l) => s.labels[l] ?? ''))} ${p.value}`)
        )
      ),
    };
  } catch (e) {
    return { error: `oracle: ${(e as Error).message}` };
  }
}

function compareAlerts(rule: Rule, vigilQuery: string, peerQuery: string, c: Corpus): AlertOutcome {
  const groupBy = rule.correlation!.groupBy;
  const source = rule.logsource.service;
  const vigil = alertPoints(
    vigilQuery,
    c,
    groupBy.map((g) => resolveField(source, g).label)
  );
  const peerLabels = groupBy.map((g) =>
    isJsonSource(source) ? g.replace(/[^A-Za-z0-9_]/g, '_') : resolveField(source, g).label
  );
  const peer = alertPoints(peerQuery, c, peerLabels);
  const onlyVigil = vigil.points && peer.points ? [...vigil.points].filter((p) => !peer.points!.has(p)) : [];
  const onlyPeer = vigil.points && peer.points ? [...peer.points].filter((p) => !vigil.points!.has(p)) : [];
  // Reviewed judgement: the correlation spec says nothing of events that lack a group-by value.
  const emptyKey = (p: string) => p.split(' ')[1].includes('""');
  const why =
    onlyVigil.length + onlyPeer.length === 0
      ? ''
      : onlyVigil.length === 0 && onlyPeer.every(emptyKey)
        ? 'pySigma also counts events without a group-by value, under an empty key; Vigil leaves them out. The correlation spec does not say which'
        : 'review: the detections differ (see above) or the windows do';
  return { vigil, peer, onlyVigil, onlyPeer, why };
}

function md(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function clip(line: string, n = 90): string {
  return line.length > n ? `${line.slice(0, n)}…` : line;
}

function gitState(): string {
  const sh = (args: string[]) =>
    execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).trim();
  const head = sh(['log', '-1', '--format=%h']);
  const engine = sh(['log', '-1', '--format=%h', '--', 'src/detections']);
  const dirty = sh(['status', '--porcelain', '--', 'src/detections', 'src/sources']) !== '';
  return `commit ${head} (last commit touching src/detections: ${engine})${dirty ? ', with uncommitted changes in src/detections or src/sources' : ''}`;
}

function main(): void {
  const print = process.argv.includes('--print');
  checkSpecReading();
  const python = venvPython(VENV, { pySigma: PYSIGMA, 'pySigma-backend-loki': PYSIGMA_LOKI });
  const simulator = simulatorCorpus();
  const corpora = [realCorpus(), simulator, escapedCorpus(simulator)];
  const rows: RuleRow[] = CATALOG_RULES.map((rule) => {
    try {
      planRule(rule);
    } catch (e) {
      return { rule, vigilError: (e as Error).message, results: [] };
    }
    const form = toSigma(rule);
    return 'notSigma' in form ? { rule, notSigma: form.notSigma, results: [] } : { rule, form, results: [] };
  });
  const requests = rows.filter((r) => r.form).flatMap((r) => peerRequests(r.rule, r.form!));
  const answers: Array<{ key: string; query?: string; error?: string }> = JSON.parse(
    execFileSync(python, [HELPER], { input: JSON.stringify(requests), encoding: 'utf8', maxBuffer: 64 << 20 })
  );
  for (const row of rows.filter((r) => r.form)) {
    const answer = answers.find((a) => a.key === row.rule.id)!;
    if (answer.error) {
      row.peerError = answer.error;
      continue;
    }
    row.peerQuery = answer.query!;
    row.vigilQuery = logqlLogQuery(planRule({ ...row.rule, correlation: undefined }));
    row.results = corpora.map((corpus) => ({
      corpus,
      outcome: compare(row.form!, row.vigilQuery!, row.peerQuery!, row.rule.logsource.service, corpus),
    }));
    if (row.rule.correlation) {
      const c = answers.find((a) => a.key === row.rule.id + CORRELATION)!;
      const vigil = logqlMetricQuery(planRule(row.rule));
      row.correlation = { vigil, peer: c.query, error: c.error, results: [] };
      if (c.query) {
        row.correlation.results = corpora
          .filter((corpus) => corpus.entries.some((e) => e.source === row.rule.logsource.service))
          .map((corpus) => ({
            corpus,
            outcome: compareAlerts(row.rule, vigil, c.query!, corpus),
          }));
      }
    }
    if (process.argv.includes('--queries')) {
      console.log(`${row.rule.id}\n  Vigil:   ${row.vigilQuery}\n  pySigma: ${row.peerQuery}`);
      if (row.correlation) {
        console.log(
          `  Vigil (correlation):   ${row.correlation.vigil}\n  pySigma (correlation): ${row.correlation.peer ?? row.correlation.error}`
        );
      }
    }
  }
  const section = render(rows, corpora);
  console.log(section);
  if (!print) {
    execFileSync(process.execPath, [path.join(__dirname, '../scripts/bench-section.mjs'), 'sigma-peer', '-'], {
      input: section,
      stdio: ['pipe', 'inherit', 'inherit'],
    });
  }
}

function render(rows: RuleRow[], corpora: Corpus[]): string {
  const converted = rows.filter((r) => r.peerQuery);
  const count = (o: Outcome, s: Side) => (s.hits ? String(s.hits.size) : 'error');
  const blank = ' |'.repeat(corpora.length * 2);
  const table = rows.map((r) => {
    const rule = `\`${r.rule.id}\``;
    if (r.notSigma) {
      return `| ${rule} | not Sigma: ${md(r.notSigma)} |${blank}`;
    }
    if (r.vigilError) {
      return `| ${rule} | Vigil refuses it: ${md(r.vigilError)} |${blank}`;
    }
    if (r.peerError) {
      return `| ${rule} | pySigma refused: ${md(clip(r.peerError, 160))} |${blank}`;
    }
    const has = (c: Corpus) => c.entries.some((e) => e.source === r.rule.logsource.service);
    const cells = r.results.map(({ corpus, outcome: o }) => {
      if (!has(corpus)) {
        return '—';
      }
      const v = count(o, o.vigil);
      const p = count(o, o.peer);
      return `${v} / ${p} / ${o.spec ?? 'n/a'}`;
    });
    const dis = r.results.map(({ outcome: o }) => {
      const n = (found: string) => o.disagreements.filter((d) => d.found === found).length;
      const shared = n('both') + n('neither');
      const parts = n('Vigil') + n('pySigma') > 0 ? [`${n('Vigil')} only Vigil, ${n('pySigma')} only pySigma`] : [];
      return [...parts, ...(shared > 0 ? [`${shared} both against the spec reading`] : [])].join('; ') || '—';
    });
    const perCorpus = cells.map((c, i) => `${c} | ${dis[i]}`).join(' | ');
    return `| ${rule} | yes${r.form!.notes.length ? ` (${md(r.form!.notes.join('; '))})` : ''} | ${perCorpus} |`;
  });
  const details: string[] = [];
  for (const r of converted) {
    for (const { corpus, outcome } of r.results) {
      for (const side of [outcome.vigil, outcome.peer]) {
        if (side.error) {
          details.push(
            `- \`${r.rule.id}\` (${corpus.name}): ${side === outcome.vigil ? 'Vigil' : 'pySigma'} query not evaluated: ${md(side.error)}`
          );
        }
      }
    }
  }
  // One group per kind (who finds it, the spec's side, the cause); in it, each rule's first line.
  const kinds = new Map<string, Map<string, Array<Disagreement & { corpus: string }>>>();
  for (const r of converted) {
    for (const { corpus, outcome } of r.results) {
      for (const d of outcome.disagreements) {
        const k = `${d.found}\u0000${d.supported}\u0000${d.why}`;
        const byRule = kinds.get(k) ?? new Map<string, Array<Disagreement & { corpus: string }>>();
        byRule.set(r.rule.id, [...(byRule.get(r.rule.id) ?? []), { ...d, corpus: corpus.name }]);
        kinds.set(k, byRule);
      }
    }
  }
  for (const byRule of kinds.values()) {
    const all = [...byRule.values()].flat();
    const d = all[0];
    const who =
      d.found === 'both' || d.found === 'neither'
        ? `${d.found === 'both' ? 'both find and the spec reading does not' : 'neither finds and the spec reading does'}`
        : `only ${d.found} finds; **the spec supports ${d.supported}**`;
    details.push(`- ${all.length} line(s) in ${byRule.size} rule(s) ${who}: ${d.why}.`);
    for (const [id, ds] of byRule) {
      const x = ds[0];
      const more = ds.length > 1 ? ` (and ${ds.length - 1} more)` : '';
      details.push(`  - \`${id}\`, ${x.corpus}, ${x.where}: \`${md(clip(x.line, 160)).replace(/`/g, "'")}\`${more}`);
    }
  }
  const correlations = rows.flatMap((r) => {
    const c = r.correlation;
    if (!c) {
      return [];
    }
    if (!c.peer) {
      return [`| \`${r.rule.id}\` | — | | | | | pySigma refused: ${md(clip(c.error ?? '', 160))} |`];
    }
    return c.results.map(({ corpus, outcome: o }) => {
      const n = (x: { points?: Set<string>; error?: string }) => (x.points ? String(x.points.size) : md(x.error ?? ''));
      const sample = [...o.onlyVigil.map((p) => `Vigil ${p}`), ...o.onlyPeer.map((p) => `pySigma ${p}`)]
        .slice(0, 2)
        .map((p) => `\`${md(p)}\``);
      const why = o.why ? `${o.why}${sample.length ? ` (e.g. ${sample.join(', ')})` : ''}` : '—';
      return `| \`${r.rule.id}\` | ${corpus.name} | ${n(o.vigil)} | ${n(o.peer)} | ${o.onlyVigil.length} | ${o.onlyPeer.length} | ${why} |`;
    });
  });
  const sizes = corpora.map((c) => `${c.name}: ${c.entries.length.toLocaleString('en-US')} lines`).join('; ');
  const total = (pick: (o: Outcome) => number) =>
    converted.reduce((n, r) => n + r.results.reduce((m, x) => m + pick(x.outcome), 0), 0);
  const disagreeing = converted.filter((r) => r.results.some((x) => x.outcome.disagreements.length > 0)).length;
  const supports = (side: string) => total((o) => o.disagreements.filter((d) => d.supported === side).length);
  // The judgements by cause: one row per deviation and the side it puts in the wrong.
  const causes = new Map<string, { supported: string; lines: number; rules: Set<string> }>();
  for (const r of converted) {
    for (const { outcome } of r.results) {
      for (const d of outcome.disagreements) {
        const k = `${d.supported}\u0000${d.why}`;
        const c = causes.get(k) ?? { supported: d.supported, lines: 0, rules: new Set<string>() };
        c.lines++;
        c.rules.add(r.rule.id);
        causes.set(k, c);
      }
    }
  }
  const byCause = [...causes.entries()].map(
    ([k, c]) =>
      `| ${md(k.split('\u0000')[1])} | ${c.supported} | ${c.lines} | ${[...c.rules].map((id) => `\`${id}\``).join(', ')} |`
  );
  return `## Sigma peer check: pySigma's Loki backend vs Vigil (bench/sigmaPeer.ts)

Each catalog rule, less Vigil's extensions (parameters replaced by their defaults, \`_line\` as a
keyword, \`null\` out of value lists as an OR of maps and without \`|cased\`, exceptions as
\`and not\`, an embedded correlation as a correlation rule naming the detection), converted by
pySigma ${PYSIGMA} with pySigma-backend-loki ${PYSIGMA_LOKI} (own venv under ~/.cache/vigil). The
pipeline sets Vigil's default stream selector per source and the parser: \`| json\` for audit and
Falco (pySigma's field names are the labels \`| json\` flattens to); for CoreDNS and netfilter the
source catalog's own \`pattern\`/\`regexp\` stages with the fields mapped to their labels, so there
only the condition is compared, not the extraction.

Both queries run in the LogQL oracle (tests/logql/oracle: Loki's documented semantics, label filter
regexes anchored, line filters not) over the same entries. Each line only one side finds is judged
by a direct reading of the Sigma specification over the event (\`specReading\`: plain strings
case-insensitive with \`*\`/\`?\` wildcards unless \`|cased\`; \`|re\` a case-sensitive search unless
\`|i\`; keywords searched in the whole line; a list field matches when an element does; \`null\` =
absent; \`exists\` = the key is present). The cause named is the deviation of the wrong side's query
(\`DEVIATIONS\`, each with the side whose query makes it) that turns the reading's answer into that
side's.

Data: ${sizes}. The escaped test lines are the rules' own JSON test lines with every \`e\` in a
string value written \`\\u0065\`: the same events (JSON lets any character be written as an escape).
Measured on ${gitState()}.

${converted.length} of ${rows.length} rules converted; ${disagreeing} disagree somewhere; ${total((o) => o.disagreements.filter((d) => d.supported !== 'the spec reading').length)} lines only one side finds, the spec supports Vigil on ${supports('Vigil')} and pySigma on ${supports('pySigma')}${supports('not judged') ? ` (${supports('not judged')} not judged)` : ''}; on ${supports('the spec reading')} both queries agree with each other and not with the spec reading.

| rule | valid Sigma (rewrites) | ${corpora.map((c) => `${c.name}: rows Vigil / pySigma / spec | ${c.name}: lines one side finds`).join(' | ')} |
|---|---|${corpora.map(() => '---|---|').join('')}
${table.join('\n')}

By cause (mechanical: the spec reading picks the side, the wrong side's deviation names the cause):

| cause | the spec supports | lines | rules |
|---|---|---:|---|
${byCause.join('\n') || '| none | | | |'}

Lines one side finds, by kind (each rule's first line; a JSON line as the fields the rule reads, decoded):

${details.length ? details.join('\n') : 'none'}

Correlations: the embedded correlation as a Sigma correlation rule over the detection; Vigil's
metric query against pySigma's, both run as range queries at 30 s steps; a point is one alert (the
window's count for one group at one step, over the threshold).

| rule | corpus | Vigil points | pySigma points | only Vigil | only pySigma | judgement |
|---|---|---:|---:|---:|---:|---|
${correlations.join('\n')}

Not compared here: LogsQL and the matcher (the differential tests hold them equal to this LogQL),
and the metric form of event rules.

Command: \`npm run bench:sigma-peer\` (\`-- --print\` prints without writing; \`-- --print --queries\` adds both queries of every rule).`;
}

main();
