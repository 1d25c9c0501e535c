// Everything in Vigil that produces LogQL, for the grammar test. Append a producer when you add
// code that builds LogQL: `queries` returns representative queries, including hostile inputs.
import {
  logqlContainsFilter,
  logqlMatcher,
  quoteLogQLRegexLiteral,
  quoteLogQLString,
  quoteLogQLStringPreferRaw,
} from '../../src/logql/escape';
import { CATALOG_RULES } from '../../src/detections/catalog';
import { compileRule } from '../../src/detections/compile';
import fc from 'fast-check';
import { compileBuilderOrThrow } from '../../src/querybuilder';
import { builderStateArb } from '../../src/querybuilder/testing/arbitraries';

/** A named source of LogQL strings. */
export interface LogQLProducer {
  name: string;
  queries: () => string[];
}

/** Values that have broken naive query builders. */
export const HOSTILE_VALUES = [
  '',
  'plain',
  'quote " inside',
  'back\\slash',
  'back`tick',
  'new\nline',
  '} | drop __error__ {',
  '"} |= "x',
  '`) or vector(1) #',
  '.*+?()[]{}^$|',
  'ünïcødé 😀',
  '\u0000\u001f\u007f',
];

export const producers: LogQLProducer[] = [
  {
    name: 'src/logql/escape.ts helpers',
    queries: () =>
      HOSTILE_VALUES.flatMap((v) => [
        `{${logqlMatcher('namespace', '=', v)}, ${logqlMatcher('app', '=~', `${v}.+`)}} ${logqlContainsFilter(v)}`,
        `{job="audit"} |~ ${quoteLogQLRegexLiteral(v)} | json | user=${quoteLogQLString(v)}`,
        `sum by (user) (count_over_time({job="audit"} != ${quoteLogQLStringPreferRaw(v)} | logfmt [5m])) > 3`,
      ]),
  },
  {
    name: 'src/detections compiler (catalog rules, with hostile exceptions)',
    queries: () =>
      CATALOG_RULES.flatMap((rule) => {
        const hostile = {
          ...rule,
          exceptions: HOSTILE_VALUES.filter((v) => v !== '').map((v) => ({
            [rule.logsource.service === 'audit' || rule.logsource.service === 'falco' ? 'hostname' : 'proto']: v,
          })),
        };
        return [
          compileRule(rule, 'log'),
          compileRule(rule, 'metric'),
          compileRule(hostile, 'log'),
          compileRule(hostile, 'metric'),
        ];
      }),
  },
  {
    name: 'src/querybuilder (random builder states, fixed seed)',
    queries: () => fc.sample(builderStateArb, { numRuns: 150, seed: 9 }).map((state) => compileBuilderOrThrow(state, 'logql')),
  },
];
