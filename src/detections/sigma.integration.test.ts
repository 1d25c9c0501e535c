/** @jest-environment node */
// Sigma-shaped rules on the real-world corpus: each rule's compiled LogsQL finds the matcher's
// hits in a real VictoriaLogs (the loading, the spec reading and the LogQL oracle:
// sigma.test.ts). The project's own Sigma-style rules always run; with VIGIL_SIGMA_DIR set to a
// directory of SigmaHQ Kubernetes audit rules (kept outside the repository), those run too.
import fs from 'node:fs';
import path from 'node:path';
import { corpusEntries, readCorpus } from '../../tests/differential/realCorpus';
import { describeVictoriaLogs } from '../../tests/differential/victorialogs';
import { loadRule } from './load';
import { planRule } from './plan';
import type { Rule } from './types';

jest.setTimeout(300_000);

const OWN = path.join(__dirname, 'testdata', 'sigma-style');
const external = process.env.VIGIL_SIGMA_DIR;

function rulesIn(dir: string): Rule[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('unsupported_'))
    .sort()
    .map((f) => (loadRule(fs.readFileSync(path.join(dir, f), 'utf8')) as { rule: Rule }).rule);
}

const FROM_MS = Date.parse('2026-03-02T10:00:00Z');
const corpus = corpusEntries(readCorpus(), FROM_MS).filter((e) => e.source === 'audit');
const rules = [...rulesIn(OWN), ...(external ? rulesIn(external) : [])].filter((r) => r.logsource.service === 'audit');
describeVictoriaLogs(
  corpus,
  rules.map((r) => planRule(r))
);
