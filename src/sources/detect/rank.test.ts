import {
  detectStreams,
  findCandidates,
  rank,
  score,
  toLogQL,
  toLogsQL,
  type LogBackendProbe,
  type StreamQuery,
} from '.';
import { AUDIT_LINES, COREDNS_LINES, NETFILTER_LINES } from '../testdata/lines';

describe('score and rank', () => {
  const q = (value: string): StreamQuery => ({ matchers: [{ label: 'job', op: '=', value }] });

  it('scales the prior by the parsed share and confirms at half', () => {
    expect(score({ source: 'audit', query: q('a'), weight: 0.9, why: '', sampled: 20, parsed: 20 })).toMatchObject({
      score: 0.9,
      confirmed: true,
    });
    expect(score({ source: 'audit', query: q('a'), weight: 0.9, why: '', sampled: 20, parsed: 9 }).confirmed).toBe(
      false
    );
    expect(score({ source: 'audit', query: q('a'), weight: 0.9, why: '', sampled: 20, parsed: 0 }).score).toBe(0);
    expect(score({ source: 'audit', query: q('a'), weight: 0.9, why: '' })).toMatchObject({
      score: 0.3,
      confirmed: false,
    });
  });

  it('puts a confirmed weak convention above a refuted strong one, and merges duplicates', () => {
    const ranked = rank([
      { source: 'audit', query: q('auditlog'), weight: 0.9, why: 'strong', sampled: 10, parsed: 0 },
      { source: 'audit', query: q('my-audit'), weight: 0.4, why: 'weak', sampled: 10, parsed: 10 },
      { source: 'audit', query: q('my-audit'), weight: 0.4, why: 'dup', sampled: 10, parsed: 5 },
      { source: 'audit', query: q('quiet'), weight: 0.8, why: 'unsampled' },
    ]);
    expect(ranked.map((c) => c.query.matchers[0].value)).toEqual(['my-audit', 'quiet', 'auditlog']);
    expect(ranked[0].why).toBe('weak');
  });

  it('renders selectors with escaped values', () => {
    const query: StreamQuery = {
      matchers: [
        { label: 'job', op: '=', value: 'a"b' },
        { label: 'rule', op: '=~', value: '.+' },
      ],
      contains: 'SRC=',
    };
    expect(toLogQL(query)).toBe('{job="a\\"b", rule=~`.+`} |= "SRC="');
    expect(toLogsQL(query)).toBe('{job="a\\"b",rule=~".+"} ~"SRC="');
  });
});

/**
 * An in-memory probe for the ranking logic only (label conventions × parse confirmation);
 * the real backends are exercised in detect.integration.test.ts.
 */
function memoryProbe(streams: Array<{ labels: Record<string, string>; lines: string[] }>): LogBackendProbe {
  const selects = (labels: Record<string, string>, q: StreamQuery) =>
    q.matchers.every((m) =>
      m.op === '=' ? labels[m.label] === m.value : new RegExp(`^(?:${m.value})$`).test(labels[m.label] ?? '')
    );
  return {
    kind: 'loki',
    labelNames: async () => [...new Set(streams.flatMap((s) => Object.keys(s.labels)))],
    labelValues: async (label) => [
      ...new Set(streams.map((s) => s.labels[label]).filter((v): v is string => v !== undefined)),
    ],
    sampleLines: async (q, limit) =>
      streams
        .filter((s) => selects(s.labels, q))
        .flatMap((s) => s.lines)
        .filter((l) => !q.contains || l.includes(q.contains))
        .slice(0, limit),
  };
}

describe('detectStreams', () => {
  it('proposes the confirmed stream of each source and narrows journals to the kernel', async () => {
    const probe = memoryProbe([
      { labels: { job: 'auditlog' }, lines: ['not audit at all', 'nor this'] },
      { labels: { job: 'kube-audit' }, lines: Object.values(AUDIT_LINES) },
      { labels: { namespace: 'kube-system', container: 'coredns' }, lines: Object.values(COREDNS_LINES) },
      {
        labels: { job: 'systemd-journal', transport: 'kernel' },
        lines: ['usb 1-1: new device', NETFILTER_LINES.icmpEcho],
      },
      { labels: { job: 'systemd-journal', transport: 'stdout' }, lines: ['sshd started'] },
    ]);
    const byId = Object.fromEntries((await detectStreams(probe)).map((d) => [d.source, d]));
    expect(byId.audit.proposal?.logql).toBe('{job="kube-audit"}');
    expect(byId.audit.candidates.find((c) => c.query.matchers[0].value === 'auditlog')?.score).toBe(0);
    expect(byId.coredns.proposal?.logql).toBe('{container="coredns", namespace="kube-system"}');
    expect(byId.netfilter.proposal).toMatchObject({
      logql: '{job="systemd-journal", transport="kernel"} |= "SRC="',
      confirmed: true,
    });
    expect(byId.falco.proposal).toBeUndefined();
  });

  it('uses falcosidekick label presence only when both labels exist', async () => {
    expect(await findCandidates(memoryProbe([{ labels: { rule: 'x' }, lines: [] }]))).toEqual([]);
    const both = await findCandidates(memoryProbe([{ labels: { rule: 'x', priority: 'Warning' }, lines: [] }]));
    expect(both.map((c) => toLogQL(c.query))).toEqual(['{rule=~`.+`, priority=~`.+`}']);
  });
});
