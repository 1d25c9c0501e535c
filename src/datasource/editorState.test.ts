import fc from 'fast-check';
import { builderStateArb } from '../querybuilder/testing/arbitraries';
import { compileBuilderOrThrow, defaultBuilderState } from '../querybuilder';
import { readBack, switchMode, toEditorState, toStoredQuery, withBuilder, type EditorContext, type EditorState } from './editorState';
import { migrateQuery } from './migrations';

const ctx: EditorContext = { language: 'logsql', selectors: { audit: '{app="audit"}' } };
const empty: EditorState = { refId: 'A', mode: 'builder', code: { expr: '', language: 'logsql' }, queryType: 'logs' };

describe('stored query ↔ editor state', () => {
  it('round-trips every builder state through the stored query and back', () => {
    fc.assert(
      fc.property(builderStateArb, fc.option(fc.string()), fc.option(fc.integer({ min: 1, max: 5000 })), (b, legend, limit) => {
        const s = withBuilder({ ...empty, ...(legend ? { legend } : {}), ...(limit ? { limit } : {}) }, b, ctx);
        const stored = toStoredQuery(s);
        expect(stored.expr).toBe(compileBuilderOrThrow(b, 'logsql', ctx));
        expect(toEditorState(migrateQuery(stored))).toEqual(s);
        expect(toStoredQuery(toEditorState(migrateQuery(stored)))).toEqual(stored);
      }),
      { numRuns: 200 }
    );
  });

  it('round-trips hand-written queries, with and without a kept builder state', () => {
    const q = migrateQuery({ refId: 'B', version: 2, mode: 'code', expr: 'rate(x[5m])', language: 'promql', queryType: 'metric', legend: '{{rule}}' });
    expect(toStoredQuery(toEditorState(q))).toEqual(q);
    const withState = { ...q, builder: defaultBuilderState('falco') };
    expect(toStoredQuery(toEditorState(withState))).toEqual(withState);
  });

  it('sets query type and source from the operation', () => {
    const s = withBuilder(empty, { ...defaultBuilderState('netfilter'), operation: { kind: 'topN', field: 'dst', n: 3 } }, ctx);
    expect(s).toMatchObject({ queryType: 'table', source: 'netfilter' });
    expect(s.code.expr).toContain('sort by (hits desc) limit 3');
  });

  it('reports a state that does not compile and keeps the last good expression', () => {
    const good = withBuilder(empty, defaultBuilderState('audit'), ctx);
    const bad = withBuilder(good, { ...defaultBuilderState('audit'), filters: [{ field: 'responseStatus.code', op: '>', value: 'x' }] }, ctx);
    expect(bad.error).toContain('needs a number');
    expect(bad.code.expr).toBe('{app="audit"}');
  });
});

describe('switching modes', () => {
  const built = withBuilder(empty, { ...defaultBuilderState('audit'), filters: [{ field: 'verb', op: '=', value: 'get' }] }, ctx);

  it('builder → code keeps the compiled expression', () => {
    const { state } = switchMode(built, 'code', ctx);
    expect(state.mode).toBe('code');
    expect(state.code.expr).toBe(built.code.expr);
  });

  it('code → builder is lossless when the expression is still what the builder compiled', () => {
    const code = switchMode(built, 'code', ctx).state;
    expect(switchMode(code, 'builder', ctx)).toEqual({ state: built });
  });

  it('reads a plain source selector back into the builder', () => {
    expect(readBack('{app="audit"}', undefined, ctx)).toEqual(defaultBuilderState('audit'));
    expect(readBack('{container="coredns"}', undefined, ctx)).toEqual(defaultBuilderState('coredns'));
  });

  it('warns before replacing an edited expression, and replaces it only when forced', () => {
    const edited: EditorState = { ...switchMode(built, 'code', ctx).state, code: { expr: '{app="audit"} "my own"', language: 'logsql' } };
    const r = switchMode(edited, 'builder', ctx);
    expect(r.warning).toMatch(/cannot be read back/);
    expect(r.state).toBe(edited);
    const forced = switchMode(edited, 'builder', ctx, true);
    expect(forced.warning).toBeUndefined();
    expect(forced.state).toEqual(built);
  });
});
