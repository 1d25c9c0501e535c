import React, { useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Checkbox, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { prefixRoute, ROUTES } from '../../constants';
import { formatEntity } from '../../investigate/entity';
import type { Pivot } from '../../investigate/pivots';
import { topRelated } from '../../investigate/timeline';
import { searchFromState, stateFromSearch, type InvestigateState } from '../../investigate/url';
import { SOURCE_IDS, type SourceId } from '../../sources/types';
import { DetailPane } from './DetailPane';
import { EntityForm } from './EntityForm';
import { Landing } from './Landing';
import { CountsStrip, Timeline } from './Timeline';
import { useInvestigation } from './useInvestigation';
import { useLanding } from './useLanding';

/** Investigate page: one entity's timeline across the four sources; the URL holds the whole state. */
function InvestigatePage() {
  const location = useLocation();
  const navigate = useNavigate();
  const styles = useStyles2(getStyles);
  const { state, error: urlError } = useMemo(() => stateFromSearch(location.search), [location.search]);
  const go = (next: InvestigateState) => navigate(`${prefixRoute(ROUTES.Investigate)}?${searchFromState(next)}`);
  const inv = useInvestigation(state);
  const landing = useLanding(state.entity ? undefined : { from: state.from, to: state.to });

  const toggleSource = (s: SourceId) => {
    const current = state.sources ?? [...SOURCE_IDS];
    const next = current.includes(s) ? current.filter((x) => x !== s) : SOURCE_IDS.filter((x) => x === s || current.includes(x));
    go({ ...state, sources: next.length === SOURCE_IDS.length ? undefined : next, event: undefined });
  };
  const pivot = (p: Pivot) => go({ entity: p.entity, from: state.from, to: state.to, sources: p.sources });

  const events = useMemo(() => inv.timeline?.events ?? [], [inv.timeline]);
  const selected = events.find((e) => e.id === state.event);
  const related = useMemo(() => topRelated(events, state.entity), [events, state.entity]);

  return (
    <PluginPage subTitle="Follow a user, pod, IP or domain across audit, DNS, network and Falco events.">
      <div data-testid={testIds.pages.investigate} className={styles.page}>
        <EntityForm key={searchFromState({ entity: state.entity, from: state.from, to: state.to })} state={state} onSubmit={go} />
        <div className={styles.sources} role="group" aria-label="Sources">
          {SOURCE_IDS.map((s) => (
            <Checkbox key={s} label={s} value={!state.sources || state.sources.includes(s)} onChange={() => toggleSource(s)} />
          ))}
        </div>
        {[urlError, inv.error, ...(inv.timeline?.errors ?? []).map((e) => `${e.source}: ${e.message}`)].filter(Boolean).map((m) => (
          <Alert key={m} severity="error" title="Query problem" data-testid={testIds.investigate.errors}>
            {m}
          </Alert>
        ))}
        {!state.entity && <Landing state={state} data={landing} onGo={go} />}
        {state.entity && (
          <h2 className={styles.heading}>
            {formatEntity(state.entity)}
            {state.entity.keys && ` (${Object.entries(state.entity.keys).map(([k, v]) => `${k}=${v}`).join(', ')})`}
          </h2>
        )}
        {inv.timeline && (inv.timeline.resolution.ips.length > 0 || inv.timeline.resolution.pods.length > 0) && (
          <p data-testid={testIds.investigate.resolution} className={styles.note}>
            Resolved from audit data: {[...inv.timeline.resolution.pods.map((p) => `pod ${p}`), ...inv.timeline.resolution.ips.map((ip) => `IP ${ip}`)].join(', ')}.
          </p>
        )}
        {inv.counts && inv.range && <CountsStrip counts={inv.counts.counts} fromMs={inv.range.fromMs} toMs={inv.range.toMs} />}
        {inv.loading && <LoadingPlaceholder text="Querying the log backend…" />}
        {inv.timeline && (
          <div className={styles.body}>
            <Timeline
              events={events}
              selected={state.event}
              truncated={inv.timeline.truncated}
              loading={inv.loading}
              onSelect={(id) => go({ ...state, event: id })}
              onLoadOlder={inv.loadMore}
            />
            <aside>
              {selected ? (
                <DetailPane event={selected} onPivot={pivot} onClose={() => go({ ...state, event: undefined })} />
              ) : (
                <section data-testid={testIds.investigate.related} aria-label="Related entities">
                  <h4>Top related entities</h4>
                  <ul className={styles.related}>
                    {related.map((r) => (
                      <li key={formatEntity(r.entity)}>
                        <a href={`${prefixRoute(ROUTES.Investigate)}?${searchFromState({ entity: r.entity, from: state.from, to: state.to })}`}>{formatEntity(r.entity)}</a> · {r.events}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
            </aside>
          </div>
        )}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  sources: css({ display: 'flex', gap: theme.spacing(2) }),
  heading: css({ fontSize: theme.typography.h4.fontSize, wordBreak: 'break-all' }),
  note: css({ color: theme.colors.text.secondary }),
  body: css({ display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(320px, 1fr)', gap: theme.spacing(2), alignItems: 'start' }),
  related: css({ listStyle: 'none', padding: 0, li: { padding: theme.spacing(0.25, 0) } }),
});

export default InvestigatePage;
