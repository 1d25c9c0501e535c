/** @jest-environment node */
// Loki documentation examples evaluated by the oracle; with VIGIL_LOKI_URL set, the same vectors
// are also pushed to that real Loki and its answers compared with the oracle's.
import { evaluateInstant, evaluateLogs, evaluateRange } from './oracle';
import { lokiVectorSuite } from './lokiCompare';
import { at, expectedOf, normaliseLogs, normaliseSamples, normaliseSeries, toEntries } from './vectorRunner';
import { LOGS_WINDOW_SEC, LogQLVector, allVectors } from './vectors';

/** Any fixed base works for the oracle: 2024-01-01T00:00:00Z. */
const BASE = BigInt(1_704_067_200) * BigInt(1_000_000_000);

/** Runs one vector through the oracle and returns its normalised result. */
export function runOracle(vector: LogQLVector, base: bigint) {
  const entries = toEntries(vector.entries, base);
  switch (vector.kind) {
    case 'logs':
      return normaliseLogs(
        vector,
        evaluateLogs(vector.query, entries, base, at(base, LOGS_WINDOW_SEC), 1000, 'forward')
      );
    case 'instant':
      return normaliseSamples(evaluateInstant(vector.query, entries, at(base, vector.atSec)));
    case 'range': {
      const step = at(BigInt(0), vector.stepSec);
      return normaliseSeries(
        evaluateRange(vector.query, entries, at(base, vector.startSec), at(base, vector.endSec), step),
        base
      );
    }
    case 'error':
      return evaluateLogsOrMetric(vector, entries, base);
  }
}

function evaluateLogsOrMetric(vector: LogQLVector, entries: ReturnType<typeof toEntries>, base: bigint): never {
  // Log or metric: whichever the query is, it must throw.
  try {
    evaluateInstant(vector.query, entries, at(base, LOGS_WINDOW_SEC));
  } catch (err) {
    if (!/not a metric query/.test((err as Error).message)) {
      throw err;
    }
  }
  evaluateLogs(vector.query, entries, base, at(base, LOGS_WINDOW_SEC));
  throw new Error(`expected ${vector.query} to fail`);
}

describe('LogQL oracle on documentation vectors', () => {
  it('has vectors of every kind, each citing a documentation URL', () => {
    expect(new Set(allVectors.map((v) => v.kind))).toEqual(new Set(['logs', 'instant', 'range', 'error']));
    for (const v of allVectors) {
      expect(v.doc).toMatch(/^https:\/\/grafana\.com\/docs\/loki\/latest\/query\/.+#.+/);
    }
  });

  it.each(allVectors.map((v) => [`${v.kind}: ${v.name}`, v] as const))('%s', (_name, vector) => {
    if (vector.kind === 'error') {
      expect(() => runOracle(vector, BASE)).toThrow(vector.error);
    } else {
      expect(runOracle(vector, BASE)).toEqual(expectedOf(vector));
    }
  });
});

lokiVectorSuite(allVectors, runOracle);
