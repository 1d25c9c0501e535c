/**
 * Numeric comparisons (`gt`, `gte`, `lt`, `lte`) as anchored regexes over the value's decimal
 * text (`-?[0-9]+(\.[0-9]+)?`, leading zeros allowed). One regex serves the matcher, LogQL and
 * LogsQL, so they agree by construction and in any position of a condition: LogQL's numeric
 * label filters would instead mark an unparsable value as an error, which cannot be ORed.
 * Anything else (missing, empty, exponent notation, text) never satisfies a comparison.
 */
import { UnsupportedRuleError } from './types';

export type Cmp = '>' | '>=' | '<' | '<=';

const FRAC = '(?:\\.[0-9]+)?';
const NONZERO_FRAC = '\\.[0-9]*[1-9][0-9]*';
const ZERO_FRAC = '(?:\\.0+)?';

/** Canonical digit strings (no leading zeros) greater than n. */
function greater(n: string): string[] {
  const alts = [`[1-9][0-9]{${n.length},}`];
  for (let i = 0; i < n.length; i++) {
    const d = Number(n[i]);
    if (d < 9) {
      const rest = n.length - i - 1;
      alts.push(`${n.slice(0, i)}[${d + 1}-9]${rest > 0 ? `[0-9]{${rest}}` : ''}`);
    }
  }
  return alts;
}

/** Canonical digit strings (no leading zeros) less than n (n ≥ 1). */
function less(n: string): string[] {
  const alts = ['0'];
  if (n.length >= 2) {
    alts.push(`[1-9][0-9]{0,${n.length - 2}}`);
  }
  for (let i = 0; i < n.length; i++) {
    const lo = i === 0 ? 1 : 0;
    const d = Number(n[i]);
    if (d > lo) {
      const rest = n.length - i - 1;
      alts.push(`${n.slice(0, i)}[${lo}-${d - 1}]${rest > 0 ? `[0-9]{${rest}}` : ''}`);
    }
  }
  return alts;
}

const group = (alts: string[]) => `(?:${alts.join('|')})`;

/** The anchored regex body of "value cmp n" for an integer n ≥ 0. */
export function numberRegex(cmp: Cmp, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new UnsupportedRuleError(`numeric comparisons take a non-negative integer, not ${n}`);
  }
  const N = String(n);
  const eq = `0*${N}`;
  const gt = `0*${group(greater(N))}`;
  const negative = '-[0-9]+' + FRAC;
  const negZero = `-0+${ZERO_FRAC}`;
  switch (cmp) {
    case '>':
      return group([gt + FRAC, eq + NONZERO_FRAC]);
    case '>=':
      return group([gt + FRAC, eq + FRAC, ...(n === 0 ? [negZero] : [])]);
    case '<':
      if (n === 0) {
        return group([`-0*[1-9][0-9]*${FRAC}`, `-[0-9]+${NONZERO_FRAC}`]);
      }
      return group([negative, `0*${group(less(N))}${FRAC}`]);
    case '<=':
      return group([negative, ...(n > 0 ? [`0*${group(less(N))}${FRAC}`] : []), eq + ZERO_FRAC]);
  }
}

/** "not (value cmp n)" for a value that is a number: the opposite comparison. */
export const FLIP: Record<Cmp, Cmp> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>' };
