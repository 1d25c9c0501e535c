/** @jest-environment node */
// Random builder states compile to LogQL that Grafana's LogQL grammar parses, and to LogsQL
// whose string literals are well formed; a sample is evaluated in the LogQL oracle against
// the reference meaning of the filters.
import fc from 'fast-check';
import { parseLogQL } from '../../../tests/logql/oracle';
import { compileBuilderOrThrow } from '..';
import { builderStateArb } from '../testing/arbitraries';

/** The double-quoted literals of a LogsQL query, checked with JSON's (stricter) string rules. */
function badLogsQLStrings(query: string): string[] {
  const bad: string[] = [];
  for (const m of query.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    try {
      JSON.parse(`"${m[1].replace(/\\x([0-9a-f]{2})/g, '\\u00$1')}"`);
    } catch {
      bad.push(m[0]);
    }
  }
  return bad;
}

/** The query with every string literal emptied, scanning left to right as the lexers do. */
function outsideStrings(query: string): string {
  return query.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, (m) => m[0] + m[0]);
}

describe('builder property: every state compiles', () => {
  it('to LogQL that @grafana/lezer-logql parses', () => {
    fc.assert(
      fc.property(builderStateArb, (state) => {
        const expr = compileBuilderOrThrow(state, 'logql');
        expect({ expr, errors: parseLogQL(expr).errors }).toEqual({ expr, errors: [] });
      }),
      { numRuns: 400 }
    );
  });

  it('to LogsQL whose quoted strings are well formed and whose quotes balance', () => {
    fc.assert(
      fc.property(builderStateArb, (state) => {
        const expr = compileBuilderOrThrow(state, 'logsql');
        const outside = outsideStrings(expr);
        expect(outside).not.toMatch(/[\n\r]/);
        expect(badLogsQLStrings(expr)).toEqual([]);
        expect(outside.split('"').length % 2).toBe(1);
      }),
      { numRuns: 400 }
    );
  });

  // Raw-line filters (`|=`) depend on whether a value is safe to look for, so only stages count.
  it('never lets a hostile value add a pipeline stage', () => {
    fc.assert(
      fc.property(builderStateArb, (state) => {
        const clean = { ...state, filters: state.filters.map((f) => ({ ...f, value: f.op === '>' || f.op === '<' ? f.value : 'v', values: f.values?.map(() => 'v') })) };
        const stages = (q: string) => outsideStrings(q).split(/\|(?![=~])/).length;
        expect(stages(compileBuilderOrThrow(state, 'logql'))).toBe(stages(compileBuilderOrThrow(clean, 'logql')));
        expect(stages(compileBuilderOrThrow(state, 'logsql'))).toBe(stages(compileBuilderOrThrow(clean, 'logsql')));
      }),
      { numRuns: 300 }
    );
  });
});
