/**
 * Reading rule YAML: parse with line tracking, validate against RULE_SCHEMA, and turn the
 * document into a Rule. Every error names the line and column of the offending node.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { isCorrelationRule, REFUSED_TYPES, resolveReferences } from './ruleset';
import { CORRELATION_RULE_SCHEMA, RULE_SCHEMA } from './schema';
import type { Correlation, Parameter, Rule, RuleError } from './types';

export type LoadResult = { ok: true; rule: Rule } | { ok: false; errors: RuleError[] };

let validators: { rule: ReturnType<Ajv['compile']>; correlation: ReturnType<Ajv['compile']> } | undefined;

function validate(doc: unknown): ErrorObject[] {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validators = { rule: ajv.compile(RULE_SCHEMA), correlation: ajv.compile(CORRELATION_RULE_SCHEMA) };
  }
  const v = doc !== null && typeof doc === 'object' && isCorrelationRule(doc as Record<string, unknown>) ? validators.correlation : validators.rule;
  return v(doc) ? [] : (v.errors ?? []);
}

/** The YAML node at a JSON-pointer-like path, or the deepest existing ancestor. */
function nodeAt(doc: Document, path: string[]): YamlNode | undefined {
  let node = doc.contents as YamlNode | null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === seg);
      if (!pair) {
        return node;
      }
      node = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as YamlNode | undefined;
      if (!item) {
        return node;
      }
      node = item;
    } else {
      break;
    }
  }
  return node ?? undefined;
}

/** Line/column of a path in a parsed document. */
export function locate(doc: Document, counter: LineCounter, path: string[]): { line: number; col: number } {
  const node = nodeAt(doc, path);
  const offset = node?.range?.[0];
  if (offset === undefined) {
    return { line: 0, col: 0 };
  }
  const pos = counter.linePos(offset);
  return { line: pos.line, col: pos.col };
}

function pointerToPath(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function schemaMessage(e: ErrorObject): { path: string[]; message: string } {
  const path = pointerToPath(e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return { path: [...path, extra], message: `unknown key "${extra}"` };
  }
  if (e.keyword === 'required') {
    return { path, message: `missing required key "${(e.params as { missingProperty: string }).missingProperty}"` };
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
    return { path, message: `must be one of ${allowed}` };
  }
  return { path, message: e.message ?? e.keyword };
}

function toRule(raw: Record<string, any>): Rule {
  const c = raw.correlation as Record<string, any> | undefined;
  let correlation: Correlation | undefined;
  if (c) {
    const cond = c.condition as Record<string, unknown>;
    const op = 'gt' in cond ? 'gt' : 'gte';
    correlation = {
      type: c.type,
      ...(c.rules ? { rules: c.rules } : {}),
      groupBy: c['group-by'] ?? [],
      timespan: c.timespan,
      condition: { op, value: cond[op] as number | string },
      ...(typeof cond.field === 'string' ? { field: cond.field } : {}),
    };
  }
  const own = !isCorrelationRule(raw);
  return {
    title: raw.title,
    id: raw.id,
    ...(raw.name !== undefined ? { name: raw.name } : {}),
    status: raw.status,
    // A correlation rule takes its source from the rules it references (set when resolved).
    description: raw.description ?? raw.title,
    references: raw.references,
    author: raw.author,
    date: raw.date,
    modified: raw.modified,
    tags: raw.tags ?? [],
    logsource: own ? raw.logsource : { service: 'audit' },
    detection: own ? raw.detection : {},
    falsepositives: raw.falsepositives,
    level: raw.level,
    parameters: (raw.parameters ?? {}) as Record<string, Parameter>,
    exceptions: raw.exceptions ?? [],
    ...(correlation ? { correlation } : {}),
    ...(raw.tests ? { tests: raw.tests } : {}),
  };
}

/** Checks a correlation's shape (schema cannot): an embedded one names only its rule, value_count has a field. */
function correlationErrors(raw: Record<string, any>): Array<{ path: string[]; message: string }> {
  const c = raw.correlation as Record<string, any> | undefined;
  const out: Array<{ path: string[]; message: string }> = [];
  if (!c) {
    return out;
  }
  if (REFUSED_TYPES[c.type] && !isCorrelationRule(raw)) {
    out.push({ path: ['correlation', 'type'], message: REFUSED_TYPES[c.type] });
  }
  const own = [raw.id, raw.name].filter(Boolean);
  for (const [i, r] of ((c.rules as string[] | undefined) ?? []).entries()) {
    if (!isCorrelationRule(raw) && !own.includes(r)) {
      out.push({
        path: ['correlation', 'rules', String(i)],
        message: `an embedded correlation counts its own rule, not "${r}": to count other rules, write a correlation rule without detection`,
      });
    }
  }
  if (c.type === 'value_count' && typeof c.condition?.field !== 'string') {
    out.push({ path: ['correlation', 'condition'], message: 'value_count needs condition.field (the field whose distinct values are counted)' });
  }
  if ('gt' in (c.condition ?? {}) && 'gte' in (c.condition ?? {})) {
    out.push({ path: ['correlation', 'condition'], message: 'give either gt or gte, not both' });
  }
  if (!('gt' in (c.condition ?? {})) && !('gte' in (c.condition ?? {}))) {
    out.push({ path: ['correlation', 'condition'], message: 'condition needs gte or gt (lt/lte/eq/range are not supported for alerting)' });
  }
  return out;
}

/**
 * Parses and validates every rule document in a YAML text (`---` separates documents).
 * Correlation rules may reference rules of the same text or of `known` (e.g. the catalog).
 */
export function loadRules(text: string, known: Rule[] = []): LoadResult[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  if (!Array.isArray(docs)) {
    return [{ ok: false, errors: [{ message: 'empty YAML document', line: 0, col: 0, path: '' }] }];
  }
  const kept = docs.filter((doc) => doc.contents !== null);
  const meta: boolean[] = [];
  const results = kept.map((doc, i): LoadResult => {
      if (doc.errors.length > 0) {
        return {
          ok: false,
          errors: doc.errors.map((e) => {
            const pos = counter.linePos(e.pos[0]);
            return { message: `YAML: ${e.message.split('\n')[0]}`, line: pos.line, col: pos.col, path: '' };
          }),
        };
      }
      const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
      meta[i] = raw !== null && typeof raw === 'object' && isCorrelationRule(raw as Record<string, unknown>);
      const problems = validate(raw).map(schemaMessage);
      if (problems.length === 0) {
        problems.push(...correlationErrors(raw as Record<string, any>));
      }
      if (problems.length > 0) {
        const seen = new Set<string>();
        const errors = problems
          .map((p) => ({ message: p.message, path: p.path.join('.'), ...locate(doc, counter, p.path) }))
          .filter((e) => !seen.has(e.path + e.message) && (seen.add(e.path + e.message), true));
        return { ok: false, errors };
      }
      return { ok: true, rule: toRule(raw as Record<string, any>) };
    });
  const set = results.flatMap((r) => (r.ok ? [r.rule] : []));
  return results.map((r, i) => {
    if (!r.ok || !meta[i]) {
      return r;
    }
    const problems = resolveReferences(r.rule, set, known);
    return problems.length === 0
      ? r
      : { ok: false, errors: problems.map((p) => ({ message: p.message, path: p.path.join('.'), ...locate(kept[i], counter, p.path) })) };
  });
}

/** Parses a YAML text holding exactly one rule. */
export function loadRule(text: string): LoadResult {
  const results = loadRules(text);
  if (results.length !== 1) {
    return { ok: false, errors: [{ message: `expected one rule document, found ${results.length}`, line: 0, col: 0, path: '' }] };
  }
  return results[0];
}

/** A one-line rendering of an error: `file:line:col: message (at path)`. */
export function formatRuleError(e: RuleError, file = 'rule'): string {
  return `${file}:${e.line}:${e.col}: ${e.message}${e.path ? ` (at ${e.path})` : ''}`;
}
