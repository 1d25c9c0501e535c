/** @jest-environment node */
// The partial-event property of variants.property.test.ts on a real VictoriaLogs: for a seeded
// sample of foreign-encoding variants of the JSON events, every rule's compiled LogsQL finds
// exactly the matcher's hits, but for the known difference of escaped letters in a map body.
import fc from 'fast-check';
import { logsqlLogQuery } from '../../src/detections/logsql';
import { matchEvent } from '../../src/detections/matcher';
import { rawJsonAt } from '../../src/detections/rawjson';
import { SOURCES } from '../../src/sources';
import { ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../stack';
import { corpusStreams, parseRfc3339Ns } from './corpus';
import { entry, escapedMap, plans, REGRESSIONS, variant, variantLine } from './variantCases';

jest.setTimeout(300_000);

describe('JSON events in foreign encodings', () => {
  describe('on a real VictoriaLogs (a seeded sample of 1,500 variants)', () => {
    let vl: ManagedServer;
    const sample = [
      ...REGRESSIONS.map(([, v]) => v),
      ...fc.sample(variant, { numRuns: 1500, seed: 18 }).map(variantLine),
    ];
    const corpus = sample.map((v, i) => entry(v.source, v.line, i));
    beforeAll(async () => {
      vl = await startVictoriaLogs();
      await pushLoki(vl.url, corpusStreams(corpus), { backend: 'victorialogs' });
    });
    afterAll(async () => {
      await vl?.stop();
    });

    it.each(plans.map((p) => [p.ruleId, p] as const))(
      '%s: LogsQL finds exactly the matcher hits',
      async (_id, plan) => {
        const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan));
        const known = (line: string) => escapedMap(plan, line);
        const got = rows
          .filter((r) => !known(r._msg))
          .map((r) => `${parseRfc3339Ns(r._time)} ${r._msg}`)
          .sort();
        const want = corpus
          .filter((e) => e.event && !known(e.line) && matchEvent(plan, e.event))
          .map((e) => `${e.ts} ${e.line}`)
          .sort();
        expect(got).toEqual(want);
      }
    );

    it('reads a map body decoded, where the raw text has escaped letters (the known difference)', async () => {
      const plan = plans.find((p) => p.ruleId === 'k8s-configmap-credentials')!;
      const lines = corpus.filter((e) => escapedMap(plan, e.line));
      expect(lines.length).toBeGreaterThan(0);
      const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan));
      const found = new Set(rows.map((r) => r._msg));
      for (const e of lines) {
        // The same line with only the map's text decoded: the rest stays as the prefilter sees it.
        const raw = rawJsonAt(e.line, ['requestObject', 'data'])!;
        const decoded = SOURCES.audit.parse(e.line.replace(raw, JSON.stringify(JSON.parse(raw))));
        expect({ line: e.line, found: found.has(e.line) }).toEqual({
          line: e.line,
          found: decoded.ok && matchEvent(plan, decoded.event),
        });
      }
    });
  });
});
