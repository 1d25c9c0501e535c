/**
 * The `KEY=value` / bare-flag part of a netfilter line, read in one left-to-right pass of
 * char codes. Keys are recognised by a rolling hash checked with `startsWith` (no slice, no
 * Map of strings), and numeric values are summed while scanning, so the only strings made
 * are the values that stay strings and the flags.
 */
import type { FieldValue } from '../types';

const NUMERIC = new Set([
  'len',
  'ttl',
  'id',
  'spt',
  'dpt',
  'window',
  'urgp',
  'uid',
  'gid',
  'type',
  'code',
  'seq',
  'mtu',
]);

/** Keys that mean something else after PROTO=ICMP (`ID=`/`SEQ=` of an echo). */
const ICMP_KEYS: Record<string, string> = {
  type: 'icmp.type',
  code: 'icmp.code',
  id: 'icmp.id',
  seq: 'icmp.seq',
  mtu: 'icmp.mtu',
};

interface Key {
  raw: string;
  /** Lower-cased field name. */
  name: string;
  numeric: boolean;
  /** Slot in KEY_TABLE, or -1 when the key is not cached. */
  slot: number;
}

// Keys by hash in a small open table learnt from the lines (the same dozen keys repeat on
// every line); a colliding key is simply not cached. Bounded, so hostile input cannot grow it.
const TABLE_SIZE = 256;
const KEY_TABLE: Array<Key | undefined> = new Array(TABLE_SIZE).fill(undefined);

// Which cached keys this line has set already, by slot: a generation stamp per slot is
// cheaper than asking the fields object (a property miss on a growing object).
const SEEN = new Int32Array(TABLE_SIZE);
let generation = 0;

function keyAt(body: string, start: number, eq: number, hash: number): Key {
  const slot = hash & (TABLE_SIZE - 1);
  const known = KEY_TABLE[slot];
  if (known !== undefined && known.raw.length === eq - start && body.startsWith(known.raw, start)) {
    return known;
  }
  const raw = body.slice(start, eq);
  const name = raw.toLowerCase();
  // Only plain lower-case names other than the parser's own `prefix` use the SEEN stamps.
  const cacheable = known === undefined && /^[a-z]{1,16}$/.test(name) && name !== 'prefix';
  const key = { raw, name, numeric: NUMERIC.has(name), slot: cacheable ? slot : -1 };
  if (cacheable) {
    KEY_TABLE[slot] = key;
  }
  return key;
}

const SPACE = 32;
const EQUALS = 61;
const OPEN = 91; // [
const CLOSE = 93; // ]
const PAREN = 40; // (

/**
 * Reads tokens of `body` from `from` into `fields` (lower-cased keys; numbers for numeric
 * keys) and bare flags into `flags`. The first value of a key wins. UDP's second LEN becomes
 * `udp.len`; ICMP's TYPE/CODE/ID/SEQ/MTU become `icmp.*`; keys inside the quoted packet of an
 * ICMP error (`[SRC=… ]`) go under `embedded.*`.
 */
export function readTokens(body: string, from: number, fields: Record<string, FieldValue>, flags: string[]): void {
  const n = body.length;
  generation = (generation + 1) | 0;
  let scope = '';
  let proto = '';
  let lenSeen = false;
  let embeddedLenSeen = false;
  let pos = from;
  while (pos < n) {
    let c = body.charCodeAt(pos);
    if (c === SPACE) {
      pos++; // doubled or trailing spaces
      continue;
    }
    let start = pos;
    if (c === OPEN) {
      scope = 'embedded.';
      proto = '';
      start++;
    }
    // Key part: up to `=` or the end of the token, hashing as we go.
    let hash = 0;
    let i = start;
    for (; i < n; i++) {
      c = body.charCodeAt(i);
      if (c === EQUALS || c === SPACE) {
        break;
      }
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    const eq = i < n && c === EQUALS ? i : -1;
    // Value part: to the end of the token, summing digits in case it is a number.
    let digits = 0;
    let number = 0;
    if (eq >= 0) {
      for (i = eq + 1; i < n; i++) {
        c = body.charCodeAt(i);
        if (c === SPACE) {
          break;
        }
        if (c >= 48 && c <= 57 && digits >= 0) {
          number = number * 10 + (c - 48);
          digits++;
        } else {
          digits = -1;
        }
      }
    }
    let end = i;
    pos = end + 1;
    let closes = false;
    if (end > start && scope !== '' && body.charCodeAt(end - 1) === CLOSE) {
      closes = true;
      end--;
      digits = -1; // the `]` was counted as a non-digit: let the slow path decide
    }
    if (eq < 0 || eq >= end) {
      // A bare flag (DF, SYN, ACK…); `OPT (…)` option dumps are not flags.
      if (end > start && scope === '' && body.charCodeAt(start) !== PAREN) {
        flags.push(body.slice(start, end));
      }
    } else {
      const key = keyAt(body, start, eq, hash);
      let name = key.name;
      let numeric = key.numeric;
      if (name === 'len') {
        if (scope === '' ? lenSeen : embeddedLenSeen) {
          // UDP repeats LEN: the second is the UDP length.
          const udp = proto === 'UDP' || proto === 'UDPLITE';
          name = udp ? 'udp.len' : 'len2';
          numeric = udp;
        }
        if (scope === '') {
          lenSeen = true;
        } else {
          embeddedLenSeen = true;
        }
      } else if (proto === 'ICMP' && ICMP_KEYS[name]) {
        name = ICMP_KEYS[name];
      }
      const field = scope === '' ? name : scope + name;
      if (name === 'proto') {
        proto = body.slice(eq + 1, end);
      }
      let fresh: boolean;
      if (field === key.name && key.slot >= 0) {
        fresh = SEEN[key.slot] !== generation;
        SEEN[key.slot] = generation;
      } else {
        fresh = fields[field] === undefined;
      }
      if (fresh) {
        if (numeric && digits > 0 && digits <= 10) {
          fields[field] = number;
        } else {
          const value = body.slice(eq + 1, end);
          fields[field] = numeric && isSmallInt(value) ? Number(value) : value;
        }
      }
    }
    if (closes) {
      scope = '';
      proto = String(fields.proto ?? '');
    }
  }
}

/** A decimal of 1–10 digits. */
function isSmallInt(text: string): boolean {
  return text.length > 0 && text.length <= 10 && /^\d+$/.test(text);
}
