/** @jest-environment node */
// For every catalog rule, over the simulator's benign + attack data and the rules' test lines:
// the compiled LogsQL finds the matcher's hits in a real VictoriaLogs, holding the lines
// verbatim and holding JSON events as fields (the oracle half: differential.test.ts).
import { CATALOG_RULES } from '../../src/detections/catalog';
import { planRule } from '../../src/detections/plan';
import { buildCorpus } from './corpus';
import { describeVictoriaLogs, describeVictoriaLogsNative } from './victorialogs';

jest.setTimeout(300_000);

const corpus = buildCorpus();
const plans = CATALOG_RULES.map((r) => planRule(r));

describeVictoriaLogs(corpus, plans);
describeVictoriaLogsNative(corpus, plans);
