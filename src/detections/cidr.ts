/**
 * Sigma `cidr` for IPv4 and IPv6 as one anchored regex over the address text. The matcher,
 * LogQL and LogsQL all test that same regex, so they agree by construction on every spelling:
 * IPv4 as dotted quads without leading zeros; IPv6 in any RFC 4291 text form (hex digits in
 * either case, leading zeros present or not, `::` wherever it is valid) except an embedded
 * IPv4 tail or a zone (`%eth0`), which never match.
 */
import { UnsupportedRuleError } from './types';

export type Cidr = { v: 4; base: number; bits: number } | { v: 6; groups: number[]; bits: number };

function parseV4(text: string): number | undefined {
  const m = text.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  if (!m || octets.some((o) => o > 255)) {
    return undefined;
  }
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

/** Eight 16-bit groups of an IPv6 address in hex text (no IPv4 tail, no zone), or undefined. */
export function parseV6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2 || !/^[0-9A-Fa-f:]+$/.test(text)) {
    return undefined;
  }
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const all = [...head, ...tail];
  if (all.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g)) || (halves.length === 1 ? all.length !== 8 : all.length > 7)) {
    return undefined;
  }
  const zeros = 8 - all.length;
  return [...head, ...Array<string>(halves.length === 2 ? zeros : 0).fill('0'), ...tail].map((g) => parseInt(g, 16));
}

/** Parses an IPv4 or IPv6 CIDR (`a.b.c.d/n`, `2001:db8::/32`), or throws an UnsupportedRuleError. */
export function parseCidr(text: string, path = ''): Cidr {
  const [addr, len, extra] = text.split('/');
  const bits = len !== undefined && /^\d{1,3}$/.test(len) ? Number(len) : -1;
  const v4 = extra === undefined ? parseV4(addr) : undefined;
  if (v4 !== undefined && bits >= 0 && bits <= 32) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return { v: 4, base: (v4 & mask) >>> 0, bits };
  }
  const v6 = extra === undefined ? parseV6(addr) : undefined;
  if (v6 !== undefined && bits >= 0 && bits <= 128) {
    return { v: 6, groups: v6.map((g, i) => g & groupMask(bits, i)), bits };
  }
  throw new UnsupportedRuleError(`cidr ${JSON.stringify(text)}: write an IPv4 (a.b.c.d/n) or IPv6 (x:x::x/n) network`, path);
}

/** The mask of the prefix's bits within 16-bit group i. */
function groupMask(bits: number, i: number): number {
  const fixed = Math.min(16, Math.max(0, bits - 16 * i));
  return fixed === 0 ? 0 : (0xffff << (16 - fixed)) & 0xffff;
}

/** Regex matching the decimal numbers lo..hi (0 ≤ lo ≤ hi ≤ 255) without leading zeros. */
function octetRange(lo: number, hi: number): string {
  const alts: string[] = [];
  for (let n = lo; n <= hi; n++) {
    alts.push(String(n));
  }
  return alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
}

function v4Regex(c: { base: number; bits: number }): string {
  const parts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const octet = (c.base >>> (24 - 8 * i)) & 0xff;
    const fixedBits = Math.min(8, Math.max(0, c.bits - 8 * i));
    const span = 2 ** (8 - fixedBits);
    parts.push(fixedBits === 8 ? String(octet) : octetRange(octet, octet + span - 1));
  }
  return parts.join('\\.');
}

/** A character class for the hex digits lo..hi (either case). */
function hexClass(lo: number, hi: number): string {
  const digits: string[] = [];
  for (let d = lo; d <= hi; d++) {
    const h = d.toString(16);
    digits.push(h, ...(d >= 10 ? [h.toUpperCase()] : []));
  }
  return digits.length === 1 ? digits[0] : `[${digits.join('')}]`;
}

/** The texts (1–4 hex digits, leading zeros optional) of a group whose top bits equal `value` under `mask`. */
function groupRegex(value: number, mask: number): string {
  if (mask === 0) {
    return '[0-9A-Fa-f]{1,4}';
  }
  const nibbles = [12, 8, 4, 0].map((shift) => {
    const m = (mask >> shift) & 0xf;
    const v = (value >> shift) & 0xf;
    const free = ~m & 0xf; // the free bits are low bits: an aligned range v..v+free
    return { lo: v, hi: v + free };
  });
  const alts: string[] = [];
  for (let len = 1; len <= 4; len++) {
    const dropped = nibbles.slice(0, 4 - len);
    if (dropped.every((n) => n.lo === 0)) {
      alts.push(nibbles.slice(4 - len).map((n) => hexClass(n.lo, n.hi)).join(''));
    }
  }
  return alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
}

function v6Regex(c: { groups: number[]; bits: number }): string {
  const g = c.groups.map((v, i) => ({ re: groupRegex(v, groupMask(c.bits, i)), zeroOk: v === 0 }));
  const alts = [g.map((x) => x.re).join(':')];
  // `::` stands for groups i..j-1 (at least one), all of which must be allowed to be zero.
  for (let i = 0; i < 8; i++) {
    for (let j = i + 1; j <= 8; j++) {
      if (g.slice(i, j).every((x) => x.zeroOk)) {
        alts.push(`${g.slice(0, i).map((x) => x.re).join(':')}::${g.slice(j).map((x) => x.re).join(':')}`);
      }
    }
  }
  return `(?:${alts.join('|')})`;
}

/** An anchored regex body matching exactly the addresses of the CIDR, as described above. */
export function cidrRegex(c: Cidr): string {
  return c.v === 4 ? v4Regex(c) : v6Regex(c);
}
