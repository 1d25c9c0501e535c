/** @jest-environment node */
// Builder states compiled to LogsQL and run on a real VictoriaLogs holding the simulator
// corpus find exactly what their LogQL twins find in the LogQL oracle: the same lines for
// every filter case, the same counts per group for count-by.
import { buildCorpus, corpusStreams, FROM_MS, parseRfc3339Ns, TO_MS } from '../../../tests/differential/corpus';
import { evaluateInstant, evaluateLogs } from '../../../tests/logql/oracle';
import { ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../../../tests/stack';
import type { SourceId } from '../../sources/types';
import { compileBuilderOrThrow } from '..';
import { builderFields, fieldOf } from '../fields';
import { builderCases, commonValues, withoutEmpty } from '../testing/cases';
import type { BuilderState } from '../types';

jest.setTimeout(300_000);

const NS = BigInt(1000000);
const START = BigInt(FROM_MS) * NS;
const END = BigInt(TO_MS + 60000) * NS;
const corpus = buildCorpus();
const parsed = corpus.filter((e) => e.event);
const cases = builderCases(parsed);
const SOURCES: SourceId[] = ['audit', 'coredns', 'netfilter', 'falco'];

let vl: ManagedServer;
beforeAll(async () => {
  vl = await startVictoriaLogs();
  await pushLoki(vl.url, corpusStreams(corpus), { backend: 'victorialogs' });
});
afterAll(async () => {
  await vl?.stop();
});

it('holds the corpus', async () => {
  expect(await queryLogsQL(vl.url, '* | stats count() as n')).toEqual([{ n: String(corpus.length) }]);
});

it.each(cases)('%s: LogsQL on VictoriaLogs = LogQL in the oracle', async (_name, state) => {
  const logsql = compileBuilderOrThrow(state, 'logsql');
  const logql = compileBuilderOrThrow(state, 'logql');
  const rows = await queryLogsQL(vl.url, logsql);
  const got = rows.map((r) => `${parseRfc3339Ns(r._time)} ${r._msg}`).sort();
  const want = evaluateLogs(logql, corpus, START, END, 1_000_000, 'forward').map((r) => `${r.ts} ${r.line}`).sort();
  expect({ logsql, got }).toEqual({ logsql, got: want });
});

it.each(SOURCES)('%s: count by a field, LogsQL stats = LogQL oracle', async (source) => {
  const by = builderFields(source).find((f) => f.type === 'string' && commonValues(parsed, source, f.name, 3).length >= 2)!.name;
  const state: BuilderState = { source, filters: [], operation: { kind: 'count', by: [by] }, range: '2h' };
  const logsql = compileBuilderOrThrow(state, 'logsql');
  const f = fieldOf(source, by);
  const rows = await queryLogsQL(vl.url, logsql);
  // Compare by value: the two languages name the group label differently.
  const got = rows.map((r) => `${withoutEmpty({ v: r[f.vlField] ?? '' })} ${r.hits}`).sort();
  const oracle = evaluateInstant(compileBuilderOrThrow(state, 'logql'), corpus, END);
  const want = oracle.map((s) => `${withoutEmpty({ v: s.labels[f.label] ?? '' })} ${s.value}`).sort();
  expect({ logsql, got }).toEqual({ logsql, got: want });
});

// The same states on a VictoriaLogs that stores the JSON sources' events as fields (its
// default): rows carry no line, so they are keyed by their entry time, unique per entry.
describe('native layout (events stored as fields)', () => {
  const JSON_SOURCES: SourceId[] = ['audit', 'falco'];
  const json = corpus.filter((e) => JSON_SOURCES.includes(e.source));
  const native = { layouts: { audit: 'native', falco: 'native' } } as const;
  let nvl: ManagedServer;
  beforeAll(async () => {
    nvl = await startVictoriaLogs();
    await pushLoki(nvl.url, corpusStreams(json), { backend: 'victorialogs', layout: 'native' });
  });
  afterAll(async () => {
    await nvl?.stop();
  });

  it.each(cases.filter(([, s]) => JSON_SOURCES.includes(s.source)))('%s: native LogsQL = LogQL in the oracle', async (_name, state) => {
    const logsql = compileBuilderOrThrow(state, 'logsql', native);
    expect(logsql).not.toMatch(/_msg|unpack_json/);
    const rows = await queryLogsQL(nvl.url, logsql);
    const got = rows.map((r) => String(parseRfc3339Ns(r._time))).sort();
    const want = evaluateLogs(compileBuilderOrThrow(state, 'logql'), json, START, END, 1_000_000, 'forward').map((r) => String(r.ts)).sort();
    expect({ logsql, got }).toEqual({ logsql, got: want });
  });

  it.each(JSON_SOURCES)('%s: count by a field, native stats under the verbatim names = LogQL oracle', async (source) => {
    const by = builderFields(source).find((f) => f.type === 'string' && commonValues(parsed, source, f.name, 3).length >= 2)!.name;
    const state: BuilderState = { source, filters: [], operation: { kind: 'count', by: [by] }, range: '2h' };
    const logsql = compileBuilderOrThrow(state, 'logsql', native);
    const f = fieldOf(source, by);
    const rows = await queryLogsQL(nvl.url, logsql);
    const got = rows.map((r) => `${withoutEmpty({ v: r[f.vlField] ?? '' })} ${r.hits}`).sort();
    const oracle = evaluateInstant(compileBuilderOrThrow(state, 'logql'), json, END);
    const want = oracle.map((s) => `${withoutEmpty({ v: s.labels[f.label] ?? '' })} ${s.value}`).sort();
    expect({ logsql, got }).toEqual({ logsql, got: want });
  });
});
