/**
 * A checker for Grafana Alloy's configuration syntax, written from its documentation:
 * blocks (`name.part "label" { … }`), attributes (`name = expr`, one per line), expressions
 * (literals, arrays, objects, references, calls, operators). It also resolves component
 * references (`loki.write.default.receiver`) against the declared components. Not a full
 * Alloy: it knows no component's arguments.
 */

export interface AlloyProblem {
  line: number;
  message: string;
}

type Tok = { t: 'ident' | 'string' | 'number' | 'punct' | 'nl' | 'eof'; v: string; line: number };

const PUNCT = ['==', '!=', '<=', '>=', '&&', '||', '{', '}', '[', ']', '(', ')', ',', '=', '.', '+', '-', '*', '/', '%', '^', '<', '>', '!', ':'];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      out.push({ t: 'nl', v: '\n', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') {
        i++;
      }
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) {
        throw new AlloySyntaxError(line, 'unterminated block comment');
      }
      line += src.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') {
          throw new AlloySyntaxError(line, 'newline in string');
        }
        j += src[j] === '\\' ? 2 : 1;
      }
      if (j >= src.length) {
        throw new AlloySyntaxError(line, 'unterminated string');
      }
      out.push({ t: 'string', v: src.slice(i, j + 1), line });
      i = j + 1;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) {
        throw new AlloySyntaxError(line, 'unterminated raw string');
      }
      out.push({ t: 'string', v: src.slice(i, end + 1), line });
      line += src.slice(i, end).split('\n').length - 1;
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'ident', v: m[0], line });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'number', v: m[0], line });
      i += m[0].length;
    } else {
      const p = PUNCT.find((x) => src.startsWith(x, i));
      if (!p) {
        throw new AlloySyntaxError(line, `unexpected character ${JSON.stringify(c)}`);
      }
      out.push({ t: 'punct', v: p, line });
      i += p.length;
    }
  }
  out.push({ t: 'eof', v: '', line });
  return out;
}

class AlloySyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string
  ) {
    super(message);
  }
}

const BINARY = new Set(['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '^', '<', '>']);

class Parser {
  private i = 0;
  readonly blocks: string[] = [];
  readonly references: Array<{ path: string[]; line: number }> = [];
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.i];
  }
  private next(): Tok {
    return this.toks[this.i++];
  }
  private fail(msg: string): never {
    const t = this.peek();
    throw new AlloySyntaxError(t.line, `${msg}, found ${t.t === 'nl' ? 'newline' : t.t === 'eof' ? 'end of file' : JSON.stringify(t.v)}`);
  }
  private expect(v: string): void {
    if (this.peek().v !== v || this.peek().t === 'string') {
      this.fail(`expected ${JSON.stringify(v)}`);
    }
    this.next();
  }
  private skipNl(): void {
    while (this.peek().t === 'nl') {
      this.next();
    }
  }

  /** body := { statement NEWLINE }, up to `}` or the end. */
  body(end: 'eof' | '}'): void {
    this.skipNl();
    while (!(end === 'eof' ? this.peek().t === 'eof' : this.peek().v === '}' && this.peek().t === 'punct')) {
      this.statement();
      if (this.peek().t === 'nl') {
        this.skipNl();
      } else if (!(end === '}' && this.peek().v === '}') && this.peek().t !== 'eof') {
        this.fail('expected a newline after the statement');
      }
    }
  }

  private statement(): void {
    if (this.peek().t !== 'ident') {
      this.fail('expected an attribute or block name');
    }
    const name = [this.next().v];
    while (this.peek().v === '.') {
      this.next();
      if (this.peek().t !== 'ident') {
        this.fail('expected a name part after "."');
      }
      name.push(this.next().v);
    }
    if (this.peek().v === '=' && this.peek().t === 'punct') {
      if (name.length > 1) {
        this.fail(`attribute name ${name.join('.')} cannot contain "."`);
      }
      this.next();
      this.expr();
      return;
    }
    let label = '';
    if (this.peek().t === 'string') {
      label = JSON.parse(this.next().v.replace(/^`|`$/g, '"')) as string;
    }
    this.expect('{');
    this.blocks.push(label ? `${name.join('.')}.${label}` : name.join('.'));
    this.body('}');
    this.expect('}');
  }

  private expr(): void {
    this.unary();
    while (this.peek().t === 'punct' && BINARY.has(this.peek().v)) {
      this.next();
      this.unary();
    }
  }

  private unary(): void {
    if (this.peek().v === '!' || this.peek().v === '-') {
      this.next();
    }
    this.primary();
  }

  private primary(): void {
    const t = this.peek();
    if (t.t === 'string' || t.t === 'number') {
      this.next();
    } else if (t.t === 'ident') {
      const line = t.line;
      const path = [this.next().v];
      for (;;) {
        if (this.peek().v === '.') {
          this.next();
          if (this.peek().t !== 'ident') {
            this.fail('expected a name after "."');
          }
          path.push(this.next().v);
        } else if (this.peek().v === '[') {
          this.next();
          this.expr();
          this.expect(']');
        } else if (this.peek().v === '(') {
          this.list('(', ')', () => this.expr());
          path.length = 0;
        } else {
          break;
        }
      }
      if (path.length > 1) {
        this.references.push({ path, line });
      }
    } else if (t.v === '[') {
      this.list('[', ']', () => this.expr());
    } else if (t.v === '{') {
      this.list('{', '}', () => {
        const key = this.next();
        if (key.t !== 'ident' && key.t !== 'string') {
          this.i--;
          this.fail('expected an object key');
        }
        this.expect('=');
        this.expr();
      });
    } else if (t.v === '(') {
      this.next();
      this.expr();
      this.expect(')');
    } else {
      this.fail('expected an expression');
    }
  }

  /** open item {, item} [,] close — newlines allowed anywhere inside. */
  private list(open: string, close: string, item: () => void): void {
    this.expect(open);
    this.skipNl();
    while (this.peek().v !== close) {
      item();
      this.skipNl();
      if (this.peek().v === ',') {
        this.next();
        this.skipNl();
      } else if (this.peek().v !== close) {
        this.fail(`expected "," or ${JSON.stringify(close)}`);
      }
    }
    this.next();
  }
}

// Namespaces of components, whose references must resolve to a declared component.
const COMPONENT_NAMESPACES = new Set(['loki', 'discovery', 'local', 'prometheus', 'otelcol', 'remote', 'pyroscope', 'faro']);

/** Problems in an Alloy configuration; empty when it parses and its references resolve. */
export function checkAlloy(src: string): AlloyProblem[] {
  let parser: Parser;
  try {
    parser = new Parser(tokenize(src));
    parser.body('eof');
  } catch (e) {
    if (e instanceof AlloySyntaxError) {
      return [{ line: e.line, message: e.message }];
    }
    throw e;
  }
  const declared = new Set(parser.blocks);
  const problems: AlloyProblem[] = [];
  for (const ref of parser.references) {
    if (!COMPONENT_NAMESPACES.has(ref.path[0])) {
      continue;
    }
    const resolved = ref.path.some((_, n) => n >= 2 && n < ref.path.length && declared.has(ref.path.slice(0, n + 1).join('.')));
    if (!resolved) {
      problems.push({ line: ref.line, message: `${ref.path.join('.')} names no component declared in this file` });
    }
  }
  return problems;
}
