/**
 * What a regular expression (the RE2 subset rules may use) says about the text it matches:
 * a set of literals one of which every match contains, and the shortest match length. The
 * pre-filters are built from this, so it must never claim more than the regex guarantees:
 * anything it does not understand yields "no literal" (a weaker filter, never a wrong one).
 */

/** Facts about one regex node. `exact`: every string it can match, when few and known. */
interface Info {
  exact: string[] | null;
  /** Literals one of which every match contains; null when unknown. Never contains "". */
  factors: string[] | null;
  minLen: number;
}

const MAX_SET = 64;
const META = new Set([...'.^$*+?()[]{}|\\']);

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** A set is useful as a filter when it is small and none of its strings is empty. */
function usable(set: string[] | null): set is string[] {
  return set !== null && set.length > 0 && set.length <= MAX_SET && set.every((s) => s.length > 0);
}

/** The more selective of two literal sets: longer shortest literal, then fewer alternatives. */
export function betterSet(a: string[] | null, b: string[] | null): string[] | null {
  if (!usable(a)) {
    return usable(b) ? b : null;
  }
  if (!usable(b)) {
    return a;
  }
  const la = Math.min(...a.map((s) => s.length));
  const lb = Math.min(...b.map((s) => s.length));
  return la !== lb ? (la > lb ? a : b) : a.length <= b.length ? a : b;
}

function best(info: Info): string[] | null {
  return betterSet(info.exact, info.factors);
}

const ANY: Info = { exact: null, factors: null, minLen: 1 };
const EMPTY: Info = { exact: [''], factors: null, minLen: 0 };

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Info {
    const info = this.alternation();
    if (this.i < this.s.length) {
      throw new Error(`unexpected ${this.s[this.i]}`);
    }
    return info;
  }

  private alternation(): Info {
    const alts = [this.concat()];
    while (this.s[this.i] === '|') {
      this.i++;
      alts.push(this.concat());
    }
    if (alts.length === 1) {
      return alts[0];
    }
    const exact = alts.every((a) => a.exact) ? uniq(alts.flatMap((a) => a.exact!)) : null;
    const sets = alts.map(best);
    const factors = sets.every(usable) ? uniq(sets.flat()) : null;
    return { exact: exact && exact.length <= MAX_SET ? exact : null, factors: usable(factors) ? factors : null, minLen: Math.min(...alts.map((a) => a.minLen)) };
  }

  private concat(): Info {
    let cur: string[] | null = [''];
    let allExact = true;
    let factors: string[] | null = null;
    let minLen = 0;
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const part = this.quantified();
      minLen += part.minLen;
      if (cur && part.exact && cur.length * part.exact.length <= MAX_SET) {
        cur = uniq(cur.flatMap((a) => part.exact!.map((b) => a + b)));
        continue;
      }
      // The run of exact parts ends here: it is one candidate, the part's own literals another.
      factors = betterSet(betterSet(factors, cur), best(part));
      allExact = false;
      cur = part.exact && part.exact.length <= MAX_SET ? part.exact : null;
      if (!cur) {
        cur = [''];
      }
    }
    factors = betterSet(factors, cur);
    return { exact: allExact ? cur : null, factors, minLen };
  }

  private quantified(): Info {
    const atom = this.atom();
    const c = this.s[this.i];
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(this.s.slice(this.i))) {
      const m = this.s.slice(this.i).match(/^\{(\d+)(,(\d*))?\}/)!;
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else {
      return atom;
    }
    if (this.s[this.i] === '?') {
      this.i++; // lazy: same set of matches
    }
    if (min === 0) {
      const exact = max === 1 && atom.exact ? uniq(['', ...atom.exact]) : null;
      return { exact, factors: null, minLen: 0 };
    }
    const exact = min === 1 && max === 1 ? atom.exact : null;
    return { exact, factors: best(atom), minLen: atom.minLen * min };
  }

  private atom(): Info {
    const c = this.s[this.i++];
    if (c === '(') {
      if (this.s[this.i] === '?') {
        const m = this.s.slice(this.i).match(/^\?(:|P<[A-Za-z_][A-Za-z0-9_]*>|<[A-Za-z_][A-Za-z0-9_]*>)/);
        if (!m) {
          throw new Error('unsupported group');
        }
        this.i += m[0].length;
      }
      const inner = this.alternation();
      if (this.s[this.i++] !== ')') {
        throw new Error('unbalanced group');
      }
      return inner;
    }
    if (c === '[') {
      // Skip the class: `]` first (or after `^`) is literal, escapes are single characters.
      if (this.s[this.i] === '^') {
        this.i++;
      }
      if (this.s[this.i] === ']') {
        this.i++;
      }
      while (this.i < this.s.length && this.s[this.i] !== ']') {
        this.i += this.s[this.i] === '\\' ? 2 : 1;
      }
      this.i++;
      return ANY;
    }
    if (c === '^' || c === '$') {
      return EMPTY;
    }
    if (c === '.') {
      return ANY;
    }
    if (c === '\\') {
      const e = this.s[this.i++];
      if (e === 'b' || e === 'B') {
        return EMPTY;
      }
      if (/[A-Za-z0-9]/.test(e)) {
        return e === 'n' || e === 't' || e === 'r' ? { exact: [e === 'n' ? '\n' : e === 't' ? '\t' : '\r'], factors: null, minLen: 1 } : ANY;
      }
      return { exact: [e], factors: null, minLen: 1 };
    }
    if (c === undefined || META.has(c)) {
      throw new Error(`unexpected ${c}`);
    }
    return { exact: [c], factors: null, minLen: 1 };
  }
}

/**
 * Literals one of which every match of the regex contains (undefined when none is known),
 * and the length of the shortest match. With the `i` flag the literals hold case-insensitively.
 */
export function regexFacts(source: string): { literals?: string[]; minLen: number } {
  try {
    const info = new Parser(source).parse();
    const set = best(info);
    return { ...(set ? { literals: set } : {}), minLen: info.minLen };
  } catch {
    return { minLen: 0 };
  }
}
