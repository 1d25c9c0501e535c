// A JSON reader that keeps each value's raw text: Loki's json parser keeps numbers as written
// (`1.50` stays `1.50`) and returns objects/arrays selected by `| json l="path"` as the raw JSON
// text of the line (docs/dev/logql.md#json, [LQ "JSON"]). JSON.parse loses both, hence this reader.

/** A JSON value with its raw text. */
export type JsonNode =
  | { kind: 'object'; raw: string; entries: Array<[string, JsonNode]> }
  | { kind: 'array'; raw: string; items: JsonNode[] }
  | { kind: 'string'; raw: string; value: string }
  | { kind: 'number' | 'bool' | 'null'; raw: string };

/** Raised with a message when the text is not valid JSON. */
export class JsonSyntaxError extends Error {}

class Reader {
  pos = 0;
  /** Entries of the outermost object read so far, kept when a later part fails. */
  topEntries: Array<[string, JsonNode]> = [];
  private depth = 0;
  constructor(readonly src: string) {}

  ws(): void {
    while (this.pos < this.src.length && ' \t\n\r'.includes(this.src[this.pos])) {
      this.pos++;
    }
  }

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at offset ${this.pos}`);
  }

  value(): JsonNode {
    this.ws();
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === '{') {
      return this.object(start);
    }
    if (c === '[') {
      this.pos++;
      const items: JsonNode[] = [];
      this.ws();
      if (this.src[this.pos] === ']') {
        this.pos++;
        return { kind: 'array', raw: this.src.slice(start, this.pos), items };
      }
      for (;;) {
        items.push(this.value());
        this.ws();
        const sep = this.src[this.pos++];
        if (sep === ']') {
          return { kind: 'array', raw: this.src.slice(start, this.pos), items };
        }
        if (sep !== ',') {
          this.fail("expected ',' or ']'");
        }
      }
    }
    if (c === '"') {
      const value = this.string();
      return { kind: 'string', raw: this.src.slice(start, this.pos), value };
    }
    const lit = this.src.slice(this.pos).match(/^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/);
    if (!lit) {
      this.fail('unexpected character');
    }
    this.pos += lit[0].length;
    const kind = lit[0] === 'null' ? 'null' : lit[0] === 'true' || lit[0] === 'false' ? 'bool' : 'number';
    return { kind, raw: lit[0] };
  }

  object(start: number): JsonNode {
    this.pos++;
    const entries: Array<[string, JsonNode]> = [];
    if (this.depth++ === 0) {
      this.topEntries = entries;
    }
    this.ws();
    if (this.src[this.pos] === '}') {
      this.pos++;
      this.depth--;
      return { kind: 'object', raw: this.src.slice(start, this.pos), entries };
    }
    for (;;) {
      this.ws();
      if (this.src[this.pos] !== '"') {
        this.fail('expected a key');
      }
      const key = this.string();
      this.ws();
      if (this.src[this.pos++] !== ':') {
        this.fail("expected ':'");
      }
      entries.push([key, this.value()]);
      this.ws();
      const sep = this.src[this.pos++];
      if (sep === '}') {
        this.depth--;
        return { kind: 'object', raw: this.src.slice(start, this.pos), entries };
      }
      if (sep !== ',') {
        this.fail("expected ',' or '}'");
      }
    }
  }

  string(): string {
    const m = this.src.slice(this.pos).match(/^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/);
    if (!m) {
      this.fail('invalid string');
    }
    this.pos += m[0].length;
    return JSON.parse(m[0]) as string;
  }
}

/**
 * Reads one JSON value from the start of `text` (after whitespace). Bytes after it are
 * ignored, as Loki's json parser ignores them (docs/dev/logql.md#json: `{"a":1}x` parses).
 */
export function readJson(text: string): JsonNode {
  return new Reader(text).value();
}

/**
 * Reads a JSON object line for the parameterless json parser. On a syntax error it still
 * returns the complete top-level entries read before it: Loki keeps labels extracted before
 * the failure (docs/dev/logql.md#json).
 */
export function readJsonObject(text: string): { entries: Array<[string, JsonNode]>; error?: string } {
  const reader = new Reader(text);
  reader.ws();
  if (text[reader.pos] !== '{') {
    return { entries: [], error: 'expecting a JSON object' };
  }
  try {
    const node = reader.value();
    return { entries: node.kind === 'object' ? node.entries : [] };
  } catch (err) {
    return { entries: reader.topEntries, error: (err as Error).message };
  }
}

/** One step of a `| json` parameter path. */
export type PathStep = string | number;

/**
 * Parses a json parameter expression: `a.b`, `a["b"]`, `["k.x"]`, `list[0]`, any mix
 * ([LQ "JSON" mode 2]). Returns undefined for an invalid expression.
 */
export function parseJsonPath(expr: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  let rest = expr;
  let first = true;
  while (rest.length > 0) {
    const field = rest.match(first ? /^([A-Za-z_][A-Za-z0-9_]*)/ : /^\.([A-Za-z_][A-Za-z0-9_]*)/);
    const index = rest.match(/^\[(\d+)\]/);
    const quoted = rest.match(/^\["((?:[^"\\]|\\.)*)"\]/);
    if (field) {
      steps.push(field[1]);
      rest = rest.slice(field[0].length);
    } else if (index) {
      steps.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else if (quoted) {
      steps.push(JSON.parse(`"${quoted[1]}"`) as string);
      rest = rest.slice(quoted[0].length);
    } else {
      return undefined;
    }
    first = false;
  }
  return steps.length > 0 ? steps : undefined;
}

/** Follows a path; duplicate keys resolve to the first occurrence (docs/dev/logql.md#json). */
export function selectPath(node: JsonNode, path: PathStep[]): JsonNode | undefined {
  let cur: JsonNode | undefined = node;
  for (const step of path) {
    if (cur?.kind === 'object' && typeof step === 'string') {
      cur = cur.entries.find(([k]) => k === step)?.[1];
    } else if (cur?.kind === 'array' && typeof step === 'number') {
      cur = cur.items[step];
    } else {
      return undefined;
    }
  }
  return cur;
}
