import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, type BadgeColor, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { SOURCE_GUIDES } from '../../onboarding';
import { SOURCES } from '../../sources';
import type { SourceReport } from './checkSources';
import { Onboarding } from './Onboarding';
import { formatRate, type SourceState } from './sourceStatus';

const BADGE: Record<SourceState, { color: BadgeColor; text: string }> = {
  healthy: { color: 'green', text: 'Healthy' },
  quiet: { color: 'orange', text: 'Quiet' },
  broken: { color: 'red', text: 'Broken' },
  missing: { color: 'red', text: 'Missing' },
};

/** One source: detected stream, rates, blind detections and, unless healthy, its onboarding. */
export function SourceCard({ report }: { report: SourceReport }) {
  const s = useStyles2(getStyles);
  const { status, blind } = report;
  const badge = BADGE[status.state];
  return (
    <div className={s.card} data-testid={testIds.configuration.source(status.source)}>
      <div className={s.head}>
        <h3>{SOURCES[status.source].title}</h3>
        <span data-testid={testIds.configuration.sourceState(status.source)} data-state={status.state}>
          <Badge color={badge.color} text={badge.text} />
        </span>
      </div>
      <p>{status.summary}</p>
      {status.selector && (
        <table className={s.facts}>
          <tbody>
            <tr>
              <th>Stream</th>
              <td>
                <code>{status.selector.logql}</code> ({status.selector.scheme})
                {status.otherCandidates > 0 ? `, ${status.otherCandidates} other candidate stream(s)` : ''}
              </td>
            </tr>
            <tr>
              <th>Events per minute</th>
              <td>{formatRate(status.eventsPerMinute)}</td>
            </tr>
            <tr>
              <th>Parse errors</th>
              <td>{status.parseErrorRate === undefined ? 'no sample' : `${(status.parseErrorRate * 100).toFixed(1)}% of ${status.sampled} sampled lines`}</td>
            </tr>
            <tr>
              <th>Last event</th>
              <td>{status.lastEventMs ? new Date(status.lastEventMs).toISOString() : 'none in the last hour'}</td>
            </tr>
          </tbody>
        </table>
      )}
      {blind.length > 0 && (
        <div data-testid={testIds.configuration.blind(status.source)}>
          <h4>
            {blind.length} blind detection{blind.length === 1 ? '' : 's'}
          </h4>
          <ul className={s.blind}>
            {blind.map((b) => (
              <li key={b.id}>
                <strong>{b.title}</strong> <code>{b.id}</code> ({b.level}): {b.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {status.state !== 'healthy' && <Onboarding guide={SOURCE_GUIDES[status.source]} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
  }),
  head: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'baseline', h3: { margin: 0 } }),
  facts: css({ th: { paddingRight: theme.spacing(2), fontWeight: theme.typography.fontWeightMedium, textAlign: 'left' } }),
  blind: css({ maxHeight: 200, overflow: 'auto' }),
});
