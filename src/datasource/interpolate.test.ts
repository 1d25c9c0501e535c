import type { ScopedVars } from '@grafana/data';
import { parseLogQL } from '../../tests/logql/oracle';
import { compileBuilderOrThrow, defaultBuilderState } from '../querybuilder';
import { interpolateExpr, type Interpolator } from './interpolate';
import { interpolateBuilder } from './interpolateBuilder';

// jsdom lacks IntersectionObserver, which the scenes library touches on load (no observing happens here).
class NoIntersections {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as unknown as { IntersectionObserver: unknown }).IntersectionObserver = NoIntersections;
const { CustomVariable, EmbeddedScene, SceneVariableSet, sceneGraph } = require('@grafana/scenes') as typeof import('@grafana/scenes');

// Grafana's own variable interpolation (the scenes library), over a dashboard with variables.
function dashboard(vars: Record<string, string | string[]>): Interpolator {
  const variables = Object.entries(vars).map(
    ([name, value]) => new CustomVariable({ name, query: (Array.isArray(value) ? value : [value]).join(','), value, text: value, isMulti: Array.isArray(value) })
  );
  const scene = new EmbeddedScene({ $variables: new SceneVariableSet({ variables }), body: undefined as never });
  return {
    replace: (target, scopedVars?: ScopedVars, format?) => sceneGraph.interpolate(scene, target, scopedVars, format as never),
  };
}

const HOSTILE = '"} |= "x` \\ ';

describe('code mode: variables are escaped for a string literal', () => {
  it('keeps a hostile value inside its string', () => {
    const expr = interpolateExpr('{job="audit"} |= "$v"', dashboard({ v: HOSTILE }), {});
    expect(expr).toBe('{job="audit"} |= "\\"} |= \\"x` \\\\ "');
    expect(parseLogQL(expr).errors).toEqual([]);
  });

  it('turns a multi-value into an escaped regex alternation', () => {
    const expr = interpolateExpr('{job="audit"} |~ "$v"', dashboard({ v: ['a.b', 'c"d'] }), {});
    expect(expr).toBe('{job="audit"} |~ "a\\\\.b|c\\"d"');
    expect(parseLogQL(expr).errors).toEqual([]);
  });
});

describe('builder mode: variables are filled into the state, then compiled', () => {
  const state = {
    ...defaultBuilderState('audit'),
    filters: [
      { field: 'verb', op: '=' as const, value: '$verb' },
      { field: 'user.username', op: 'contains' as const, value: '$user' },
    ],
  };

  it('expands a multi-value equality into "in" and escapes every value by context', () => {
    const filled = interpolateBuilder(state, dashboard({ verb: ['get', 'li|st'], user: 'a.b"' }), {});
    expect(filled.filters).toEqual([
      { field: 'verb', op: 'in', value: '', values: ['get', 'li|st'] },
      { field: 'user.username', op: 'contains', value: 'a.b"' },
    ]);
    const expr = compileBuilderOrThrow(filled, 'logql');
    expect(expr).toContain('| f_verb=~`get|li\\|st` | f_user_username=~`(?s).*a\\.b".*`');
    expect(parseLogQL(expr).errors).toEqual([]);
  });

  it('adds ad-hoc filters on the source\'s fields and ignores others', () => {
    const filled = interpolateBuilder(defaultBuilderState('audit'), dashboard({}), {}, [
      { key: 'verb', operator: '!=', value: 'watch' },
      { key: 'rcode', operator: '=', value: 'NXDOMAIN' },
    ]);
    expect(filled.filters).toEqual([{ field: 'verb', op: '!=', value: 'watch' }]);
  });
});
