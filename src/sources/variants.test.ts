// Every documented line variant parses (or is refused) as docs/sources.md says.
import { SOURCES } from './index';
import { VARIANTS } from './variants';

describe.each(VARIANTS.map((v) => [`${v.source}: ${v.name}`, v] as const))('%s', (_name, v) => {
  it(v.expect === 'event' ? 'parses' : `is refused as ${v.expect}`, () => {
    const r = SOURCES[v.source].parse(v.example);
    if (v.expect === 'event') {
      expect(r.ok ? 'event' : r.error).toBe('event');
      if (r.ok && v.field) {
        expect(r.event.fields[v.field[0]]).toEqual(v.field[1]);
      }
    } else {
      expect(r.ok ? 'event' : r.error.kind).toBe(v.expect);
    }
  });
});
