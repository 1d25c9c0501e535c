/** @jest-environment node */
// Sigma constructs (those of the public Kubernetes audit rules and the modifiers Vigil
// supports) over lines written the way foreign encoders write them: mixed letter case,
// escaped slashes (`\/`), letters spelled as JSON escapes (`\u0065`), Python's `", "`
// separators, percent-encoding in either case, IPv6 in any spelling. For every rule the
// matcher and the compiled LogQL in the LogQL oracle find the same lines, and the lines a
// reading of the Sigma spec expects (a real VictoriaLogs: sigma-agreement.integration.test.ts).
import { evaluateLogs, evaluateRange } from '../../tests/logql/oracle';
import { SOURCES } from '../sources';
import { logqlLogQuery, logqlMetricQuery } from './logql';
import { windowValues } from './matcher';
import { AT, correlation, entries, matchedEvents, matcherHits, NS, plans, T0 } from './sigma-agreement.cases';

jest.setTimeout(120_000);

describe('Sigma constructs on foreign spellings', () => {
  it('every line is an audit event equal to its compact spelling', () => {
    for (const e of entries) {
      const r = SOURCES.audit.parse(e.line, { entryTimeMs: Number(e.ts / NS) });
      expect({ line: e.line, ok: r.ok }).toEqual({ line: e.line, ok: true });
    }
  });

  it.each(plans.filter((p) => !p.window).map((p) => [p.ruleId, p] as const))('%s: the matcher finds what the spec expects (escaped letters aside)', (id, plan) => {
    const got = new Set(matcherHits(plan));
    for (const e of entries.filter((x) => !x.escaped)) {
      expect({ line: e.line, hit: got.has(e.line) }).toEqual({ line: e.line, hit: e.want.includes(id) });
    }
  });

  it('a cased value spelled with letter escapes fails the pre-filter everywhere; a case-insensitive one has none and matches the decoded value', () => {
    const escapedHits = (id: string) => matcherHits(plans.find((p) => p.ruleId === id)!).filter((l) => l.includes('\\u0065'));
    // pod-with-volumes: verb|cased create → the line must contain "create" as written.
    expect(escapedHits('pod-with-volumes')).toEqual([]);
    expect(escapedHits('exec-any-case')).toHaveLength(2);
    expect(escapedHits('errors-or-deletes').length).toBeGreaterThan(0);
  });

  it('a cased value with slashes matches lines that write them \\/ (its pre-filter literal has none)', () => {
    const hits = matcherHits(plans.find((p) => p.ruleId === 'exec-path-cased')!);
    expect(hits.filter((l) => l.includes('\\/api\\/v1'))).toHaveLength(2);
    expect(logqlLogQuery(plans.find((p) => p.ruleId === 'exec-path-cased')!)).toContain('|= "namespaces"');
  });

  it.each(plans.map((p) => [p.ruleId, p] as const))('%s: LogQL in the oracle finds the matcher hits', (_id, plan) => {
    const found = evaluateLogs(logqlLogQuery(plan), entries, BigInt(T0) * NS, BigInt(T0 + 3_600_000) * NS, 10_000, 'forward');
    expect(found.map((f) => f.line).sort()).toEqual(matcherHits(plan));
  });

  it('the correlation rule counts the referenced rule per user (matcher, LogQL metric in the oracle)', () => {
    const want = [...windowValues(correlation, matchedEvents(correlation), AT).values()].map((v) => `${v.key.f_user_username} ${v.value}`);
    // user-0's exec in four spellings; user-1's in four too, one second later.
    expect(want.sort()).toEqual(['user-0 4', 'user-1 4']);
    const series = evaluateRange(logqlMetricQuery(correlation), entries, AT, AT, BigInt(1000) * NS);
    expect(series.map((x) => `${x.labels.f_user_username} ${x.points[0].value}`).sort()).toEqual(want.sort());
  });
});
