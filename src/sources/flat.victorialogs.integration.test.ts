/** @jest-environment node */
// Audit and Falco lines stored by a real VictoriaLogs with its defaults (fields at ingestion),
// read back as the data source returns them (one flat JSON object of the event's fields),
// parse into the same event as the verbatim line: field for field, except the empty strings
// and nulls VictoriaLogs does not store.
import { buildCorpus } from '../../tests/differential/corpus';
import { readCorpus } from '../../tests/differential/realCorpus';
import { ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../../tests/stack';
import { SOURCES } from './index';
import type { FieldValue, ParsedEvent, SourceId } from './types';

jest.setTimeout(120_000);

type JsonSource = 'audit' | 'falco';
const NS_PER_MS = BigInt(1000000);
const T0 = BigInt(Date.parse('2026-03-04T10:00:00Z')) * NS_PER_MS;

/** Every JSON-source line of the real-world corpus and a slice of the simulator's, as backends hold them. */
function lines(): Array<{ source: JsonSource; line: string; event: ParsedEvent }> {
  const out: Array<{ source: JsonSource; line: string; event: ParsedEvent }> = [];
  for (const l of readCorpus()) {
    if (
      (l.source === 'audit' || l.source === 'falco') &&
      l.result.ok &&
      l.result.event.object &&
      !l.file.includes(NESTED_OUTPUT_FIELDS)
    ) {
      out.push({ source: l.source, line: l.result.event.line, event: l.result.event });
    }
  }
  buildCorpus().forEach((e, i) => {
    if ((e.source === 'audit' || e.source === 'falco') && e.event && (e.test || i % 50 === 0)) {
      out.push({ source: e.source, line: e.line, event: e.event });
    }
  });
  return out;
}

/** The row as the data source turns it into a line: every field but the stream's and VictoriaLogs' own. */
function rowBody(row: Record<string, string>): string {
  const labels = new Set([...(row._stream ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)="/g)].map((m) => m[1]));
  const body: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    if (!k.startsWith('_') && !labels.has(k)) {
      body[k] = v;
    }
  }
  return JSON.stringify(body);
}

/**
 * Fields as VictoriaLogs can keep them: no empty strings or nulls, and numbers as text (a
 * Falco output field `"n":"5"` and `"n":5` are stored alike; the matcher reads both as "5").
 */
function storable(fields: Record<string, FieldValue>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v !== '' && v !== null) {
      out[k] = typeof v === 'number' && k.startsWith('output_fields.') ? String(v) : v;
    }
  }
  return out;
}

/**
 * The one corpus line whose output_fields an ingest pipeline re-serialised as nested objects
 * (`{"container":{"id":…}}`): stored as fields, it reads as Falco's own dotted names, which the
 * verbatim line does not give.
 */
const NESTED_OUTPUT_FIELDS = 'datadog-integrations-core-falco';

describe('events VictoriaLogs stores as fields', () => {
  const all = lines();
  let vl: ManagedServer;
  let rows: Array<Record<string, string>>;
  beforeAll(async () => {
    vl = await startVictoriaLogs();
    const streams = (['audit', 'falco'] as SourceId[]).map((source) => ({
      stream: { job: source === 'audit' ? 'auditlog' : 'falco' },
      values: all
        .map((l, i) => [String(T0 + BigInt(i) * NS_PER_MS * BigInt(1000)), l.line] as [string, string])
        .filter((_v, i) => all[i].source === source),
    }));
    await pushLoki(vl.url, streams, { backend: 'victorialogs', layout: 'native' });
    rows = await queryLogsQL(vl.url, '* | sort by (_time)');
  });
  afterAll(async () => {
    await vl?.stop();
  });

  it('holds them without _msg (the native layout)', () => {
    expect(rows).toHaveLength(all.length);
    expect(all.length).toBeGreaterThan(300);
    expect(rows.every((r) => r._msg === undefined || r._msg.startsWith('missing _msg field'))).toBe(true);
  });

  it('parses every row into the event the verbatim line gives', () => {
    const diffs: string[] = [];
    rows.forEach((row, i) => {
      const want = all[i];
      const got = SOURCES[want.source].parse(rowBody(row));
      if (!got.ok) {
        diffs.push(`${i}: ${got.error.message}`);
        return;
      }
      const a = JSON.stringify(Object.entries(storable(got.event.fields)).sort());
      const b = JSON.stringify(Object.entries(storable(want.event.fields)).sort());
      if (a !== b || got.event.framed !== 'fields') {
        diffs.push(`${i} ${want.line.slice(0, 120)}\n  got  ${a.slice(0, 2000)}\n  want ${b.slice(0, 2000)}`);
      }
    });
    expect(diffs.slice(0, 5)).toEqual([]);
  });
});
