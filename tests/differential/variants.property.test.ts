/** @jest-environment node */
// Partial-event property: the rules' JSON test events and the simulator's JSON events, with any
// subset of optional fields removed, keys reordered, needless JSON escapes and lower-case
// percent-escapes, still parse, and every rule's matcher agrees with its compiled LogQL (oracle,
// shrinking to a minimal case). Its compiled LogsQL on a real VictoriaLogs (a seeded sample):
// variants.integration.test.ts.
import fc from 'fast-check';
import { bases, disagreements, entry, REGRESSIONS, variant, variantLine } from './variantCases';

jest.setTimeout(300_000);

describe('JSON events in foreign encodings', () => {
  it.each(REGRESSIONS)('%s: parses, matcher == LogQL (oracle)', (_name, v) => {
    const e = entry(v.source, v.line, 0);
    expect(e.event).toBeDefined();
    expect(disagreements(e)).toEqual([]);
  });

  it('has test and simulator events of both JSON sources', () => {
    expect(bases.filter((b) => b.source === 'audit').length).toBeGreaterThan(100);
    expect(bases.filter((b) => b.source === 'falco').length).toBeGreaterThan(10);
  });

  it('still parse, and every rule matcher == its LogQL (oracle)', () => {
    fc.assert(
      fc.property(variant, (v) => {
        const { source, line } = variantLine(v);
        const e = entry(source, line, 0);
        expect({ line, parsed: e.event !== undefined }).toEqual({ line, parsed: true });
        expect({ line, disagree: disagreements(e) }).toEqual({ line, disagree: [] });
      }),
      { numRuns: 400, seed: 17 }
    );
  });
});
