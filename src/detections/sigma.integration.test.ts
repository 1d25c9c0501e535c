/** @jest-environment node */
// With VIGIL_SIGMA_DIR set to a directory of SigmaHQ Kubernetes audit rules (kept outside the
// repository): on the real-world corpus, each rule's compiled LogsQL finds the matcher's hits in
// a real VictoriaLogs (the loading, the spec reading and the LogQL oracle: sigma.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { corpusEntries, readCorpus } from '../../tests/differential/realCorpus';
import { describeVictoriaLogs } from '../../tests/differential/victorialogs';
import { loadRule } from './load';
import { planRule } from './plan';
import type { Rule } from './types';

const external = process.env.VIGIL_SIGMA_DIR;

if (external) {
  jest.setTimeout(300_000);
  const FROM_MS = Date.parse('2026-03-02T10:00:00Z');
  const corpus = corpusEntries(readCorpus(), FROM_MS).filter((e) => e.source === 'audit');
  const rules = fs
    .readdirSync(external)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => (loadRule(fs.readFileSync(path.join(external, f), 'utf8')) as { rule: Rule }).rule);
  describeVictoriaLogs(
    corpus,
    rules.map((r) => planRule(r))
  );
} else {
  test.skip('SigmaHQ rules on a real VictoriaLogs (set VIGIL_SIGMA_DIR)', () => undefined);
}
