// The opt-in comparison with a real Loki (VIGIL_LOKI_URL, e.g. from `docker compose up loki`):
// every vector is pushed through the Loki push API into streams of its own, queried over HTTP,
// and Loki's answer must equal the oracle's for the same entries and query.
import { randomUUID } from 'node:crypto';
import { parser } from '@grafana/lezer-logql';
import { ResultEntry, Sample, Series } from './oracle';
import { at, normaliseLogs, normaliseSamples, normaliseSeries } from './vectorRunner';
import { LOGS_WINDOW_SEC, LogQLVector } from './vectors';

/** Labels that exist only to isolate runs (ours) or that Loki adds on ingestion (service_name). */
const HARNESS_LABELS = ['vigil_run', 'vigil_vector', 'service_name'];

/** Adds isolation matchers to every stream selector of the query. */
export function isolateQuery(query: string, run: string, index: number): string {
  const inserts: number[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.name === 'Selector') {
        inserts.push(node.from + 1);
      }
    },
  });
  let out = query;
  for (const pos of inserts.reverse()) {
    out = `${out.slice(0, pos)}vigil_run="${run}", vigil_vector="${index}", ${out.slice(pos)}`;
  }
  return out;
}

function strip(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !HARNESS_LABELS.includes(k)));
}

async function lokiGet(base: string, path: string, params: Record<string, string>): Promise<any> {
  const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  const body = await res.text();
  if (!res.ok) {
    throw new Error(`Loki ${path} failed: HTTP ${res.status}: ${body}`);
  }
  return JSON.parse(body).data;
}

async function push(base: string, vector: LogQLVector, run: string, index: number, start: bigint): Promise<void> {
  type PushValue = [string, string] | [string, string, Record<string, string>];
  const streams = new Map<string, { stream: Record<string, string>; values: PushValue[] }>();
  for (const e of [...vector.entries].sort((a, b) => a.at - b.at)) {
    const stream = { ...e.labels, vigil_run: run, vigil_vector: String(index) };
    const key = JSON.stringify(Object.entries(stream).sort());
    const s = streams.get(key) ?? { stream, values: [] as PushValue[] };
    s.values.push(e.metadata ? [String(at(start, e.at)), e.line, e.metadata] : [String(at(start, e.at)), e.line]);
    streams.set(key, s);
  }
  if (streams.size === 0) {
    return;
  }
  const res = await fetch(`${base}/loki/api/v1/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [...streams.values()] }),
  });
  if (!res.ok) {
    throw new Error(`Loki push failed: HTTP ${res.status}: ${await res.text()}`);
  }
}

/** Queries Loki for a vector and normalises the answer like the oracle's. */
async function runLoki(base: string, vector: LogQLVector, query: string, start: bigint) {
  const ns = (sec: number) => String(at(start, sec));
  switch (vector.kind) {
    case 'logs': {
      const data = await lokiGet(base, '/loki/api/v1/query_range', {
        query,
        start: ns(0),
        end: ns(LOGS_WINDOW_SEC),
        limit: '1000',
        direction: 'forward',
      });
      const entries: ResultEntry[] = data.result.flatMap((s: { stream: Record<string, string>; values: string[][] }) =>
        s.values.map(([ts, line]) => ({ labels: strip(s.stream), ts: BigInt(ts), line }))
      );
      entries.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
      return normaliseLogs(vector, entries);
    }
    case 'instant': {
      const data = await lokiGet(base, '/loki/api/v1/query', { query, time: ns(vector.atSec) });
      const samples: Sample[] = (data.result ?? []).map(
        (r: { metric: Record<string, string>; value: [number, string] }) => ({
          labels: strip(r.metric),
          value: Number(r.value[1]),
        })
      );
      return normaliseSamples(samples);
    }
    case 'range': {
      const data = await lokiGet(base, '/loki/api/v1/query_range', {
        query,
        start: ns(vector.startSec),
        end: ns(vector.endSec),
        step: String(vector.stepSec),
      });
      const series: Series[] = (data.result ?? []).map(
        (r: { metric: Record<string, string>; values: Array<[number, string]> }) => ({
          labels: strip(r.metric),
          points: r.values.map(([t, v]) => ({ t: BigInt(Math.round(t * 1000)) * BigInt(1_000_000), value: Number(v) })),
        })
      );
      return normaliseSeries(series, start);
    }
    default:
      return lokiGet(base, vector.entries.length > 0 ? '/loki/api/v1/query' : '/loki/api/v1/query_range', {
        query,
        start: ns(0),
        end: ns(LOGS_WINDOW_SEC),
        time: ns(LOGS_WINDOW_SEC),
      });
  }
}

/**
 * Declares the real-Loki suite when VIGIL_LOKI_URL is set; without it nothing is declared and
 * the vectors run on the oracle only.
 */
export function lokiVectorSuite(
  vectors: LogQLVector[],
  runOracle: (vector: LogQLVector, base: bigint, query?: string) => unknown
): void {
  const url = process.env.VIGIL_LOKI_URL?.trim().replace(/\/+$/, '');
  if (!url) {
    return;
  }
  describe(`real Loki at ${url} agrees with the oracle`, () => {
    const run = randomUUID().slice(0, 8);
    // Recent enough for Loki's ingestion limits, old enough that every window is in the past.
    const start = (BigInt(Date.now()) / BigInt(1000) - BigInt(3600)) * BigInt(1_000_000_000);

    beforeAll(async () => {
      for (const [i, v] of vectors.entries()) {
        await push(url, v, run, i, start);
      }
    }, 60_000);

    it.each(vectors.map((v, i) => [`${v.kind}: ${v.name}`, v, i] as const))(
      '%s',
      async (_name, vector, index) => {
        const query = isolateQuery(vector.query, run, index);
        if (vector.kind === 'error') {
          // Not isolated: an added matcher could make an invalid selector valid.
          await expect(runLoki(url, vector, vector.query, start)).rejects.toThrow(/HTTP 4\d\d|pipeline error/);
          return;
        }
        const fromLoki = await runLoki(url, vector, query, start);
        const isolated = vector.entries.map((e) => ({
          ...e,
          labels: { ...e.labels, vigil_run: run, vigil_vector: String(index) },
        }));
        const fromOracle = runOracle({ ...vector, entries: isolated, query } as LogQLVector, start);
        expect(fromLoki).toEqual(stripAll(fromOracle));
      },
      30_000
    );
  });
}

/** Removes the harness labels from any normalised result. */
function stripAll(result: unknown): unknown {
  return (result as Array<{ labels: Record<string, string> }>).map((r) => ({ ...r, labels: strip(r.labels) }));
}
