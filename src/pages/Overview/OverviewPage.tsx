import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { DataFrame, GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, LoadingPlaceholder, RadioButtonGroup, useStyles2 } from '@grafana/ui';
import { runQueries } from '../../alerting/queries';
import { backendSrvHttp } from '../../api/grafana/backendSrvHttp';
import { testIds } from '../../components/testIds';
import { prefixRoute, ROUTES } from '../../constants';
import { searchFromState } from '../../investigate/url';
import { SOURCES } from '../../sources';
import { useVigilDataSource } from '../Investigate/useInvestigation';
import { catalogRequest, healthTargets, overviewStats, summarize, type OverviewData } from './overview.utils';
import { hitsFrame, overTimeTargets } from './overTime';
import { OverTimePanel } from './OverTimePanel';
import { StatRow } from './StatRow';

const RANGES = [
  { label: '1h', value: 3_600_000 },
  { label: '6h', value: 6 * 3_600_000 },
  { label: '24h', value: 24 * 3_600_000 },
];
const relative = (ms: number) => `now-${ms / 3_600_000}h`;
const investigateRule = (id: string, rangeMs: number) => `${prefixRoute(ROUTES.Investigate)}?${searchFromState({ entity: { kind: 'rule', value: id }, from: relative(rangeMs), to: 'now' })}`;

/** Overview: what fired by severity, the noisiest rules, source volume and health, catalog coverage. */
function OverviewPage() {
  const styles = useStyles2(getStyles);
  const [rangeMs, setRangeMs] = useState(RANGES[0].value);
  const dataSource = useVigilDataSource();
  const [result, setResult] = useState<{ rangeMs: number; data?: OverviewData; overTime?: { bySeverity: DataFrame; bySource: DataFrame; fromMs: number; toMs: number }; error?: string }>();

  useEffect(() => {
    let live = true;
    (async () => {
      const ds = await dataSource();
      if (!ds) {
        return live && setResult({ rangeMs, error: 'No Vigil data source is configured: add one on the Configuration page.' });
      }
      const to = Date.now();
      try {
        const { targets, errors } = catalogRequest(ds, rangeMs);
        const [catalog, health] = await Promise.all([runQueries(backendSrvHttp, targets, to - rangeMs, to), runQueries(backendSrvHttp, healthTargets(ds, rangeMs), to - rangeMs, to)]);
        const data = summarize(catalog, health, errors);
        // Third request: only the rules that fired, counted per step.
        const over = overTimeTargets(data.rules, ds, rangeMs);
        const perStep = over.targets.length ? await runQueries(backendSrvHttp, over.targets, to - rangeMs, to) : {};
        live && setResult({ rangeMs, data, overTime: { bySeverity: hitsFrame(perStep, over.rules, 'severity'), bySource: hitsFrame(perStep, over.rules, 'source'), fromMs: to - rangeMs, toMs: to } });
      } catch (e) {
        live && setResult({ rangeMs, error: e instanceof Error ? e.message : String((e as { message?: string })?.message ?? e) });
      }
    })();
    return () => {
      live = false;
    };
  }, [rangeMs, dataSource]);

  const current = result?.rangeMs === rangeMs ? result : undefined;
  const data = current?.data;
  const fired = data?.rules.filter((r) => r.hits > 0).sort((a, b) => b.hits - a.hits) ?? [];
  const blind = data?.rules.filter((r) => r.blind) ?? [];
  return (
    <PluginPage subTitle="What fired, the noisiest rules, and the health of the four security sources.">
      <div data-testid={testIds.pages.overview} className={styles.page}>
        <RadioButtonGroup options={RANGES} value={rangeMs} onChange={setRangeMs} />
        {current?.error && <Alert severity="error" title="Cannot read the overview">{current.error}</Alert>}
        {data?.errors.map((e) => (
          <Alert key={e} severity="warning" title="A query failed" data-testid={testIds.overview.errors}>
            {e}
          </Alert>
        ))}
        {!current && <LoadingPlaceholder text="Counting detections and sources…" />}
        {data && <StatRow stats={overviewStats(data)} />}
        {current?.overTime && (
          <div className={styles.grid}>
            <OverTimePanel title="Detections over time by severity" testId={testIds.overview.overTime} frame={current.overTime.bySeverity} fromMs={current.overTime.fromMs} toMs={current.overTime.toMs} />
            <OverTimePanel title="Hits per source over time" testId={testIds.overview.perSource} frame={current.overTime.bySource} fromMs={current.overTime.fromMs} toMs={current.overTime.toMs} />
          </div>
        )}
        {data && (
          <div className={styles.grid}>
            <section data-testid={testIds.overview.severity} aria-label="Fired by severity">
              <h3>Fired by severity</h3>
              <table className={styles.table}>
                <thead><tr><th>Severity</th><th>Rules fired</th><th>Hits</th></tr></thead>
                <tbody>
                  {data.bySeverity.map((s) => (
                    <tr key={s.level} data-level={s.level} data-rules={s.rules}>
                      <td><Badge text={s.level} color={s.level === 'critical' || s.level === 'high' ? 'red' : s.level === 'medium' ? 'orange' : 'blue'} /></td>
                      <td>{s.rules}</td>
                      <td>{s.hits}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section data-testid={testIds.overview.noisyRules} aria-label="Noisiest rules">
              <h3>Noisiest rules</h3>
              <ol>
                {fired.slice(0, 12).map((r) => (
                  <li key={r.rule.id} data-rule={r.rule.id}>
                    <a href={investigateRule(r.rule.id, rangeMs)}>{r.rule.title}</a> · {r.hits} hits
                  </li>
                ))}
              </ol>
              {fired.length === 0 && <p>No rule matched an event in the range.</p>}
            </section>
            <section data-testid={testIds.overview.sources} aria-label="Sources">
              <h3>Sources</h3>
              <table className={styles.table}>
                <thead><tr><th>Source</th><th>Lines</th><th>Streams</th><th>Parse errors (sample)</th></tr></thead>
                <tbody>
                  {data.sources.map((s) => (
                    <tr key={s.source} data-source={s.source} data-lines={s.lines} data-streams={s.streams} data-parse-errors={s.parseErrors} data-sampled={s.sampled}>
                      <td>{SOURCES[s.source].title}</td>
                      <td>{s.lines}</td>
                      <td>{s.streams}</td>
                      <td>{s.error ? s.error : s.sampled === 0 ? 'no lines' : `${((100 * s.parseErrors) / s.sampled).toFixed(1)}% of ${s.sampled}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section data-testid={testIds.overview.coverage} aria-label="Catalog coverage" data-rules={data.rules.length} data-blind={blind.length}>
              <h3>Catalog coverage</h3>
              <p>
                {data.rules.length - blind.length} of {data.rules.length} catalog rules can see their data; {blind.length} are blind.{' '}
                <a href={prefixRoute(ROUTES.Detections)}>Manage detections</a> · <a href={prefixRoute(ROUTES.AuditPolicy)}>Audit policy advisor</a>
              </p>
              <ul>
                {blind.slice(0, 6).map((r) => (
                  <li key={r.rule.id}>{r.rule.title}: {r.blind}</li>
                ))}
              </ul>
            </section>
          </div>
        )}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  grid: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: theme.spacing(3) }),
  table: css({ width: '100%', 'th, td': { textAlign: 'left', padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}` } }),
});

export default OverviewPage;
