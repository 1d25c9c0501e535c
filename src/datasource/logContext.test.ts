import { DataFrame, FieldType, toDataFrame } from '@grafana/data';
import { logRowContext, streamSelector, type RangeRunner } from './logContext';


/** A backend over one stream of lines at the given times: the newest `limit` of [from, to], as the plugin's backend answers. */
function fakeBackend(timesMs: number[]) {
  const calls: Array<{ expr: string; fromMs: number; toMs: number; limit: number }> = [];
  const run: RangeRunner = async (expr, fromMs, toMs, limit) => {
    calls.push({ expr, fromMs, toMs, limit });
    const hit = timesMs.filter((t) => t >= fromMs && t <= toMs).sort((a, b) => b - a).slice(0, limit);
    return [
      toDataFrame({
        fields: [
          { name: 'timestamp', type: FieldType.time, values: hit },
          { name: 'body', type: FieldType.string, values: hit.map((t) => `line ${t}`) },
          { name: 'id', type: FieldType.string, values: hit.map((t) => `id-${t}`) },
        ],
      }),
    ];
  };
  return { run, calls };
}

const bodies = (frames: DataFrame[]) => frames.flatMap((f) => f.fields.find((x) => x.name === 'body')!.values);
const row = (t: number) => ({ timeEpochMs: t, labels: { job: 'auditlog', cluster: 'prod' }, id: `id-${t}` });

describe('log row context', () => {
  it('selects the row stream with its labels, in a form LogQL and LogsQL both read', () => {
    expect(streamSelector({ job: 'auditlog', cluster: 'a"b' })).toBe('{cluster="a\\"b",job="auditlog"}');
    expect(streamSelector({ 'not a label': 'x' })).toBeUndefined();
    // Extracted fields are not stream labels; a VictoriaLogs row names its stream whole.
    expect(streamSelector({ job: 'auditlog', f_verb: 'get' })).toBe('{job="auditlog"}');
    expect(streamSelector({ _stream: '{job="auditlog"}', job: 'auditlog', f_verb: 'get' })).toBe('{job="auditlog"}');
  });

  it('before a row: the nearest lines of the stream, newest first, without the row itself', async () => {
    const { run, calls } = fakeBackend([100, 200, 300, 400, 500, 600]);
    const frames = await logRowContext(row(400), 'before', 2, 'logql', run);
    expect(bodies(frames)).toEqual(['line 300', 'line 200']);
    expect(calls).toEqual([{ expr: '{cluster="prod",job="auditlog"}', fromMs: 400 - 3600_000, toMs: 400, limit: 3 }]);
  });

  it('after a row: the nearest lines, oldest first, though the backend answers the newest of a range', async () => {
    // 5000 lines after the row: the first answer over an hour is full, the window narrows.
    const times = Array.from({ length: 5000 }, (_, i) => 1000 + i * 10);
    const { run, calls } = fakeBackend([500, 1000, ...times.slice(1)]);
    const frames = await logRowContext(row(1000), 'after', 3, 'logsql', run);
    expect(bodies(frames)).toEqual(['line 1010', 'line 1020', 'line 1030']);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.map((c) => c.toMs - c.fromMs)).toEqual(calls.map((_, i) => 3600_000 / 10 ** i));
  });

  it('no context for a row without stream labels or from a PromQL query', async () => {
    const { run, calls } = fakeBackend([1, 2, 3]);
    await expect(logRowContext({ timeEpochMs: 2, labels: {} }, 'before', 5, 'logql', run)).resolves.toEqual([]);
    await expect(logRowContext(row(2), 'before', 5, 'promql', run)).resolves.toEqual([]);
    expect(calls).toEqual([]);
  });
});
