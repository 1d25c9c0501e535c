/**
 * Ranking of candidate streams: the label convention's prior weight, confirmed (or refuted)
 * by how many sampled lines the source's parser accepts. Pure, so it is unit-tested alone.
 */
import type { SourceId } from '../types';
import type { StreamQuery } from './probe';

/** A candidate stream of one source, before and after sampling. */
export interface Candidate {
  source: SourceId;
  query: StreamQuery;
  weight: number;
  why: string;
  /** Lines sampled and how many the parser accepted (undefined: not sampled). */
  sampled?: number;
  parsed?: number;
}

export interface RankedCandidate extends Candidate {
  /** 0–1: weight × evidence from the sample. */
  score: number;
  /** The sample confirms the source (at least half the lines parse). */
  confirmed: boolean;
}

/** Share of sampled lines that must parse for a candidate to count as confirmed. */
export const CONFIRM_RATIO = 0.5;

/**
 * Scores one candidate. An unsampled or empty stream keeps a third of its prior (it may be
 * quiet right now); a sampled one scales with the parsed share, so a stream of the wrong
 * format falls to zero however well its labels look.
 */
export function score(c: Candidate): RankedCandidate {
  if (!c.sampled) {
    return { ...c, score: c.weight / 3, confirmed: false };
  }
  const ratio = (c.parsed ?? 0) / c.sampled;
  return { ...c, score: c.weight * ratio, confirmed: ratio >= CONFIRM_RATIO };
}

function key(q: StreamQuery): string {
  return JSON.stringify([q.matchers.map((m) => [m.label, m.op, m.value]).sort(), q.contains ?? '']);
}

/** Ranks candidates best first, merging duplicates (same query found by two rules). */
export function rank(candidates: Candidate[]): RankedCandidate[] {
  const best = new Map<string, RankedCandidate>();
  for (const c of candidates.map(score)) {
    const k = key(c.query);
    const seen = best.get(k);
    if (!seen || c.score > seen.score) {
      best.set(k, c);
    }
  }
  return [...best.values()].sort(
    (a, b) => b.score - a.score || b.weight - a.weight || key(a.query).localeCompare(key(b.query))
  );
}
