/**
 * The simulator's entry point: baseline + scenarios → streams and the ground-truth manifest.
 */
import { baselineAudit } from './baseline/audit';
import { baselineCoredns } from './baseline/coredns';
import { baselineFalco } from './baseline/falco';
import { baselineNetfilter } from './baseline/netfilter';
import { buildCluster, Cluster } from './cluster';
import { labelKey, labelsFor, lineFor, PROFILES } from './profiles';
import { Rng } from './prng';
import { Scenario, selectScenarios } from './scenarios';
import type { Manifest, ManifestLine, ProfileId, SimEvent, SimOptions, SimResult, SourceId, Stream, Volume } from './types';

/** Default lines per hour per source; the busy preset multiplies by BUSY_FACTOR. */
export const DEFAULT_VOLUME: Volume = { audit: 2400, coredns: 1800, netfilter: 300, falco: 60 };
export const BUSY_FACTOR = 100;
/** Scenarios start this long after the range start, so windows have baseline before them. */
const LEAD_MS = 60_000;

export function resolveVolume(opts: Pick<SimOptions, 'preset' | 'volume'>): Volume {
  const f = opts.preset === 'busy' ? BUSY_FACTOR : 1;
  const base: Volume = { audit: DEFAULT_VOLUME.audit * f, coredns: DEFAULT_VOLUME.coredns * f, netfilter: DEFAULT_VOLUME.netfilter * f, falco: DEFAULT_VOLUME.falco * f };
  return { ...base, ...opts.volume };
}

function validate(opts: SimOptions, scenarios: Scenario[]): Error | undefined {
  if (!Number.isFinite(opts.from) || !Number.isFinite(opts.to) || opts.to <= opts.from) {
    return new Error(`invalid time range: from (${opts.from}) must be before to (${opts.to})`);
  }
  if (opts.profile && !PROFILES.includes(opts.profile)) {
    return new Error(`unknown profile "${opts.profile}"; known: ${PROFILES.join(', ')}`);
  }
  const longest = Math.max(0, ...scenarios.map((s) => s.spanMs));
  if (scenarios.length > 0 && opts.to - opts.from < longest + 2 * LEAD_MS) {
    return new Error(`time range of ${Math.round((opts.to - opts.from) / 1000)} s is too short for the scenarios: need at least ${Math.ceil((longest + 2 * LEAD_MS) / 1000)} s`);
  }
  return undefined;
}

/** Start times spread evenly over the range, each scenario ending before `to`. */
function placeScenarios(scenarios: Scenario[], fromMs: number, toMs: number): number[] {
  const longest = Math.max(...scenarios.map((s) => s.spanMs));
  const usable = toMs - fromMs - longest - 2 * LEAD_MS;
  return scenarios.map((_, i) => fromMs + LEAD_MS + Math.floor((usable * i) / Math.max(1, scenarios.length)));
}

function compareEvents(a: SimEvent, b: SimEvent): number {
  return a.at.us - b.at.us || (a.at.ns < b.at.ns ? -1 : a.at.ns > b.at.ns ? 1 : 0);
}

/** Generates the events only (no streams): used by simulate() and the live loop. */
export function generateEvents(opts: SimOptions, cluster?: Cluster): { events: SimEvent[]; cluster: Cluster; runs: Array<{ scenario: Scenario; entities: Record<string, string> }>; volume: Volume } | Error {
  const scenarios = selectScenarios(opts.scenarios);
  if (scenarios instanceof Error) {
    return scenarios;
  }
  const invalid = validate(opts, scenarios);
  if (invalid) {
    return invalid;
  }
  const seed = opts.seed ?? 1;
  const volume = resolveVolume(opts);
  const c = cluster ?? buildCluster(seed, opts.preset === 'busy' ? 9 : 3);
  const fromUs = opts.from * 1000;
  const toUs = opts.to * 1000;
  const hours = (opts.to - opts.from) / 3_600_000;
  const rng = (purpose: string) => Rng.forPurpose(seed, `${purpose}@${opts.from}`);
  const events: SimEvent[] = [
    ...baselineAudit(c, rng('audit'), fromUs, toUs, Math.round(volume.audit * hours)),
    ...baselineCoredns(c, rng('coredns'), fromUs, toUs, Math.round(volume.coredns * hours)),
    ...baselineNetfilter(c, rng('netfilter'), fromUs, toUs, Math.round(volume.netfilter * hours)),
    ...baselineFalco(c, rng('falco'), fromUs, toUs, Math.round(volume.falco * hours)),
  ];
  const runs: Array<{ scenario: Scenario; entities: Record<string, string> }> = [];
  if (scenarios.length > 0) {
    const starts = placeScenarios(scenarios, opts.from, opts.to);
    scenarios.forEach((s, i) => {
      const out = s.run({ cluster: c, rng: rng(`scenario:${s.id}`), atUs: starts[i] * 1000 });
      events.push(...out.events);
      runs.push({ scenario: s, entities: out.entities });
    });
  }
  events.sort(compareEvents);
  return { events, cluster: c, runs, volume };
}

/** Groups time-ordered events into push streams by the profile's labels. */
export function toStreams(events: SimEvent[], profile: ProfileId, c: Cluster): { streams: Stream[]; placed: Array<{ ev: SimEvent; line: ManifestLine }> } {
  const streams: Stream[] = [];
  const byKey = new Map<string, number>();
  const placed: Array<{ ev: SimEvent; line: ManifestLine }> = [];
  for (const ev of events) {
    const labels = labelsFor(profile, ev, c);
    const key = labelKey(labels);
    let idx = byKey.get(key);
    if (idx === undefined) {
      idx = streams.length;
      byKey.set(key, idx);
      streams.push({ stream: labels, values: [] });
    }
    const line = lineFor(profile, ev);
    const values = streams[idx].values;
    values.push([ev.at.ns, line]);
    if (ev.scenario) {
      placed.push({ ev, line: { source: ev.source, labels, timestampNs: ev.at.ns, streamIndex: idx, lineIndex: values.length - 1, line } });
    }
  }
  return { streams, placed };
}

/** Simulates a time range: returns Loki push streams, the manifest and the events. Throws on invalid options. */
export function simulate(opts: SimOptions): SimResult {
  const gen = generateEvents(opts);
  if (gen instanceof Error) {
    throw gen;
  }
  const profile = opts.profile ?? 'nearform';
  const counts: Record<SourceId, number> = { audit: 0, coredns: 0, netfilter: 0, falco: 0 };
  for (const ev of gen.events) {
    counts[ev.source]++;
  }
  const { streams, placed } = toStreams(gen.events, profile, gen.cluster);
  const scenarioLines = new Map<string, ManifestLine[]>();
  for (const { ev, line } of placed) {
    const list = scenarioLines.get(ev.scenario!) ?? [];
    list.push(line);
    scenarioLines.set(ev.scenario!, list);
  }
  const scenarios = gen.runs.map(({ scenario, entities }) => {
    const lines = scenarioLines.get(scenario.id) ?? [];
    const times = lines.map((l) => Number(l.timestampNs.slice(0, -6)));
    return { id: scenario.id, description: scenario.description, detections: scenario.detections, fromMs: Math.min(...times), toMs: Math.max(...times), entities, lines };
  });
  const rules: Manifest['rules'] = {};
  for (const s of scenarios) {
    for (const id of s.detections) {
      (rules[id] ??= []).push({ scenario: s.id, fromMs: s.fromMs, toMs: s.toMs });
    }
  }
  const manifest: Manifest = {
    seed: opts.seed ?? 1,
    fromMs: opts.from,
    toMs: opts.to,
    profile,
    volume: gen.volume,
    counts,
    allowed: {
      'k8s-exec-into-pod': { usernames: [gen.cluster.ciServiceAccount], why: 'CI runs a non-shell health probe in pods after each rollout' },
    },
    scenarios,
    rules,
  };
  return { streams, manifest, events: gen.events };
}
