/**
 * The raw text of a value at a path in a JSON line, as Loki's `| json l="path"` returns
 * objects and arrays: exactly as written (whitespace and escapes kept). The matcher reads list
 * fields through it so that element tests see what the queries see.
 */

const WS = new Set([' ', '\t', '\n', '\r']);

class Scanner {
  pos = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (WS.has(this.s[this.pos])) {
      this.pos++;
    }
  }

  /** Skips a string starting at pos (a quote); returns its raw text with quotes. */
  string(): string {
    const start = this.pos++;
    while (this.pos < this.s.length && this.s[this.pos] !== '"') {
      this.pos += this.s[this.pos] === '\\' ? 2 : 1;
    }
    this.pos++;
    return this.s.slice(start, this.pos);
  }

  /** Skips any value; returns its raw text. */
  value(): string {
    this.ws();
    const start = this.pos;
    const c = this.s[this.pos];
    if (c === '"') {
      return this.string();
    }
    if (c === '{' || c === '[') {
      let depth = 0;
      while (this.pos < this.s.length) {
        const ch = this.s[this.pos];
        if (ch === '"') {
          this.string();
          continue;
        }
        this.pos++;
        if (ch === '{' || ch === '[') {
          depth++;
        } else if ((ch === '}' || ch === ']') && --depth === 0) {
          break;
        }
      }
      return this.s.slice(start, this.pos);
    }
    while (this.pos < this.s.length && !',}] \t\n\r'.includes(this.s[this.pos])) {
      this.pos++;
    }
    return this.s.slice(start, this.pos);
  }
}

function decodeKey(raw: string): string | undefined {
  if (!raw.includes('\\')) {
    return raw.slice(1, -1);
  }
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined;
  }
}

/** The raw text at `segments` (object keys), or undefined when absent or the line is not an object there. */
export function rawJsonAt(line: string, segments: string[]): string | undefined {
  const sc = new Scanner(line);
  for (const seg of segments) {
    sc.ws();
    if (sc.s[sc.pos] !== '{') {
      return undefined;
    }
    sc.pos++;
    let found = false;
    while (sc.pos < sc.s.length) {
      sc.ws();
      if (sc.s[sc.pos] !== '"') {
        return undefined;
      }
      const key = decodeKey(sc.string());
      sc.ws();
      sc.pos++; // ':'
      if (key === seg) {
        found = true;
        break;
      }
      sc.value();
      sc.ws();
      if (sc.s[sc.pos] !== ',') {
        return undefined;
      }
      sc.pos++;
    }
    if (!found) {
      return undefined;
    }
  }
  return sc.value();
}
