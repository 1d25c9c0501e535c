// The data the alert rules are evaluated on: six hours of simulator data with every attack
// scenario (spread so that no two scenarios share a rule window), and the benign baseline of
// the same span (the simulator without scenarios), moved a day earlier so that one
// VictoriaLogs holds both and an evaluation at `t - BENIGN_SHIFT_MS` sees only benign lines.
import { buildCluster, simulate, toStreams, type SimEvent, type SimResult, type Stream } from '../../backend-stub/src';
import type { LogEntry } from '../logql/oracle';

export const SEED = 11;
export const PROFILE = 'nearform' as const;
export const FROM_MS = Date.UTC(2026, 2, 2, 0, 0, 0);
export const TO_MS = FROM_MS + 6 * 3_600_000;
export const BENIGN_SHIFT_MS = 24 * 3_600_000;
/** Grafana evaluates a few seconds after the attack's last line. */
export const EVAL_DELAY_MS = 5_000;

const NS_PER_MS = BigInt(1_000_000);

export interface AlertData {
  attack: SimResult;
  benign: SimResult;
  /** Attack streams and the shifted benign streams, as pushed to VictoriaLogs. */
  streams: Stream[];
  /** The same, as oracle entries: attack entries and benign entries kept apart. */
  attackEntries: LogEntry[];
  benignEntries: LogEntry[];
}

function shifted(events: SimEvent[], byMs: number): SimEvent[] {
  const byNs = BigInt(byMs) * NS_PER_MS;
  return events.map((e) => ({ ...e, at: { us: e.at.us + byMs * 1000, ns: String(BigInt(e.at.ns) + byNs) } }));
}

function entriesOf(streams: Stream[]): LogEntry[] {
  return streams.flatMap((s) => s.values.map(([ns, line]) => ({ labels: s.stream, ts: BigInt(ns), line })));
}

export function buildAlertData(): AlertData {
  const attack = simulate({ seed: SEED, from: FROM_MS, to: TO_MS, scenarios: 'all', profile: PROFILE });
  const benign = simulate({ seed: SEED, from: FROM_MS, to: TO_MS, profile: PROFILE });
  const moved = toStreams(shifted(benign.events, -BENIGN_SHIFT_MS), PROFILE, buildCluster(SEED)).streams;
  return { attack, benign, streams: [...attack.streams, ...moved], attackEntries: entriesOf(attack.streams), benignEntries: entriesOf(moved) };
}

/** Scenarios other than `own` with a line in (t − windowMs, t]: they would share the evaluation. */
export function othersInWindow(attack: SimResult, own: string, tMs: number, windowMs: number): string[] {
  return attack.manifest.scenarios
    .filter((s) => s.id !== own && s.lines.some((l) => {
      const ms = Number(BigInt(l.timestampNs) / NS_PER_MS);
      return ms > tMs - windowMs && ms <= tMs;
    }))
    .map((s) => s.id);
}
