/**
 * The simulator's data model: events as generated, streams as pushed, and the ground-truth
 * manifest tests assert against.
 */
import type { SourceId } from '../../src/sources/types';
import type { Pod } from './cluster';
import type { Stamp } from './time';

export type { SourceId };

/** Falco's priorities, most severe first (Falco's own numeric order: Emergency = 0). */
export const FALCO_PRIORITIES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'] as const;
export type FalcoPriority = (typeof FALCO_PRIORITIES)[number];

/** What the label profiles and the metrics need to know about a Falco event. */
export interface FalcoMeta {
  rule: string;
  priority: FalcoPriority;
  source: string;
  tags: string[];
  hostname: string;
  namespace?: string;
  pod?: string;
}

/** One generated log line, before it is assigned to a stream. */
export interface SimEvent {
  source: SourceId;
  at: Stamp;
  /**
   * The line as a shipper sends it after stripping container-log frames: audit JSON, the
   * bare CoreDNS line, the syslog-framed kernel line, Falco JSON.
   */
  line: string;
  /** Netfilter only: the kernel message without syslog framing (journald's MESSAGE). */
  bare?: string;
  /** The node that wrote the line. */
  node: string;
  /** CoreDNS: the serving coredns pod. Falco: the falco pod on the node. */
  pod?: Pod;
  falco?: FalcoMeta;
  /** The scenario that emitted this line; absent for the benign baseline. */
  scenario?: string;
}

/** One Loki push stream. */
export interface Stream {
  stream: Record<string, string>;
  /** [epoch nanoseconds, line] in time order. */
  values: Array<[string, string]>;
}

export type ProfileId = 'nearform' | 'k8s-monitoring' | 'journald' | 'falcosidekick';

/** Lines per hour per source. */
export type Volume = Record<SourceId, number>;

export interface SimOptions {
  seed?: number;
  /** Range start and end, epoch milliseconds. */
  from: number;
  to: number;
  profile?: ProfileId;
  /** Scenario ids to include, or 'all'; none by default. */
  scenarios?: string[] | 'all';
  /** 'default' or 'busy' (≥100× default); per-source overrides win. */
  preset?: 'default' | 'busy';
  volume?: Partial<Volume>;
}

/** One emitted line of a scenario, as it can be found in the pushed data. */
export interface ManifestLine {
  source: SourceId;
  labels: Record<string, string>;
  timestampNs: string;
  /** Index of the stream in `streams`, and of the line within that stream's values. */
  streamIndex: number;
  lineIndex: number;
  line: string;
}

export interface ManifestScenario {
  id: string;
  description: string;
  /** Catalog rule ids this scenario's lines trip (and no others). */
  detections: string[];
  /** First and last line time, epoch milliseconds. */
  fromMs: number;
  toMs: number;
  /** Shared entities for cross-source drill-down (pod, pod IP, node, user…). */
  entities: Record<string, string>;
  lines: ManifestLine[];
}

export interface Manifest {
  seed: number;
  fromMs: number;
  toMs: number;
  profile: ProfileId;
  volume: Volume;
  /** Lines per source, baseline and scenarios together. */
  counts: Record<SourceId, number>;
  /** Identities the baseline uses that a detection must allow, per detection id. */
  allowed: Record<string, { usernames: string[]; why: string }>;
  scenarios: ManifestScenario[];
  /** Per catalog rule id: the scenarios that trip it and their time spans (their lines are in `scenarios`). */
  rules: Record<string, Array<{ scenario: string; fromMs: number; toMs: number }>>;
}

export interface SimResult {
  streams: Stream[];
  manifest: Manifest;
  /** The events in time order (files and metrics are written from these). */
  events: SimEvent[];
}
