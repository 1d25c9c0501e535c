import { migrateQuery, readBuilderState } from './migrations';
import { QUERY_MODEL_VERSION } from './types';

const BUILDER = { source: 'audit', filters: [{ field: 'verb', op: '=', value: 'get' }], operation: { kind: 'count', by: ['verb'] }, range: '5m' };

describe('migrateQuery', () => {
  it('fills defaults and stamps the current version on an unversioned query', () => {
    const q = migrateQuery({ refId: 'A', expr: '{job="auditlog"}' });
    expect(q).toMatchObject({ refId: 'A', expr: '{job="auditlog"}', mode: 'code', language: 'logql', version: QUERY_MODEL_VERSION });
  });

  it('turns a v1 query into code, keeping its expression, whatever mode it claimed', () => {
    const q = migrateQuery({ refId: 'B', version: 1, mode: 'builder', expr: 'x', language: 'promql', queryType: 'metric' } as never);
    expect(q).toMatchObject({ mode: 'code', expr: 'x', language: 'promql', queryType: 'metric', version: 2 });
  });

  it('keeps a v2 builder query and its state', () => {
    const q = migrateQuery({ refId: 'C', version: 2, mode: 'builder', builder: BUILDER, expr: 'e', language: 'logql', queryType: 'metric' } as never);
    expect(q).toEqual({ refId: 'C', version: 2, mode: 'builder', builder: BUILDER, expr: 'e', language: 'logql', queryType: 'metric' });
  });

  it('falls back to code when the stored builder state is unreadable, keeping the expression', () => {
    const q = migrateQuery({ refId: 'D', version: 2, mode: 'builder', builder: { source: 'nope' }, expr: 'kept', language: 'logql', queryType: 'logs' } as never);
    expect(q).toMatchObject({ mode: 'code', expr: 'kept' });
    expect(q.builder).toBeUndefined();
  });

  it('reads builder states defensively', () => {
    expect(readBuilderState(BUILDER)).toEqual(BUILDER);
    expect(readBuilderState({ ...BUILDER, filters: [{ field: 'verb', op: 'LIKE', value: 'x' }] })).toBeUndefined();
    expect(readBuilderState({ ...BUILDER, operation: { kind: 'detection', ruleId: 'r' } })).toMatchObject({ operation: { kind: 'detection', ruleId: 'r', form: 'metric' } });
    expect(readBuilderState({ ...BUILDER, range: undefined })?.range).toBe('5m');
    expect(readBuilderState(null)).toBeUndefined();
  });
});
