/** @jest-environment node */
// For every catalog rule, over the simulator's benign + attack data and the rules' test lines:
// the matcher's hits equal what the compiled LogQL finds in the LogQL oracle (log and metric
// forms). Every LogQL parses with Grafana's lezer grammar. What the compiled LogsQL finds in a
// real VictoriaLogs: differential.integration.test.ts.
import { CATALOG_RULES } from '../../src/detections/catalog';
import { matchEvent } from '../../src/detections/matcher';
import { planRule } from '../../src/detections/plan';
import { buildCorpus, FROM_MS, TO_MS } from './corpus';
import { describeOracle, matcherHits } from './suite';

jest.setTimeout(300_000);

const NS_PER_MS = BigInt(1000000);
const corpus = buildCorpus();
const plans = CATALOG_RULES.map((r) => planRule(r));

describe('catalog rules: sanity of the corpus', () => {
  it('has benign and attack lines of every source, and every test line parses', () => {
    for (const s of ['audit', 'coredns', 'netfilter', 'falco']) {
      expect(corpus.filter((e) => e.source === s && e.event).length).toBeGreaterThan(20);
    }
    expect(corpus.filter((e) => e.test && !e.event)).toEqual([]);
  });

  it.each(plans.map((p) => [p.ruleId, p] as const))(
    '%s fires on its positive test lines and not on its negatives (matcher)',
    (id, plan) => {
      const tests = corpus.filter((e) => e.test?.rule === id);
      expect(tests.length).toBeGreaterThan(1);
      for (const t of tests) {
        expect({ line: t.line, hit: matchEvent(plan, t.event!) }).toEqual({ line: t.line, hit: t.test!.positive });
      }
      expect(matcherHits(corpus, plan).length).toBeGreaterThan(0);
    }
  );
});

describeOracle(corpus, plans, { start: BigInt(FROM_MS) * NS_PER_MS, end: BigInt(TO_MS + 60000) * NS_PER_MS });
