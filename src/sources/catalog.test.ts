/**
 * Every catalog extraction is valid LogQL (Grafana's lezer grammar plus Go string rules),
 * and, evaluated by the LogQL oracle on the fixture lines, extracts what the TypeScript
 * parser extracts; every line filter filled with the parsed value keeps its line.
 */
import { evaluateLogs, parseLogQL } from '../../tests/logql/oracle';
import { SOURCES, fillLineFilter } from '.';
import { LINES_BY_SOURCE } from './testdata/lines';
import { type FieldSpec, type FieldValue, type ParsedEvent, SOURCE_IDS, type SourceId } from './types';

const REF = Date.parse('2026-11-25T00:00:00Z');

// CoreDNS ≤1.1 put its own timestamp first; the catalog's anchored pattern targets current CoreDNS.
const OUTSIDE_LAYOUT = ['oldTimestamped'];

/** The line as Loki stores it: shippers strip container and journald frames, keep kern.log's. */
function storedLine(raw: string, ev: ParsedEvent): string {
  return ev.framed === 'cri' || ev.framed === 'docker-json' || ev.framed === 'journald' ? ev.line : raw;
}

function run(query: string, line: string): Record<string, string> | undefined {
  const out = evaluateLogs(query, [{ labels: { job: 't' }, ts: BigInt(1), line }], BigInt(0), BigInt(2));
  return out[0]?.labels;
}

function sample(v: FieldValue | undefined): string | undefined {
  if (Array.isArray(v)) {
    return v[0];
  }
  return v === undefined || v === null || typeof v === 'boolean' ? undefined : String(v);
}

function parsed(id: SourceId): Array<[string, string, ParsedEvent]> {
  return Object.entries(LINES_BY_SOURCE[id]).map(([name, raw]) => {
    const res = SOURCES[id].parse(raw, { entryTimeMs: REF });
    if (!res.ok) {
      throw new Error(`${id}/${name}: ${res.error.message}`);
    }
    return [name, storedLine(raw, res.event), res.event];
  });
}

describe.each(SOURCE_IDS)('%s catalog', (id) => {
  const fields: FieldSpec[] = SOURCES[id].fields;

  it('names each field once and describes it', () => {
    const names = fields.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of fields) {
      expect(f.description.length).toBeGreaterThan(10);
      expect(f.logsql.name.length).toBeGreaterThan(0);
      if (f.type === 'list') {
        expect(f.listMatch).toBeTruthy();
      }
    }
  });

  it.each(fields.map((f) => [f.name, f] as const))('%s: LogQL parses', (_n, f) => {
    const filter = f.logql.lineFilter ? fillLineFilter(f.logql.lineFilter, 'a"b\\c.d', SOURCES[id].jsonLines) : '';
    const query = `{job="t"} ${filter} ${f.logql.stage}`;
    expect(parseLogQL(query).errors).toEqual([]);
  });

  it('extracts with LogQL what the parser extracts', () => {
    let compared = 0;
    for (const [name, line, ev] of parsed(id)) {
      if (OUTSIDE_LAYOUT.includes(name)) {
        continue;
      }
      for (const f of fields) {
        const value = ev.fields[f.name];
        // journald's host is an entry field (a stream label once shipped), not in MESSAGE.
        const fromFrame = ev.framed === 'journald' && f.name === 'hostname';
        if (
          fromFrame ||
          f.derived ||
          f.name.startsWith('entity.') ||
          f.type === 'list' ||
          value === undefined ||
          f.logql.stage === ''
        ) {
          continue;
        }
        const labels = run(`{job="t"} ${f.logql.stage}`, line);
        const got = labels?.[f.logql.name];
        const want = f.name === 'duration_s' ? String(Number(String(got).replace(/s$/, ''))) : got;
        expect([name, f.name, want]).toEqual([name, f.name, String(value)]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('keeps a line when a line filter is filled with its parsed value', () => {
    let checked = 0;
    for (const [name, line, ev] of parsed(id)) {
      for (const f of fields) {
        const template = f.logql.lineFilter;
        const value = ev.fields[f.name];
        if (!template) {
          continue;
        }
        if (!template.includes('{value}')) {
          // A value-free filter (`"privileged": true`) must agree with the boolean field.
          if (typeof value === 'boolean') {
            expect([name, f.name, run(`{job="t"} ${template}`, line) !== undefined]).toEqual([name, f.name, value]);
            checked++;
          }
          continue;
        }
        const v = sample(value);
        if (v === undefined || (f.name === 'prefix' && v === '')) {
          continue;
        }
        const query = `{job="t"} ${fillLineFilter(template, v, SOURCES[id].jsonLines, f.logql.valueEncoding)}`;
        expect([name, f.name, query, run(query, line) !== undefined]).toEqual([name, f.name, query, true]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });
});
