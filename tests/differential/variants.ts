// Foreign-encoding variants of JSON events, as other producers write them: optional fields
// left out, keys in another order, needless JSON escapes (`\u0065`, `\/`) and other
// percent-encodings of the exec command in `requestURI` (`%2f` for Go's `%2F`).
import fc from 'fast-check';

type Obj = Record<string, unknown>;

/** Keys an audit event keeps so it is still recognisably one (the parser's test). */
const AUDIT_KEEP = ['verb', 'requestURI'];
/** Keys a Falco event keeps (the parser requires them). */
const FALCO_KEEP = ['rule', 'priority', 'output'];

/** One way to rewrite a JSON event line. */
export interface Mutation {
  /** Indexes (mod key count) of top-level keys to drop, except the kept ones. */
  drop: number[];
  /** Rotation and swap of top-level key order. */
  order: [number, number];
  /** Positions (mod string-character count) of letters written as `\u00XX`. */
  escapes: number[];
  /** One string (by index, mod their count) whose every letter is escaped, or none. */
  wholeString?: number;
  slashes: boolean;
  /** Lower-case the hex digits of percent-escapes in requestURI. */
  lowerHex: boolean;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  drop: fc.array(fc.nat(40), { maxLength: 8 }),
  order: fc.tuple(fc.nat(40), fc.nat(40)),
  escapes: fc.array(fc.nat(2000), { maxLength: 6 }),
  wholeString: fc.option(fc.nat(200), { nil: undefined }),
  slashes: fc.boolean(),
  lowerHex: fc.boolean(),
});

/** JSON text with some string characters escaped as `\u00XX` and `/` as `\/` (both are valid JSON for the same value). */
function escapeSome(json: string, positions: number[], whole: number | undefined, slashes: boolean): string {
  const spots = new Set<number>();
  let inString = false;
  let strings = 0;
  const letterAt: number[] = [];
  const stringOf: number[] = [];
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '\\' && inString) {
      i++;
      continue;
    }
    if (c === '"') {
      inString = !inString;
      strings += inString ? 1 : 0;
    } else if (inString && /[A-Za-z]/.test(c)) {
      letterAt.push(i);
      stringOf.push(strings);
    }
  }
  for (const p of positions) {
    if (letterAt.length > 0) {
      spots.add(letterAt[p % letterAt.length]);
    }
  }
  if (whole !== undefined && strings > 0) {
    letterAt.forEach((at, k) => stringOf[k] === (whole % strings) + 1 && spots.add(at));
  }
  let out = '';
  inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '\\' && inString) {
      out += json.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '"') {
      inString = !inString;
    }
    if (spots.has(i)) {
      out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    } else if (slashes && inString && c === '/') {
      out += '\\/';
    } else {
      out += c;
    }
  }
  return out;
}

/** Applies a mutation to one JSON event line; undefined when the line is not a JSON object. */
export function mutate(line: string, source: 'audit' | 'falco', m: Mutation): string | undefined {
  let ev: Obj;
  try {
    ev = JSON.parse(line);
  } catch {
    return undefined;
  }
  const keep = source === 'audit' ? AUDIT_KEEP : FALCO_KEEP;
  let keys = Object.keys(ev);
  const optional = keys.filter((k) => !keep.includes(k));
  const dropped = new Set(m.drop.map((i) => optional[i % Math.max(1, optional.length)]));
  keys = keys.filter((k) => !dropped.has(k));
  const r = m.order[0] % keys.length;
  keys = [...keys.slice(r), ...keys.slice(0, r)];
  const s = m.order[1] % keys.length;
  [keys[0], keys[s]] = [keys[s], keys[0]];
  const out: Obj = {};
  for (const k of keys) {
    out[k] = ev[k];
  }
  if (m.lowerHex && typeof out.requestURI === 'string') {
    out.requestURI = out.requestURI.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  }
  return escapeSome(JSON.stringify(out), m.escapes, m.wholeString, m.slashes);
}
