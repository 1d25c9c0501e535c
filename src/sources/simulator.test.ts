// The simulator's output, in every shipper profile, parses with zero errors, and each source
// parser accepts exactly its own source's lines.
import { lineFor, PROFILES, simulate } from '../../backend-stub/src';
import { SOURCES, parseAuto } from '.';

const TO = Date.parse('2026-11-20T12:00:00Z');

describe.each(PROFILES.map((p) => [p]))('simulator profile %s', (profile) => {
  const sim = simulate({ seed: 7, from: TO - 3_600_000, to: TO, profile, scenarios: 'all' });

  it('parses every line of every source with zero errors', () => {
    const errors: string[] = [];
    for (const ev of sim.events) {
      const line = lineFor(profile, ev);
      const res = SOURCES[ev.source].parse(line, { entryTimeMs: TO });
      if (!res.ok) {
        errors.push(`${ev.source}: ${res.error.kind} ${res.error.message} :: ${res.error.excerpt}`);
      }
    }
    expect(errors.slice(0, 5)).toEqual([]);
    expect(sim.events.length).toBeGreaterThan(1000);
  });

  it('detects the right source for every line with auto', () => {
    const wrong = sim.events.filter((ev) => {
      const res = parseAuto(lineFor(profile, ev), { entryTimeMs: TO });
      return !res.ok || res.event.source !== ev.source;
    });
    expect(wrong.map((ev) => ev.line.slice(0, 120)).slice(0, 5)).toEqual([]);
  });
});
