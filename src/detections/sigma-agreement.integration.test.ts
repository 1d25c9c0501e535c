/** @jest-environment node */
// The Sigma constructs over foreign spellings of sigma-agreement.test.ts, on a real
// VictoriaLogs: the compiled LogsQL finds the matcher's lines, and the correlation rule's
// stats give the matcher's values.
import { ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../../tests/stack';
import { logsqlLogQuery, logsqlStatsQuery } from './logsql';
import { correlation, entries, matcherHits, plans, T0 } from './sigma-agreement.cases';

jest.setTimeout(120_000);

describe('Sigma constructs on foreign spellings', () => {
  describe('on a real VictoriaLogs', () => {
    let vl: ManagedServer;
    beforeAll(async () => {
      vl = await startVictoriaLogs();
      await pushLoki(vl.url, [{ stream: { job: 'auditlog' }, values: entries.map((e) => [String(e.ts), e.line] as [string, string]) }], { backend: 'victorialogs' });
    });
    afterAll(async () => {
      await vl?.stop();
    });

    it('the correlation rule: LogsQL stats give the matcher values', async () => {
      const from = new Date(T0 - 600_000).toISOString();
      const to = new Date(T0 + 2000).toISOString();
      const rows = await queryLogsQL(vl.url, logsqlStatsQuery(correlation, { time: `_time:(${from}, ${to}]` }));
      expect(rows.map((r) => `${r['f_user.username']} ${r.hits}`).sort()).toEqual(['user-0 4', 'user-1 4']);
    });

    it.each(plans.map((p) => [p.ruleId, p] as const))('%s: LogsQL finds the matcher hits', async (_id, plan) => {
      const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan));
      expect(rows.map((r) => r._msg).sort()).toEqual(matcherHits(plan));
    });
  });
});
