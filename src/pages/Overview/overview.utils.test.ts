/** @jest-environment node */
import { CATALOG_RULES } from '../../detections/catalog';
import { healthTargets, overviewStats, summarize, type OverviewData } from './overview.utils';

const rule = (level: string) => CATALOG_RULES.find((r) => r.level === level)!;

describe('overview stats', () => {
  it('counts rules firing, critical hits, blind rules and sources with lines and no error', () => {
    const data: OverviewData = {
      rules: [
        { rule: rule('critical'), hits: 3 },
        { rule: rule('high'), hits: 5 },
        { rule: rule('medium'), hits: 0, blind: 'no falco lines' },
        { rule: rule('low'), hits: 0 },
      ],
      bySeverity: [
        { level: 'critical', rules: 1, hits: 3 },
        { level: 'high', rules: 1, hits: 5 },
      ],
      sources: [
        { source: 'audit', lines: 10, streams: 1, sampled: 10, parseErrors: 0 },
        { source: 'coredns', lines: 4, streams: 1, sampled: 4, parseErrors: 1 },
        { source: 'netfilter', lines: 7, streams: 1, sampled: 0, parseErrors: 0, error: 'upstream 502' },
        { source: 'falco', lines: 0, streams: 0, sampled: 0, parseErrors: 0 },
      ],
      errors: [],
    };
    expect(overviewStats(data)).toEqual({ firing: 2, criticalHits: 3, blind: 1, sourcesHealthy: 2, sources: 4 });
  });
});

describe('source health', () => {
  it('the sample reads streams only, and parses rows stored as fields (flat JSON lines)', () => {
    const native = healthTargets({ dsUid: 'vigil', backend: 'victorialogs', layouts: { audit: 'native' } }, 3_600_000);
    expect(native).toEqual(
      healthTargets({ dsUid: 'vigil', backend: 'victorialogs', layouts: { audit: 'verbatim' } }, 3_600_000)
    );
    const lines = ['{"objectRef.resource":"pods","verb":"create","user.username":"alice"}', '{"truncated'];
    const frame = {
      schema: {
        fields: [
          { name: 'timestamp', type: 'time' },
          { name: 'body', type: 'string' },
        ],
      },
      data: { values: [[1, 2], lines] },
    };
    const audit = summarize({}, { sample_audit: { frames: [frame] } }, new Map()).sources.find(
      (x) => x.source === 'audit'
    );
    expect(audit).toMatchObject({ sampled: 2, parseErrors: 1 });
  });
});
