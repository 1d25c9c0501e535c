import { migrateQuery } from './migrations';
import { QUERY_MODEL_VERSION } from './types';

describe('migrateQuery', () => {
  it('fills defaults and stamps the current version on an unversioned query', () => {
    const q = migrateQuery({ refId: 'A', expr: '{job="auditlog"}' });
    expect(q).toMatchObject({ refId: 'A', expr: '{job="auditlog"}', mode: 'code', language: 'logql', version: QUERY_MODEL_VERSION });
  });

  it('keeps what a current query says', () => {
    const q = migrateQuery({ refId: 'B', version: 1, mode: 'builder', expr: 'x', language: 'promql', queryType: 'metric' });
    expect(q).toMatchObject({ mode: 'builder', language: 'promql', queryType: 'metric' });
  });
});
