import { FieldType, toDataFrame } from '@grafana/data';
import { parseLogQL } from '../../tests/logql/oracle';
import { defaultBuilderState } from '../querybuilder';
import { selectorsFromHealth } from './components/health';
import { logsVolumeQuery } from './builder';
import { valuesInFrames } from './datasource';
import { toStoredQuery, withBuilder } from './editorState';
import type { VigilQuery } from './types';

const logql = { language: 'logql' as const, selectors: {} };

describe('logs volume', () => {
  it('counts a builder logs query per minute with the same filters', () => {
    const s = withBuilder(
      { refId: 'A', mode: 'builder', code: { expr: '', language: 'logql' }, queryType: 'logs' },
      { ...defaultBuilderState('audit'), filters: [{ field: 'verb', op: '=', value: 'get' }] },
      logql
    );
    const v = logsVolumeQuery(toStoredQuery(s), logql)!;
    expect(v).toMatchObject({ refId: 'log-volume-A', queryType: 'metric', mode: 'builder' });
    expect(v.expr).toMatch(/^sum \(count_over_time\(.*f_verb="get".* \[1m\]\)\)$/);
    expect(parseLogQL(v.expr).errors).toEqual([]);
  });

  it('wraps a hand-written query in either language, and skips metric queries', () => {
    const code: VigilQuery = { refId: 'B', version: 2, mode: 'code', expr: '{job="a"} |= "x"', language: 'logql', queryType: 'logs' };
    expect(logsVolumeQuery(code, logql)?.expr).toBe('sum(count_over_time({job="a"} |= "x" [1m]))');
    expect(logsVolumeQuery({ ...code, language: 'logsql' }, logql)?.expr).toBe('{job="a"} |= "x" | stats count() as hits');
    expect(logsVolumeQuery({ ...code, queryType: 'metric' }, logql)).toBeUndefined();
  });
});

describe('reading answers', () => {
  it('collects label values of metric frames and column values of tables', () => {
    const metric = toDataFrame({ fields: [{ name: 'Time', type: FieldType.time, values: [1] }, { name: 'Value', type: FieldType.number, values: [3], labels: { f_verb: 'get' } }] });
    const table = toDataFrame({ fields: [{ name: 'f_verb', type: FieldType.string, values: ['list', '', 'get'] }] });
    expect(valuesInFrames([metric, table], 'f_verb')).toEqual(['get', 'list']);
  });

  it('turns health evidence into stream selectors', () => {
    const report = {
      upstreams: [],
      sources: {
        audit: { found: true, evidence: 'job="a\\"b"' },
        coredns: { found: true, evidence: 'container="coredns", namespace="kube-system"' },
        falco: { found: true, evidence: 'rule=~".+", priority=~".+"' },
        netfilter: { found: true, evidence: 'labels rule, priority' },
      },
    };
    expect(selectorsFromHealth(report)).toEqual({
      audit: '{job="a\\"b"}',
      coredns: '{container="coredns", namespace="kube-system"}',
      falco: '{rule=~".+", priority=~".+"}',
    });
    expect(selectorsFromHealth({ upstreams: [], sources: { audit: { found: false, evidence: 'job="x"' } } })).toEqual({});
  });
});
