import { compileBuilder, compileBuilderOrThrow, builderFields, detectionChoices, effectiveSource, queryTypeOf, volumeState } from '..';
import { CATALOG_RULES } from '../../detections/catalog';
import type { BuilderState } from '../types';

const AUDIT = '{job=~"auditlog|integrations/kubernetes-audit|kube-audit"}';

function state(patch: Partial<BuilderState>): BuilderState {
  return { source: 'audit', filters: [], operation: { kind: 'events' }, range: '5m', ...patch };
}

describe('builder → LogQL', () => {
  it('raw events of a source are its stream selector alone', () => {
    expect(compileBuilderOrThrow(state({}), 'logql')).toBe(AUDIT);
  });

  it('uses the per-source selector from the settings', () => {
    expect(compileBuilderOrThrow(state({}), 'logql', { selectors: { audit: '{app="audit"}' } })).toBe('{app="audit"}');
  });

  it('refuses a selector that is not one', () => {
    const r = compileBuilder(state({}), 'logql', { selectors: { audit: 'job=audit' } });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('audit stream selector') });
  });

  it('puts line filters before one json stage that names only the needed fields', () => {
    const expr = compileBuilderOrThrow(
      state({ filters: [{ field: 'verb', op: '=', value: 'delete' }, { field: 'objectRef.resource', op: '!=', value: 'events' }] }),
      'logql'
    );
    expect(expr).toBe(
      `${AUDIT} |= "delete" | json f_verb="verb", f_objectRef_resource="objectRef.resource" | f_verb="delete" | f_objectRef_resource!="events" | __error__=""`
    );
  });

  it('writes every operator', () => {
    const expr = compileBuilderOrThrow(
      state({
        filters: [
          { field: 'verb', op: 'contains', value: 'a.b' },
          { field: 'verb', op: '!contains', value: 'x' },
          { field: 'verb', op: 'regex', value: 'get|list' },
          { field: 'verb', op: 'in', value: '', values: ['get', 'li.st'] },
          { field: 'responseStatus.code', op: '>', value: '399' },
          { field: 'responseStatus.code', op: '<', value: '500' },
        ],
      }),
      'logql'
    );
    expect(expr).toContain('| f_verb=~`(?s).*a\\.b.*` | f_verb!~`(?s).*x.*` | f_verb=~`get|list` | f_verb=~`get|li\\.st`');
    expect(expr).toContain('| f_responseStatus_code > 399 | f_responseStatus_code < 500 | __error__=""');
    // Only the positive literal can be checked on the raw line.
    expect(expr).toContain(`${AUDIT} |= "a.b" | json`);
  });

  it('matches list elements as quoted JSON strings', () => {
    const expr = compileBuilderOrThrow(state({ filters: [{ field: 'user.groups', op: '=', value: 'system:masters' }] }), 'logql');
    expect(expr).toBe(`${AUDIT} |= "\\"system:masters\\"" | json f_user_groups="user.groups" | f_user_groups=~\`(?s).*"system:masters".*\` | __error__=""`);
  });

  it('uses the catalog line filter and the regexp stages of a text source', () => {
    const expr = compileBuilderOrThrow(state({ source: 'netfilter', filters: [{ field: 'src', op: '=', value: '10.0.0.9' }] }), 'logql');
    expect(expr).toMatch(/^\{job=~"kernellog[^}]*\} \|= " SRC=10\.0\.0\.9 " \| regexp ` SRC=\(\?P<f_src>\\S\*\)` \| f_src="10\.0\.0\.9" \| __error__=""$/);
  });

  it('escapes hostile values so they stay inside their strings', () => {
    const expr = compileBuilderOrThrow(state({ filters: [{ field: 'verb', op: '=', value: '"} |= "x' }] }), 'logql');
    expect(expr).toBe(`${AUDIT} | json f_verb="verb" | f_verb="\\"} |= \\"x" | __error__=""`);
  });

  it('compiles count, rate and top N', () => {
    const base = { filters: [{ field: 'verb', op: '=' as const, value: 'get' }] };
    const log = `${AUDIT} |= "get" | json f_verb="verb", f_user_username="user.username" | f_verb="get" | __error__=""`;
    expect(compileBuilderOrThrow(state({ ...base, operation: { kind: 'count', by: ['user.username'] } }), 'logql')).toBe(
      `sum by (f_user_username) (count_over_time(${log} [5m]))`
    );
    expect(compileBuilderOrThrow(state({ ...base, operation: { kind: 'rate', by: ['user.username'] }, range: '1h' }), 'logql')).toBe(
      `sum by (f_user_username) (rate(${log} [1h]))`
    );
    expect(compileBuilderOrThrow(state({ ...base, operation: { kind: 'topN', field: 'user.username', n: 3 } }), 'logql')).toBe(
      `topk(3, sum by (f_user_username) (count_over_time(${log} [5m])))`
    );
    expect(compileBuilderOrThrow(state({ operation: { kind: 'count', by: [] } }), 'logql')).toBe(`sum (count_over_time(${AUDIT} [5m]))`);
  });

  it('says what is wrong with a state it cannot compile', () => {
    const bad = (patch: Partial<BuilderState>) => compileBuilder(state(patch), 'logql');
    expect(bad({ filters: [{ field: 'responseStatus.code', op: '>', value: 'lots' }] })).toEqual({ ok: false, error: expect.stringContaining('needs a number') });
    expect(bad({ filters: [{ field: 'verb', op: 'in', value: '', values: [] }] })).toEqual({ ok: false, error: expect.stringContaining('at least one value') });
    expect(bad({ filters: [{ field: '', op: '=', value: 'x' }] })).toEqual({ ok: false, error: expect.stringContaining('no field') });
    expect(bad({ operation: { kind: 'count', by: [] }, range: '5 minutes' })).toEqual({ ok: false, error: expect.stringContaining('not a duration') });
    expect(bad({ operation: { kind: 'topN', field: 'verb', n: 0 } })).toEqual({ ok: false, error: expect.stringContaining('between 1 and 1000') });
    expect(compileBuilder(state({ source: 'coredns', filters: [{ field: 'nope', op: '=', value: 'x' }] }), 'logql')).toEqual({
      ok: false,
      error: expect.stringContaining('use one of'),
    });
  });

  it('keeps variable references for the data source to fill in, without assuming their text', () => {
    const expr = compileBuilderOrThrow(state({ filters: [{ field: 'verb', op: '=', value: '$verb' }, { field: 'responseStatus.code', op: '>', value: '$code' }] }), 'logql');
    expect(expr).toBe(`${AUDIT} | json f_verb="verb", f_responseStatus_code="responseStatus.code" | f_verb="$verb" | f_responseStatus_code > $code | __error__=""`);
  });
});

describe('builder → LogsQL', () => {
  it('filters _msg first, unpacks only the needed fields, then filters and counts', () => {
    const expr = compileBuilderOrThrow(
      state({
        filters: [
          { field: 'verb', op: '=', value: 'delete' },
          { field: 'verb', op: 'regex', value: 'de.*' },
          { field: 'responseStatus.code', op: '<', value: '300' },
          { field: 'objectRef.resource', op: 'in', value: '', values: ['secrets', 'pods'] },
          { field: 'user.username', op: '!contains', value: 'system:' },
        ],
        operation: { kind: 'count', by: ['user.username'] },
      }),
      'logsql'
    );
    expect(expr).toBe(
      `${AUDIT} "_msg":~"delete" | unpack_json fields (verb, responseStatus.code, objectRef.resource, user.username) result_prefix "f_" ` +
        `| filter "f_verb":="delete" "f_verb":~"^(?:de.*)$" "f_responseStatus.code":<300 "f_objectRef.resource":in("secrets", "pods") NOT "f_user.username":~"system:" ` +
        `| stats by ("f_user.username") count() as hits`
    );
  });

  it('ranks with sort and limit, and uses extract_regexp for text sources', () => {
    const expr = compileBuilderOrThrow(state({ source: 'netfilter', operation: { kind: 'topN', field: 'dst', n: 4 } }), 'logsql');
    expect(expr).toMatch(/\| extract_regexp " DST=\(\?P<f_dst>\\\\S\*\)" \| stats by \("f_dst"\) count\(\) as hits \| sort by \(hits desc\) limit 4$/);
  });

  it('escapes hostile values', () => {
    const expr = compileBuilderOrThrow(state({ filters: [{ field: 'verb', op: '!=', value: 'a"b\\' }] }), 'logsql');
    expect(expr).toBe(`${AUDIT} | unpack_json fields (verb) result_prefix "f_" | filter NOT "f_verb":="a\\"b\\\\"`);
  });
});

describe('detections and helpers', () => {
  const rule = CATALOG_RULES[0];

  it('runs a catalog detection in its own source, log or metric form, with the configured selector', () => {
    const op = { kind: 'detection' as const, ruleId: rule.id, form: 'metric' as const };
    const s = state({ source: 'coredns', operation: op });
    expect(effectiveSource(s)).toBe(rule.logsource.service);
    const metric = compileBuilderOrThrow(s, 'logql', { selectors: { [rule.logsource.service]: '{vigil="x"}' } });
    expect(metric).toContain('{vigil="x"}');
    expect(metric).toMatch(/count_over_time|sum/);
    expect(queryTypeOf(op)).toBe('detection');
    expect(queryTypeOf({ ...op, form: 'events' })).toBe('logs');
    expect(compileBuilderOrThrow(state({ operation: { ...op, form: 'events' } }), 'logsql')).not.toContain('| stats');
  });

  it('lists detections per source and fields without derived ones', () => {
    expect(detectionChoices().length).toBe(CATALOG_RULES.length);
    expect(detectionChoices('audit').every((d) => d.source === 'audit')).toBe(true);
    expect(builderFields('coredns').map((f) => f.name)).not.toContain('query.domain');
    expect(builderFields('audit').map((f) => f.name)).toContain('verb');
  });

  it('turns a state into its logs-volume count', () => {
    expect(volumeState(state({ operation: { kind: 'topN', field: 'verb', n: 2 } })).operation).toEqual({ kind: 'count', by: [] });
  });
});
