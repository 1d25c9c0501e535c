/** @jest-environment node */
// The label conventions table (pkg/conventions/conventions.json) through the TypeScript
// detection, over the cases the Go health check's test reads too
// (pkg/conventions/testdata/cases.json): both pick the same selector for every source.
import casesFile from '../../../pkg/conventions/testdata/cases.json';
import { PROFILES, simulate } from '../../../backend-stub/src';
import { parseAuto } from '..';
import { SOURCE_IDS } from '../types';
import {
  bestByLabels,
  evidenceOf,
  findCandidates,
  LABEL_RULES,
  labelCandidates,
  SHIPPERS,
  toLogsQL,
  VALUE_LABELS,
  type LogBackendProbe,
} from '.';

interface Expectation {
  evidence: string;
  logsql: string;
}

interface DetectionCase {
  name: string;
  streams: Array<Record<string, string>>;
  expect: Record<string, Expectation | null>;
}

const CASES = (casesFile as { cases: DetectionCase[] }).cases;

/** Label names and values as a backend's label API lists them. */
function labelProbe(streams: Array<Record<string, string>>): LogBackendProbe & { asked: string[] } {
  const asked: string[] = [];
  return {
    kind: 'loki',
    asked,
    labelNames: async () => [...new Set(streams.flatMap((s) => Object.keys(s)))],
    labelValues: async (label) => {
      asked.push(label);
      return [...new Set(streams.map((s) => s[label]).filter((v): v is string => v !== undefined))];
    },
    sampleLines: async () => [],
  };
}

/** What detection by labels alone finds per source, in the cases file's shape. */
async function detectByLabels(streams: Array<Record<string, string>>): Promise<Record<string, Expectation | null>> {
  const best = bestByLabels(await findCandidates(labelProbe(streams)));
  return Object.fromEntries(
    SOURCE_IDS.map((s) => {
      const c = best[s];
      return [s, c ? { evidence: evidenceOf(c.query), logsql: toLogsQL(c.query) } : null];
    })
  );
}

describe('shared detection cases (pkg/conventions/testdata/cases.json)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(Object.keys(c.expect).sort()).toEqual([...SOURCE_IDS].sort());
    expect(await detectByLabels(c.streams)).toEqual(c.expect);
  });

  it('has a case per shipper holding exactly its examples', () => {
    for (const s of SHIPPERS) {
      const c = CASES.find((x) => x.name === `shipper ${s.id}`);
      expect(c?.streams).toEqual(s.examples.map((e) => e.labels));
    }
  });
});

describe('the simulator profiles', () => {
  const TO = Date.parse('2026-11-20T12:00:00Z');
  it.each(PROFILES.map((p) => [p]))('%s: its streams are detected as its shipper case says', async (profile) => {
    const shipper = SHIPPERS.find((s) => s.profile === profile);
    const c = CASES.find((x) => x.name === `shipper ${shipper?.id}`)!;
    const sim = simulate({ seed: 3, from: TO - 600_000, to: TO, profile, scenarios: 'all' });
    expect(await detectByLabels(sim.streams.map((s) => s.stream))).toEqual(c.expect);
    // And each example carries the label names the simulator gives that source's streams
    // (falcosidekick leaves out the labels of output fields an alert lacks).
    const seen = new Set<string>();
    for (const stream of sim.streams) {
      const parsed = parseAuto(stream.values[0][1], { entryTimeMs: TO });
      const source = parsed.ok ? parsed.event.source : undefined;
      const example = Object.keys(shipper?.examples.find((e) => e.source === source)?.labels ?? {}).sort();
      const names = Object.keys(stream.stream).sort();
      expect([source, names.filter((n) => !example.includes(n))]).toEqual([source, []]);
      if (names.join() === example.join()) {
        seen.add(source ?? '');
      }
    }
    expect([...seen].sort()).toEqual([...SOURCE_IDS].sort());
  });
});

describe('the table', () => {
  it('reads the values of only the labels rules test by value or narrow by', async () => {
    const probe = labelProbe([{ rule: 'r', priority: 'Notice', job: 'falco', host: 'n1' }]);
    await findCandidates(probe);
    expect(probe.asked).toEqual(['job']);
    expect(VALUE_LABELS).not.toContain('rule');
  });

  it('names a known shipper in every rule and has a rule for every source', () => {
    const ids = new Set(SHIPPERS.map((s) => s.id));
    for (const r of LABEL_RULES) {
      expect(r.shippers.filter((s) => !ids.has(s))).toEqual([]);
    }
    expect([...new Set(LABEL_RULES.map((r) => r.source))].sort()).toEqual([...SOURCE_IDS].sort());
  });

  it('is pure over names and values', () => {
    const names = new Set(['job']);
    const got = labelCandidates(names, new Map([['job', ['kube-audit', 'audit']]]));
    expect(got.map((c) => [c.source, evidenceOf(c.query), c.weight])).toEqual([
      ['audit', 'job="audit"', 0.8],
      ['audit', 'job="kube-audit"', 0.8],
      ['audit', 'job="audit"', 0.4],
      ['audit', 'job="kube-audit"', 0.4],
    ]);
  });
});
