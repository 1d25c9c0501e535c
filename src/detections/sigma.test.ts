/** @jest-environment node */
// Sigma-shaped rules (SigmaHQ layout: related, modified, 1 of filter_*, all of selection_*,
// keyword lists, |contains|all, field: '*') load, plan and compile; unsupported modifiers fail
// with a precise error. Set VIGIL_SIGMA_DIR to a directory of SigmaHQ Kubernetes audit rules
// (kept outside the repository) to run the same check on them too, and on the real-world
// corpus: matcher == a reference reading of the Sigma spec == LogQL oracle (and, in
// sigma.integration.test.ts, == a real VictoriaLogs).
import fs from 'node:fs';
import path from 'node:path';
import { corpusEntries, readCorpus } from '../../tests/differential/realCorpus';
import { describeOracle, matcherHits } from '../../tests/differential/suite';
import { compileRule } from './compile';
import { loadRule } from './load';
import { planRule } from './plan';
import { referenceMatch } from './sigmaReference';
import { UnsupportedRuleError, type Rule } from './types';

const OWN = path.join(__dirname, 'testdata', 'sigma-style');
const external = process.env.VIGIL_SIGMA_DIR;

function files(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

const cases = [...files(OWN), ...(external && fs.existsSync(external) ? files(external) : [])].filter((f) => !path.basename(f).startsWith('unsupported_'));

describe('Sigma-shaped rules', () => {
  it.each(cases.map((f) => [path.basename(f), f]))('%s loads and compiles to LogQL and LogsQL', (_name, file) => {
    const r = loadRule(fs.readFileSync(file, 'utf8'));
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (r.ok) {
      expect(compileRule(r.rule, 'log')).toMatch(/^\{job=~".*"\} /);
      expect(compileRule(r.rule, 'metric', 'victorialogs')).toMatch(/\| stats count\(\) as hits/);
    }
  });

  it("field: '*' means the field has a value, not a regex that also matches a missing field", () => {
    const r = loadRule(fs.readFileSync(path.join(OWN, 'hostpath_any.yml'), 'utf8'));
    expect(r.ok && compileRule(r.rule, 'log')).toContain('f_requestObject_spec_volumes!=""');
  });

  it('an unsupported modifier is refused with its name', () => {
    const r = loadRule(fs.readFileSync(path.join(OWN, 'unsupported_wide.yml'), 'utf8'));
    expect(r.ok).toBe(true);
    expect(() => r.ok && compileRule(r.rule, 'log')).toThrow(
      new UnsupportedRuleError(
        'modifier "wide" is not supported: wide is UTF-16LE: JSON and text logs hold decoded Unicode text, never UTF-16 bytes, so such a value can never appear in them'
      )
    );
  });
});

if (external) {
  jest.setTimeout(300_000);
  const FROM_MS = Date.parse('2026-03-02T10:00:00Z');
  const NS = BigInt(1000000);
  const corpus = corpusEntries(readCorpus(), FROM_MS).filter((e) => e.source === 'audit');
  const rules = files(external).map((f) => (loadRule(fs.readFileSync(f, 'utf8')) as { rule: Rule }).rule);
  const plans = rules.map((r) => planRule(r));

  describe('SigmaHQ rules on the real-world corpus', () => {
    it.each(rules.map((r, i) => [r.title, r, plans[i]] as const))('%s: the matcher finds what a reading of the spec finds', (_t, rule, plan) => {
      const hits = new Set(matcherHits(corpus, plan));
      const got = corpus.filter((e) => e.event).map((e) => ({ line: e.line, hit: hits.has(e) }));
      const want = corpus.filter((e) => e.event).map((e) => ({ line: e.line, hit: referenceMatch(rule.detection, e.event!.object as Record<string, unknown>) }));
      expect(got).toEqual(want);
    });
  });
  describeOracle(corpus, plans, { start: BigInt(FROM_MS) * NS, end: BigInt(FROM_MS + corpus.length * 1000 + 60000) * NS });
}
