/** @jest-environment node */
// The real-world corpus as the judge, on a real VictoriaLogs: for every catalog rule the
// compiled LogsQL finds the matcher's hits, holding the lines verbatim and holding JSON events
// as fields (parsing and the LogQL oracle: realCorpus.test.ts).
import { CATALOG_RULES } from '../../src/detections/catalog';
import { planRule } from '../../src/detections/plan';
import { corpusEntries, readCorpus } from './realCorpus';
import { describeVictoriaLogs, describeVictoriaLogsNative } from './victorialogs';

jest.setTimeout(300_000);

const FROM_MS = Date.parse('2026-03-02T10:00:00Z');

const corpus = corpusEntries(readCorpus(), FROM_MS);
const plans = CATALOG_RULES.map((r) => planRule(r));

describeVictoriaLogs(corpus, plans);
describeVictoriaLogsNative(corpus, plans);
