/**
 * Rule → Plan: parameters resolved, exceptions folded into the condition, NOT pushed down,
 * and the shape checked against what every backend can express exactly. Whatever passes here
 * compiles to LogQL and LogsQL with the matcher's semantics; whatever does not gets a precise
 * UnsupportedRuleError.
 */
import type { SourceId } from '../sources/types';
import { negate, parseCondition, selectionCondition, simplify, type ParamLookup } from './detection';
import { resolveField } from './fields';
import { UnsupportedRuleError, type Cond, type Plan, type Rule, type WindowPlan } from './types';

/** Default stream selectors per source (a rule's `selector` parameter overrides them). */
export const DEFAULT_SELECTORS: Record<SourceId, string> = {
  audit: '{job=~"auditlog|integrations/kubernetes-audit|kube-audit"}',
  coredns: '{container="coredns"}',
  netfilter: '{job=~"kernellog|systemd-journal|integrations/kubernetes/journal"}',
  falco: '{job=~"falco|falco/falco"}',
};

/** Window of an event rule's alert query when the rule sets none. */
export const DEFAULT_ALERT_WINDOW = '5m';

/** Parameter overrides: from the CLI (`--param id.name=value`), the UI or a test. */
export type ParamValues = Record<string, string | number | string[]>;

const DURATION = /^([0-9]+)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };

/** Milliseconds of a `5m`-style duration (one unit, as Sigma timespans are written). */
export function durationMs(text: string, path = ''): number {
  const m = text.match(DURATION);
  if (!m || Number(m[1]) === 0) {
    throw new UnsupportedRuleError(`duration ${JSON.stringify(text)}: write a positive integer and one unit of ms, s, m, h, d`, path);
  }
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** One selector matcher: name, op, double-quoted value (Go escapes). */
const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\\n]|\\.)*")\s*/y;

/** Checks a stream selector's syntax (`{a="b", c=~"d"}`) without a grammar dependency. */
export function checkSelector(selector: string, path = ''): string {
  const s = selector.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) {
    throw new UnsupportedRuleError(`selector ${JSON.stringify(selector)} must look like {label="value", ...}`, path);
  }
  const body = s.slice(1, -1);
  MATCHER.lastIndex = 0;
  let nonEmpty = false;
  while (MATCHER.lastIndex < body.length) {
    const start = MATCHER.lastIndex;
    const m = MATCHER.exec(body);
    if (!m) {
      throw new UnsupportedRuleError(`selector ${JSON.stringify(selector)}: cannot read matcher at ${JSON.stringify(body.slice(start))}`, path);
    }
    let value: string;
    try {
      value = JSON.parse(m[3]) as string;
    } catch {
      throw new UnsupportedRuleError(`selector ${JSON.stringify(selector)}: bad string ${m[3]}`, path);
    }
    nonEmpty ||= (m[2] === '=' && value !== '') || (m[2] === '=~' && !new RegExp(`^(?:${value})$`).test(''));
    if (MATCHER.lastIndex < body.length && body[MATCHER.lastIndex] !== ',') {
      throw new UnsupportedRuleError(`selector ${JSON.stringify(selector)}: expected "," at ${JSON.stringify(body.slice(MATCHER.lastIndex))}`, path);
    }
    MATCHER.lastIndex++;
  }
  if (!nonEmpty) {
    throw new UnsupportedRuleError(`selector ${JSON.stringify(selector)} needs a matcher that does not match the empty string (Loki requires one)`, path);
  }
  return s;
}

function paramLookup(rule: Rule, overrides: ParamValues): ParamLookup {
  return (name, path) => {
    const def = rule.parameters[name];
    if (!def) {
      throw new UnsupportedRuleError(`unknown parameter %${name}% (declare it under parameters)`, path);
    }
    const v = name in overrides ? overrides[name] : def.default;
    if (def.type === 'list') {
      const list = Array.isArray(v) ? v : String(v).split(',').map((s) => s.trim()).filter(Boolean);
      if (list.length === 0) {
        throw new UnsupportedRuleError(`parameter ${name} is an empty list`, path);
      }
      return list;
    }
    if (def.type === 'number' && !Number.isFinite(Number(v))) {
      throw new UnsupportedRuleError(`parameter ${name} must be a number, not ${JSON.stringify(v)}`, path);
    }
    return def.type === 'number' ? Number(v) : String(v);
  };
}

function resolveScalar(value: number | string, lookup: ParamLookup, path: string): string | number {
  const ph = typeof value === 'string' ? value.match(/^%([A-Za-z_][A-Za-z0-9_]*)%$/) : null;
  if (!ph) {
    return value;
  }
  const v = lookup(ph[1], path);
  if (Array.isArray(v)) {
    throw new UnsupportedRuleError(`parameter ${ph[1]} is a list; a scalar is needed here`, path);
  }
  return v;
}

/** Raw-line tests under OR and list-field operators that have no exact element-wise form are refused. */
function checkShape(c: Cond, topLevel: boolean, source: SourceId, path: string): void {
  if (c.k === 'and') {
    c.c.forEach((x) => checkShape(x, topLevel, source, path));
  } else if (c.k === 'or') {
    const lines = c.c.filter((x) => x.k === 'line');
    if (lines.length > 0 && (lines.length !== c.c.length || new Set(lines.map((l) => `${l.neg}`)).size > 1 || lines[0].neg)) {
      throw new UnsupportedRuleError(
        'a raw-line test (_line/keywords) can only be ANDed with the rest, or ORed with other positive raw-line tests',
        path
      );
    }
    if (c.c.some((x) => (x.k === 'and' || x.k === 'or') && hasLine(x))) {
      throw new UnsupportedRuleError('a raw-line test (_line/keywords) under OR must stand alone in its branch (LogQL filters lines before parsing)', path);
    }
    c.c.forEach((x) => checkShape(x, false, source, path));
  } else if (c.k === 'field') {
    const f = resolveField(source, c.field, path);
    if (f.list && (c.op === 'num' || c.op === 're' || c.op === 'glob' || c.op === 'fieldref')) {
      throw new UnsupportedRuleError(`${c.field} is a list: use equality, contains, startswith, endswith or cidr on its elements (no regex, wildcard, windash, number or fieldref)`, path);
    }
    if (f.body && c.op !== 'contains' && c.op !== 're') {
      throw new UnsupportedRuleError(`${c.field} is a body searched by pattern: use contains or re on it, or test a field inside it`, path);
    }
    if (c.op === 'fieldref' && (resolveField(source, c.other, path).list || resolveField(source, c.other, path).body)) {
      throw new UnsupportedRuleError(`fieldref: ${c.other} is a list`, path);
    }
  } else if (c.k === 'line' && !topLevel && c.neg) {
    throw new UnsupportedRuleError('a negated raw-line test must be ANDed with the rest of the condition', path);
  }
}

function hasLine(c: Cond): boolean {
  return c.k === 'line' || ((c.k === 'and' || c.k === 'or') && c.c.some(hasLine));
}

function collectFields(c: Cond, out: string[]): void {
  if (c.k === 'and' || c.k === 'or') {
    c.c.forEach((x) => collectFields(x, out));
  } else if (c.k === 'field') {
    for (const name of [c.field, ...(c.op === 'fieldref' ? [c.other] : [])]) {
      if (!out.includes(name)) {
        out.push(name);
      }
    }
  }
}

function windowPlan(rule: Rule, lookup: ParamLookup, source: SourceId): WindowPlan | undefined {
  const c = rule.correlation;
  if (!c) {
    return undefined;
  }
  const window = String(resolveScalar(c.timespan, lookup, 'correlation.timespan'));
  const threshold = Number(resolveScalar(c.condition.value, lookup, 'correlation.condition'));
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new UnsupportedRuleError(`correlation threshold must be a non-negative integer, not ${threshold}`, 'correlation.condition');
  }
  for (const g of [...c.groupBy, ...(c.field ? [c.field] : [])]) {
    const f = resolveField(source, g, 'correlation');
    if (f.list || f.body) {
      throw new UnsupportedRuleError(`cannot group or count by the ${f.list ? 'list' : 'body'} field ${g}`, 'correlation');
    }
  }
  return {
    type: c.type,
    groupBy: c.groupBy,
    ...(c.field ? { field: c.field } : {}),
    window,
    windowMs: durationMs(window, 'correlation.timespan'),
    op: c.condition.op,
    threshold,
  };
}

/** The rule's own detection as a condition. */
function detectionCondition(rule: Rule, lookup: ParamLookup): Cond {
  const { condition, timeframe, ...selections } = rule.detection;
  if (timeframe !== undefined) {
    throw new UnsupportedRuleError('detection.timeframe (Sigma v1) is not supported: use correlation.timespan', 'detection.timeframe');
  }
  const named: Record<string, Cond> = {};
  for (const [name, sel] of Object.entries(selections)) {
    named[name] = selectionCondition(sel, lookup, `detection.${name}`);
  }
  const exprs = Array.isArray(condition) ? (condition as string[]) : [condition as string];
  return { k: 'or', c: exprs.map((e) => parseCondition(e, named, 'detection.condition')) };
}

/** A correlation rule counts the events any referenced rule matches (their exceptions included). */
function referencedCondition(refs: Rule[]): { main: Cond; selector: string } {
  const plans = refs.map((r) => planRule(r));
  const selectors = [...new Set(plans.map((p) => p.selector))];
  if (selectors.length > 1) {
    throw new UnsupportedRuleError(`the referenced rules read different streams (${selectors.join(', ')}): give the correlation rule a selector parameter`, 'correlation.rules');
  }
  return { main: { k: 'or', c: plans.map((p) => p.cond) }, selector: selectors[0] };
}

/** Builds the plan of a rule with optional parameter overrides. Throws UnsupportedRuleError. */
export function planRule(rule: Rule, overrides: ParamValues = {}): Plan {
  const source = rule.logsource.service;
  for (const name of Object.keys(overrides)) {
    if (name !== 'selector' && name !== 'window' && !rule.parameters[name]) {
      throw new UnsupportedRuleError(`rule ${rule.id} has no parameter "${name}" (it has: ${['selector', ...Object.keys(rule.parameters)].join(', ')})`, 'parameters');
    }
  }
  const lookup = paramLookup(rule, overrides);
  const { main, selector: refSelector } = rule.correlation?.refs ? referencedCondition(rule.correlation.refs) : { main: detectionCondition(rule, lookup), selector: undefined };
  const exceptions = rule.exceptions.map((e, i) => selectionCondition(e, lookup, `exceptions.${i}`));
  const window = windowPlan(rule, lookup, source);
  // Events without a group key or counted value are not counted (count_uniq ignores empty values).
  const keyed: Cond[] = [...(window?.groupBy ?? []), ...(window?.field ? [window.field] : [])].map((field) => ({
    k: 'field',
    field,
    neg: false,
    op: 'exists',
    value: true,
  }));
  const cond = simplify({ k: 'and', c: [main, ...keyed, ...(exceptions.length ? [negate({ k: 'or', c: exceptions })] : [])] });
  checkShape(cond, true, source, 'detection');
  const fields: string[] = [];
  collectFields(cond, fields);
  for (const g of [...(window?.groupBy ?? []), ...(window?.field ? [window.field] : [])]) {
    if (!fields.includes(g)) {
      fields.push(g);
    }
  }
  const selectorValue =
    'selector' in overrides ? String(overrides.selector) : rule.parameters.selector ? String(rule.parameters.selector.default) : (refSelector ?? DEFAULT_SELECTORS[source]);
  const alertWindow = window?.window ?? String(overrides.window ?? rule.parameters.window?.default ?? DEFAULT_ALERT_WINDOW);
  durationMs(alertWindow, 'parameters.window');
  return { ruleId: rule.id, source, selector: checkSelector(selectorValue, 'parameters.selector'), cond, fields, alertWindow, ...(window ? { window } : {}) };
}
