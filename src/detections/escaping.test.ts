/** @jest-environment node */
// No rule value, parameter value or exception can change the structure of a compiled query:
// hostile strings are fuzzed into every place a value reaches, and the query's syntax tree
// (Grafana's LogQL grammar; for LogsQL the text outside string literals) must stay the same.
import fc from 'fast-check';
import { parser } from '@grafana/lezer-logql';
import { unquoteGoString } from '../logql/unquote';
import { loadRule } from './load';
import { logqlLogQuery, logqlMetricQuery } from './logql';
import { logsqlLogQuery, logsqlStatsQuery } from './logsql';
import { planRule, type ParamValues } from './plan';
import type { Rule } from './types';

const RULE = `
title: Fuzz
id: fuzz
description: every place a value can go
logsource: {product: kubernetes, service: audit}
parameters:
  users: {type: list, default: [a], description: d}
detection:
  sel:
    verb: V
    user.username|contains: V
    objectRef.name|startswith: V
    objectRef.namespace|endswith: V
    user.groups: VL
    requestURI|re|expand: '/uri-%users%?'
    userAgent|expand: '%users%'
  kw:
    _line|contains: V
  condition: sel and kw
correlation:
  type: value_count
  group-by: [user.username]
  timespan: 5m
  condition: {gte: 3, field: objectRef.name}
exceptions:
  - sourceIPs: VL
  - userAgent|contains: V
level: low
`;

/** `value` at every V; at every VL (list fields, where wildcards are refused) with Sigma's escapes. */
function ruleWith(value: string, listValue = value): Rule {
  // Replacer functions: a `$` in the value must not act as a replacement pattern.
  const text = RULE.replace(/: V$/gm, () => `: ${JSON.stringify(value)}`).replace(
    /: VL$/gm,
    () => `: ${JSON.stringify(listValue.replace(/[*?\\]/g, (c) => `\\${c}`))}`
  );
  const r = loadRule(text);
  if (!r.ok) {
    throw new Error(JSON.stringify(r.errors));
  }
  return r.rule;
}

/** Node names of the LogQL syntax tree, string literals as opaque leaves; errors fail. */
function logqlShape(query: string): string[] {
  const out: string[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) {
        throw new Error(`syntax error at ${node.from} in ${query}`);
      }
      out.push(node.name);
      if (node.name === 'String') {
        const res = unquoteGoString(query.slice(node.from, node.to));
        if (!res.ok) {
          throw new Error(`bad string at ${node.from}: ${res.error}`);
        }
        return false;
      }
      return undefined;
    },
  });
  return out;
}

/** LogsQL with every Go string literal replaced by S (literals must be well-formed). */
function logsqlShape(query: string): string {
  return query.replace(/"(?:[^"\\\n]|\\.)*"/g, (lit) => {
    if (!unquoteGoString(lit).ok) {
      throw new Error(`bad LogsQL literal ${lit}`);
    }
    return 'S';
  }).replace(/_msg:~?S/g, '_msg:S'); // phrase or substring: which one depends on the value's edges, not its escaping
}

function forms(rule: Rule, params: ParamValues = {}): { logql: string[]; logsql: string[] } {
  const plan = planRule(rule, params);
  return { logql: [logqlLogQuery(plan), logqlMetricQuery(plan)], logsql: [logsqlLogQuery(plan), logsqlStatsQuery(plan)] };
}

/** Values made of these appear verbatim in JSON lines and get a cheap line filter (leaf.ts). */
const VERBATIM = /^[A-Za-z0-9 _.:@,=+#%-]+$/;

/**
 * A harmless character of the same kind: verbatim characters are harmless and stay (so the
 * verbatim runs the pre-filter literals come from, and which of them contains another, stay
 * the same); others become one of their kind, with a case or not (case makes a test
 * case-insensitive).
 */
function kindChar(c: string): string {
  const cased = c.toLowerCase() !== c.toUpperCase();
  return VERBATIM.test(c) ? c : cased ? 'É' : '!';
}

/**
 * A harmless value that compiles to the same stages as \`value\`: the same wildcards, and
 * character by character the same verbatim-ness and case-ness (which decide the pre-filter
 * literals and whether the tests are case-insensitive).
 */
function sameKind(value: string): string {
  if (value === '*') {
    return '*'; // "has a value"
  }
  return value.replace(/\\[*?\\]|[*?]|[\s\S]/gu, (t) => (t === '*' || t === '?' ? t : kindChar(t.length === 2 && t[0] === '\\' ? t[1] : t)));
}

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1 }),
  fc.string({ unit: fc.constantFrom('"', '\\', '`', '{', '}', '|', '(', ')', '#', '\n', '\t', '*', '?', '%', '$', '^', '[', ']', ' ', 'a', ','), minLength: 1 }),
  fc.constantFrom('"} |= "x', '`) or vector(1) #', '\\', '" OR * | delete _msg', '%users%', '*', '\\*')
);

describe('escaping of rule values (fuzz)', () => {
  const baseline = forms(ruleWith('plain'), { users: ['zzz'] });
  const shapes = { logql: baseline.logql.map(logqlShape), logsql: baseline.logsql.map(logsqlShape) };

  it('the baseline parses', () => {
    expect(shapes.logql[0].length).toBeGreaterThan(20);
  });

  it('selection values and exceptions never change the query structure', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const base = forms(ruleWith(sameKind(value), [...value].map(kindChar).join('')), { users: ['zzz'] });
        const got = forms(ruleWith(value), { users: ['zzz'] });
        expect(got.logql.map(logqlShape)).toEqual(base.logql.map(logqlShape));
        expect(got.logsql.map(logsqlShape)).toEqual(base.logsql.map(logsqlShape));
      }),
      { numRuns: 300 }
    );
  });

  it('list parameter values never change the query structure', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 4 }), (users) => {
        fc.pre(!users.includes('plain'));
        const got = forms(ruleWith('plain'), { users });
        // Distinct values stay distinct (and equal ones equal): the line filter's alternatives depend on it.
        const base = forms(ruleWith('plain'), { users: users.map((u) => sameKind(u).replace('plain', `q${users.indexOf(u)}`)) });
        expect(got.logql.map(logqlShape)).toEqual(base.logql.map(logqlShape));
        expect(got.logsql.map(logsqlShape)).toEqual(base.logsql.map(logsqlShape));
      }),
      { numRuns: 200 }
    );
  });

  it('a hostile selector override is refused, not spliced', () => {
    for (const selector of ['{job="a"} |= "x"', '{job="a"}) or vector(1', 'job="a"', '{job=""}', '{job="a", x=~".*"} #']) {
      expect(() => planRule(ruleWith('plain'), { selector })).toThrow(/selector/);
    }
    expect(planRule(ruleWith('plain'), { selector: '{job="a\\"b", ns=~"x|y"}' }).selector).toBe('{job="a\\"b", ns=~"x|y"}');
  });
});
