/**
 * A small seeded PRNG (mulberry32) and the helpers the generators need. The simulator never
 * uses Math.random: the same seed must give byte-identical output on every machine.
 */

/** Hashes a string into a 32-bit seed (FNV-1a), so each generator gets its own stream. */
export function hashSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent generator for a named purpose: adding one never shifts another's output. */
  static forPurpose(seed: number, purpose: string): Rng {
    return new Rng(hashSeed(seed, purpose));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: entries are [item, weight]. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) {
      total += w;
    }
    let r = this.next() * total;
    for (const [item, w] of entries) {
      r -= w;
      if (r < 0) {
        return item;
      }
    }
    return entries[entries.length - 1][0];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Lower-case hex string of n characters. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) {
      s += '0123456789abcdef'[Math.floor(this.next() * 16)];
    }
    return s;
  }

  /** String of n characters from the alphabet. */
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) {
      s += alphabet[Math.floor(this.next() * alphabet.length)];
    }
    return s;
  }

  /** A random UUID-shaped string (version 4 layout). */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
