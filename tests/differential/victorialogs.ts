// The differential checks against a real VictoriaLogs, for any corpus: for every catalog
// rule, the compiled LogsQL (log and stats forms) finds the matcher's hits, in both layouts.
// Integration tests only: these start VictoriaLogs (the oracle checks are in suite.ts).
import { resolveField } from '../../src/detections/fields';
import { logsqlLogQuery, logsqlStatsQuery, type Layout } from '../../src/detections/logsql';
import { eventNs, windowValues } from '../../src/detections/matcher';
import type { Plan } from '../../src/detections/types';
import { ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../stack';
import { corpusStreams, CorpusEntry, parseRfc3339Ns, rfc3339Nano } from './corpus';
import { keys, matcherHits } from './suite';

const NS_PER_MS = BigInt(1000000);

/**
 * The stats (alert) query's values per group equal the matcher's window values at a sample of
 * times: each hit's time (where values change) and just before the next window opens.
 */
async function checkStats(
  url: string,
  plan: Plan,
  hits: CorpusEntry[],
  layout: Layout,
  samples: number
): Promise<void> {
  const w = BigInt(plan.window?.windowMs ?? 300000) * NS_PER_MS;
  const times = [...new Set(hits.flatMap((h) => [eventNs(h.event!), eventNs(h.event!) + w - BigInt(1)]))].sort();
  for (const t of times.filter((_t, i) => i % Math.ceil(times.length / samples) === 0)) {
    const query = logsqlStatsQuery(plan, { layout, time: `_time:(${rfc3339Nano(t - w)}, ${rfc3339Nano(t)}]` });
    const rows = await queryLogsQL(url, query);
    const got = rows.map((r) => {
      const key: Record<string, string> = {};
      for (const g of plan.window?.groupBy ?? []) {
        const f = resolveField(plan.source, g);
        key[f.label] = r[layout === 'native' && f.json ? f.json.segments.join('.') : f.vlField] ?? '';
      }
      return `${JSON.stringify(key)} ${r.hits}`;
    });
    const events = hits.map((h) => h.event!);
    const want = [...windowValues(plan, events, t).values()].map((v) => `${JSON.stringify(v.key)} ${v.value}`);
    expect({ t: String(t), query, got: got.sort() }).toEqual({ t: String(t), query, got: want.sort() });
  }
}

/** Matcher == compiled LogsQL on a real VictoriaLogs holding the corpus. */
export function describeVictoriaLogs(corpus: CorpusEntry[], plans: Plan[]): void {
  describe('compiled LogsQL on a real VictoriaLogs', () => {
    let vl: ManagedServer;
    beforeAll(async () => {
      vl = await startVictoriaLogs();
      await pushLoki(vl.url, corpusStreams(corpus), { backend: 'victorialogs' });
    });
    afterAll(async () => {
      await vl?.stop();
    });

    it('holds the whole corpus', async () => {
      const rows = await queryLogsQL(vl.url, '* | stats count() as n');
      expect(rows).toEqual([{ n: String(corpus.length) }]);
    });

    it.each(plans.map((p) => [p.ruleId, p] as const))(
      '%s: log query finds exactly the matcher hits',
      async (_id, plan) => {
        const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan));
        expect(keys(rows.map((r) => ({ ts: parseRfc3339Ns(r._time), line: r._msg })))).toEqual(
          keys(matcherHits(corpus, plan))
        );
      }
    );

    it.each(plans.map((p) => [p.ruleId, p] as const))('%s: stats query gives the matcher window values', (_id, plan) =>
      checkStats(vl.url, plan, matcherHits(corpus, plan), 'verbatim', 12)
    );
  });
}

/**
 * Matcher == compiled LogsQL on a real VictoriaLogs that stores JSON events as fields (its
 * default, the native layout). Rows have no line: they are keyed by their entry time, unique
 * per corpus entry. The matcher reads the original lines: the rows must give the same answers.
 */
export function describeVictoriaLogsNative(corpus: CorpusEntry[], plans: Plan[]): void {
  const json = corpus.filter((e) => e.source === 'audit' || e.source === 'falco');
  const jsonPlans = plans.filter((p) => p.source === 'audit' || p.source === 'falco');
  describe('compiled LogsQL on a real VictoriaLogs holding events as fields (native layout)', () => {
    let vl: ManagedServer;
    beforeAll(async () => {
      vl = await startVictoriaLogs();
      await pushLoki(vl.url, corpusStreams(json), { backend: 'victorialogs', layout: 'native' });
    });
    afterAll(async () => {
      await vl?.stop();
    });

    it.each(jsonPlans.map((p) => [p.ruleId, p] as const))(
      '%s: log query finds exactly the matcher hits',
      async (_id, plan) => {
        const rows = await queryLogsQL(vl.url, logsqlLogQuery(plan, { layout: 'native' }));
        const got = rows.map((r) => String(parseRfc3339Ns(r._time))).sort();
        const want = matcherHits(json, plan)
          .map((h) => String(h.ts))
          .sort();
        expect(got).toEqual(want);
      }
    );

    it.each(jsonPlans.map((p) => [p.ruleId, p] as const))(
      '%s: stats query gives the matcher window values',
      (_id, plan) => checkStats(vl.url, plan, matcherHits(json, plan), 'native', 8)
    );
  });
}
