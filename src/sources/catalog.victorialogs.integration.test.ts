/** @jest-environment node */
// Every field catalog's LogsQL run on a real VictoriaLogs: the simulator's lines and the
// fixture lines are pushed the way Vigil pushes (line verbatim in `_msg`), then each field's
// extraction stage must give, line by line, what the TypeScript parser gives, and each line
// filter filled with a parsed value must keep every line that has that value.
import { flushVictoriaLogs, ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../../tests/stack';
import { simulate } from '../../backend-stub/src';
import { SOURCES, fillLineFilter } from '.';
import { LINES_BY_SOURCE } from './testdata/lines';
import { type FieldSpec, type FieldValue, type ParsedEvent, SOURCE_IDS, type SourceId } from './types';

jest.setTimeout(240_000);

const HOUR = 3_600_000;
const TO = Math.floor(Date.now() / 60_000) * 60_000;

// CoreDNS ≤1.1 put its own timestamp first; the catalog's anchored pattern targets current CoreDNS.
const OUTSIDE_LAYOUT = new Set(['oldTimestamped']);

interface Row {
  line: string;
  ev: ParsedEvent;
}

/** The line as a shipper stores it: container and journald frames stripped, kern.log's kept. */
function storedLine(raw: string, ev: ParsedEvent): string {
  return ev.framed === 'cri' || ev.framed === 'docker-json' || ev.framed === 'journald' ? ev.line : raw;
}

function rowsOf(id: SourceId, lines: string[]): Row[] {
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const raw of lines) {
    const res = SOURCES[id].parse(raw, { entryTimeMs: TO });
    if (!res.ok) {
      throw new Error(`${id}: ${res.error.message}: ${raw.slice(0, 120)}`);
    }
    const line = storedLine(raw, res.event);
    // journald's host is an entry field (a stream label once shipped), not in MESSAGE.
    if (!seen.has(line) && res.event.framed !== 'journald') {
      seen.add(line);
      rows.push({ line, ev: res.event });
    }
  }
  return rows;
}

/** What VictoriaLogs returns for a parsed value: text, JSON text for JSON arrays, nothing for "". */
function expected(id: SourceId, f: FieldSpec, v: FieldValue | undefined): string | undefined {
  if (v === undefined || v === null || v === '') {
    return undefined;
  }
  if (Array.isArray(v)) {
    // JSON arrays come back as JSON text; text sources join them as the line does.
    return SOURCES[id].jsonLines ? JSON.stringify(v) : v.join(f.name === 'rflags' ? ',' : ' ');
  }
  return String(v);
}

/** The extracted text in the form the parser reports it. */
function normalised(id: SourceId, f: FieldSpec, got: string | undefined): string | undefined {
  if (got === undefined || got === '') {
    return undefined;
  }
  if (f.name === 'duration_s') {
    const m = /^([0-9.]+)(s|ms|us|µs|ns)$/.exec(got);
    const scale: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };
    return m ? String(Number(m[1]) * scale[m[2]]) : got;
  }
  if (f.name === 'flags') {
    return got.trim();
  }
  return got;
}

/** Fields whose extraction reads the line the parser reads (derived ones approximate it). */
function comparable(f: FieldSpec): boolean {
  return !f.derived && !f.name.startsWith('entity.') && (f.logsql.stage !== '' || f.logsql.name !== f.name);
}

describe('field catalogs on a real VictoriaLogs', () => {
  let vl: ManagedServer;
  const rows = {} as Record<SourceId, Row[]>;
  const job = (id: SourceId) => `{job="catalog-${id}"}`;

  async function extract(id: SourceId, query: string, field: string): Promise<Map<string, string | undefined>> {
    const out = new Map<string, string | undefined>();
    for (const r of await queryLogsQL(vl.url, `${job(id)} ${query} | fields _msg, ${JSON.stringify(field)}`, {
      limit: '100000',
    })) {
      out.set(r._msg, r[field]);
    }
    return out;
  }

  beforeAll(async () => {
    vl = await startVictoriaLogs();
    const sim = simulate({
      seed: 23,
      from: TO - HOUR,
      to: TO,
      profile: 'nearform',
      scenarios: 'all',
      volume: { audit: 400, coredns: 400, netfilter: 200, falco: 80 },
    });
    const streams = SOURCE_IDS.map((id) => {
      const fixtures = Object.entries(LINES_BY_SOURCE[id])
        .filter(([name]) => !OUTSIDE_LAYOUT.has(name))
        .map(([, l]) => l);
      rows[id] = rowsOf(id, [...fixtures, ...sim.events.filter((e) => e.source === id).map((e) => e.line)]);
      const t0 = BigInt(TO - HOUR) * BigInt(1_000_000);
      return {
        stream: { job: `catalog-${id}` },
        values: rows[id].map((r, i): [string, string] => [String(t0 + BigInt(i * 1000)), r.line]),
      };
    });
    await pushLoki(vl.url, streams, { backend: 'victorialogs' });
    await flushVictoriaLogs(vl.url);
  });

  afterAll(async () => {
    await vl?.stop();
  });

  it('stores every line verbatim', async () => {
    for (const id of SOURCE_IDS) {
      const stored = await extract(id, '', '_msg');
      expect([id, stored.size]).toEqual([id, rows[id].length]);
    }
  });

  describe.each(SOURCE_IDS)('%s', (id) => {
    const fields = SOURCES[id].fields;

    it.each(fields.filter(comparable).map((f) => [f.name, f] as const))(
      '%s: the LogsQL extraction gives the parsed value',
      async (_n, f) => {
        const got = await extract(id, f.logsql.stage, f.logsql.name);
        let compared = 0;
        const wrong: string[] = [];
        for (const { line, ev } of rows[id]) {
          const want = expected(id, f, ev.fields[f.name]);
          const have = normalised(id, f, got.get(line));
          if (want !== undefined) {
            compared++;
          }
          if (want !== have) {
            wrong.push(`${JSON.stringify(have)} ≠ parser ${JSON.stringify(want)} in ${line.slice(0, 160)}`);
          }
        }
        expect(wrong.slice(0, 3)).toEqual([]);
        // Every field occurs in the data, or the comparison proves nothing.
        expect(compared).toBeGreaterThan(0);
      }
    );

    it.each(fields.filter((f) => f.logsql.lineFilter).map((f) => [f.name, f] as const))(
      '%s: the LogsQL line filter keeps every line with the value',
      async (_n, f) => {
        const template = f.logsql.lineFilter!;
        if (!template.includes('{value}')) {
          // A value-free filter (`"privileged":true`) agrees with the boolean field on these lines.
          const kept = await extract(id, template, '_msg');
          for (const { line, ev } of rows[id]) {
            if (typeof ev.fields[f.name] === 'boolean') {
              expect([f.name, line.slice(0, 160), kept.has(line)]).toEqual([
                f.name,
                line.slice(0, 160),
                ev.fields[f.name],
              ]);
            }
          }
          return;
        }
        // Up to four distinct parsed values, each checked over all lines.
        const values = [
          ...new Set(
            rows[id].flatMap(({ ev }) => {
              const v = ev.fields[f.name];
              return Array.isArray(v)
                ? v
                : v === undefined || v === null || typeof v === 'boolean' || v === ''
                  ? []
                  : [String(v)];
            })
          ),
        ].slice(0, 4);
        expect(values.length).toBeGreaterThan(0);
        for (const value of values) {
          const query = fillLineFilter(template, value, SOURCES[id].jsonLines, f.logsql.valueEncoding);
          const kept = await extract(id, query, '_msg');
          const has = (v: FieldValue | undefined) =>
            Array.isArray(v) ? v.includes(value) : v !== undefined && String(v) === value;
          // query.domain is lower-cased by the parser; its filter is case-insensitive.
          const missed = rows[id]
            .filter(({ line, ev }) => has(ev.fields[f.name]) && !kept.has(line))
            .map(({ line }) => line.slice(0, 160));
          expect([query, missed.slice(0, 3)]).toEqual([query, []]);
        }
      }
    );
  });
});
