/**
 * Decoding of the string literals LogQL, LogsQL and PromQL share: Go's double-quoted strings
 * (strconv.Unquote escape rules) and backtick raw strings. Loki lexes strings with Go's
 * text/scanner + strconv-style unquoting, so an unknown escape such as "\d" is an error there
 * too (https://grafana.com/docs/loki/latest/query/log_queries/ , intro on string quoting).
 */

/** The outcome of decoding one literal: its value, or why it is not a valid literal. */
export type UnquoteResult = { ok: true; value: string } | { ok: false; error: string };

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
  '"': 0x22,
};

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a Go string literal (`"..."` or `` `...` ``) the way Loki's lexer does. */
export function unquoteGoString(literal: string): UnquoteResult {
  if (literal.length >= 2 && literal.startsWith('`') && literal.endsWith('`')) {
    const body = literal.slice(1, -1);
    return body.includes('`') ? { ok: false, error: 'backtick inside raw string' } : { ok: true, value: body };
  }
  if (literal.length < 2 || !literal.startsWith('"') || !literal.endsWith('"')) {
    return { ok: false, error: 'not a quoted string' };
  }
  // \x and octal escapes produce bytes, so decode to bytes and validate UTF-8 at the end.
  const bytes: number[] = [];
  const body = literal.slice(1, -1);
  for (let i = 0; i < body.length;) {
    const ch = body[i];
    if (ch === '"' || ch === '\n') {
      return { ok: false, error: `unescaped ${ch === '"' ? 'quote' : 'newline'} at offset ${i + 1}` };
    }
    if (ch !== '\\') {
      const cp = body.codePointAt(i)!;
      const text = String.fromCodePoint(cp);
      if (cp >= 0xd800 && cp <= 0xdfff) {
        return { ok: false, error: `lone surrogate at offset ${i + 1}` };
      }
      bytes.push(...utf8.encode(text));
      i += text.length;
      continue;
    }
    const esc = body[i + 1];
    if (esc === undefined) {
      return { ok: false, error: 'string ends inside an escape' };
    }
    if (esc in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[esc]);
      i += 2;
      continue;
    }
    const hexLen = esc === 'x' ? 2 : esc === 'u' ? 4 : esc === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) {
        return { ok: false, error: `bad \\${esc} escape at offset ${i + 1}` };
      }
      const value = parseInt(hex, 16);
      if (esc === 'x') {
        bytes.push(value);
      } else if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
        return { ok: false, error: `escape \\${esc}${hex} is not a valid code point` };
      } else {
        bytes.push(...utf8.encode(String.fromCodePoint(value)));
      }
      i += 2 + hexLen;
      continue;
    }
    const octal = body.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(octal) && parseInt(octal, 8) <= 255) {
      bytes.push(parseInt(octal, 8));
      i += 4;
      continue;
    }
    return { ok: false, error: `unknown escape \\${esc} at offset ${i + 1}` };
  }
  try {
    return { ok: true, value: strictUtf8.decode(new Uint8Array(bytes)) };
  } catch {
    return { ok: false, error: 'string is not valid UTF-8' };
  }
}
