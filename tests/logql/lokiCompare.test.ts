/** @jest-environment node */
import { isolateQuery } from './lokiCompare';
import { parseLogQL } from './oracle';

describe('isolating vectors in a shared Loki', () => {
  it('adds the run matchers to every selector and keeps the query valid', () => {
    const q = isolateQuery('sum(rate({a="b"}[1m])) or count_over_time({c=~"d"} | json [1m])', 'r1', 3);
    expect(q).toBe(
      'sum(rate({vigil_run="r1", vigil_vector="3", a="b"}[1m])) or count_over_time({vigil_run="r1", vigil_vector="3", c=~"d"} | json [1m])'
    );
    expect(parseLogQL(q).errors).toEqual([]);
  });
});
