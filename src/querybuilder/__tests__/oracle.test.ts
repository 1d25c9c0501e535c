/** @jest-environment node */
// Builder queries over the simulator corpus in the LogQL oracle: the log query keeps exactly
// the events the reference meaning of the filters keeps, and count-by gives the reference
// counts per group.
import { buildCorpus, FROM_MS, TO_MS } from '../../../tests/differential/corpus';
import { evaluateInstant, evaluateLogs } from '../../../tests/logql/oracle';
import type { SourceId } from '../../sources/types';
import { compileBuilderOrThrow } from '..';
import { builderFields } from '../fields';
import { builderCases, commonValues, withoutEmpty } from '../testing/cases';
import { referenceGroup, referenceMatch } from '../testing/reference';
import type { BuilderState } from '../types';

const NS = BigInt(1000000);
const START = BigInt(FROM_MS) * NS;
const END = BigInt(TO_MS + 60000) * NS;
const corpus = buildCorpus().filter((e) => e.event);
const SOURCES: SourceId[] = ['audit', 'coredns', 'netfilter', 'falco'];

const cases = builderCases(corpus);

describe('builder LogQL in the oracle', () => {
  it('covers every source with many filters', () => {
    for (const s of SOURCES) {
      expect(cases.filter(([, st]) => st.source === s).length).toBeGreaterThan(10);
    }
  });

  it.each(cases)('%s keeps exactly the reference events', (_name, state) => {
    const expr = compileBuilderOrThrow(state, 'logql');
    const got = evaluateLogs(expr, corpus, START, END, 1_000_000, 'forward').map((r) => `${r.ts} ${r.line}`);
    const want = corpus.filter((e) => referenceMatch(e.event!, state)).map((e) => `${e.ts} ${e.line}`);
    expect({ expr, got: got.sort() }).toEqual({ expr, got: want.sort() });
  });

  it.each(SOURCES)('%s: count by a field over the whole range gives the reference counts', (source) => {
    const by = builderFields(source).find((f) => f.type === 'string' && commonValues(corpus, source, f.name, 3).length >= 2)!.name;
    const state: BuilderState = { source, filters: [], operation: { kind: 'count', by: [by] }, range: '2h' };
    const expr = compileBuilderOrThrow(state, 'logql');
    const got = evaluateInstant(expr, corpus, END).map((s) => `${withoutEmpty(s.labels)} ${s.value}`);
    const counts = new Map<string, number>();
    for (const e of corpus.filter((x) => referenceMatch(x.event!, state))) {
      const k = withoutEmpty(referenceGroup(e.event!, state, 'logql'));
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect({ expr, got: got.sort() }).toEqual({ expr, got: [...counts].map(([k, n]) => `${k} ${n}`).sort() });
  });
});
