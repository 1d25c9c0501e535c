/**
 * Property test: random and mutated lines never make a parser throw, and every result is
 * a well-typed success or a typed error.
 */
import fc from 'fast-check';
import { SOURCES, parseAuto } from '.';
import { LINES_BY_SOURCE, MALFORMED_LINES } from './testdata/lines';
import { type LineParser, type ParseErrorKind, type ParseResult, SOURCE_IDS } from './types';

const KINDS: ParseErrorKind[] = [
  'empty',
  'too-long',
  'binary',
  'invalid-json',
  'wrong-kind',
  'unknown-format',
  'missing-field',
  'not-event',
];

function assertTyped(res: ParseResult): void {
  if (res.ok) {
    expect(SOURCE_IDS).toContain(res.event.source);
    expect(Number.isFinite(res.event.timeMs)).toBe(true);
    expect(typeof res.event.line).toBe('string');
    for (const v of Object.values(res.event.fields)) {
      const t = Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v;
      expect(['string', 'number', 'boolean', 'list', 'null']).toContain(t);
      if (Array.isArray(v)) {
        expect(v.every((s) => typeof s === 'string')).toBe(true);
      }
    }
  } else {
    expect(KINDS).toContain(res.error.kind);
    expect(typeof res.error.message).toBe('string');
    expect(res.error.excerpt.length).toBeLessThanOrEqual(200);
  }
}

const valid = Object.values(LINES_BY_SOURCE).flatMap((lines) => Object.values(lines));
const seeds = [...valid, ...Object.values(MALFORMED_LINES).filter((l) => l.length < 10_000)];

/** A valid line cut, spliced, duplicated or sprinkled with random characters. */
const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.nat(),
    fc.nat(),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.integer({ min: 0, max: 4 })
  )
  .map(([line, a, b, junk, op]) => {
    const i = line.length === 0 ? 0 : a % line.length;
    const j = line.length === 0 ? 0 : b % line.length;
    switch (op) {
      case 0:
        return line.slice(0, i);
      case 1:
        return line.slice(0, i) + junk + line.slice(i);
      case 2:
        return line.slice(0, Math.min(i, j)) + line.slice(Math.max(i, j));
      case 3:
        return line.slice(0, i) + line.slice(j);
      default:
        return line.replace(/[0-9]/g, (d) => (d === '1' ? junk.slice(0, 1) : d));
    }
  });

const random = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
  fc.json()
);

const parsers: Array<[string, LineParser]> = [
  ...SOURCE_IDS.map((id): [string, LineParser] => [id, SOURCES[id].parse]),
  ['auto', parseAuto],
];

describe.each(parsers)('%s parser under random input', (_name, parse) => {
  it('never throws on random lines', () => {
    fc.assert(
      fc.property(random, fc.option(fc.integer()), (line, entry) => {
        assertTyped(parse(line, entry === null ? undefined : { entryTimeMs: entry }));
      }),
      { numRuns: 400 }
    );
  });

  it('never throws on mutated valid lines', () => {
    fc.assert(
      fc.property(mutated, (line) => {
        assertTyped(parse(line));
      }),
      { numRuns: 600 }
    );
  });
});

describe('valid lines', () => {
  it.each(SOURCE_IDS)('%s: every fixture parses with its own parser and with auto', (id) => {
    for (const [name, line] of Object.entries(LINES_BY_SOURCE[id])) {
      const own = SOURCES[id].parse(line, { entryTimeMs: Date.parse('2026-11-25T00:00:00Z') });
      expect([name, own.ok]).toEqual([name, true]);
      const auto = parseAuto(line, { entryTimeMs: Date.parse('2026-11-25T00:00:00Z') });
      expect([name, auto.ok && auto.event.source]).toEqual([name, id]);
    }
  });
});
