import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, useStyles2, useTheme2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import type { SourceCounts } from '../../investigate/investigate';
import { summaryOf } from '../../investigate/summary';
import type { TimelineEvent } from '../../investigate/timeline';
import { SOURCES } from '../../sources';
import type { SourceId } from '../../sources/types';

const SOURCE_COLORS: Record<SourceId, string> = { audit: 'blue', coredns: 'green', netfilter: 'orange', falco: 'red' };

/** Events per source over the range, as counted by the log backend (not by the loaded page). */
export function CountsStrip({ counts, fromMs, toMs }: { counts: SourceCounts[]; fromMs: number; toMs: number }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const max = Math.max(1, ...counts.flatMap((c) => c.points.map((p) => p.v)));
  const x = (t: number) => ((t - fromMs) / Math.max(1, toMs - fromMs)) * 300;
  return (
    <div className={styles.counts} data-testid={testIds.investigate.counts}>
      {counts.map((c) => (
        <div key={c.source} className={styles.count} data-source={c.source} data-total={c.total}>
          <div>
            <strong>{SOURCES[c.source].title}</strong> · {c.total} events
          </div>
          <svg viewBox="0 0 300 32" preserveAspectRatio="none" className={styles.spark} role="img" aria-label={`${c.total} ${c.source} events over the range`}>
            {c.points.map((p) => (
              <rect key={p.t} x={x(p.t)} width={2.5} y={32 - (p.v / max) * 32} height={(p.v / max) * 32} fill={theme.visualization.getColorByName(SOURCE_COLORS[c.source])} />
            ))}
          </svg>
        </div>
      ))}
    </div>
  );
}

interface TimelineProps {
  events: TimelineEvent[];
  selected?: string;
  truncated: SourceId[];
  loading: boolean;
  onSelect: (id: string) => void;
  onLoadOlder: () => void;
}

/** The merged timeline, newest first; rows are buttons so the keyboard can open them. */
export function Timeline({ events, selected, truncated, loading, onSelect, onLoadOlder }: TimelineProps) {
  const styles = useStyles2(getStyles);
  return (
    <div data-testid={testIds.investigate.timeline} data-events={events.length}>
      {events.length === 0 && !loading && <p>No events about this entity in the range.</p>}
      <ol className={styles.list}>
        {events.map((ev) => (
          <li key={ev.id}>
            <button
              type="button"
              className={cx(styles.row, ev.id === selected && styles.selected)}
              data-testid={testIds.investigate.row}
              data-source={ev.source}
              data-event-id={ev.id}
              aria-pressed={ev.id === selected}
              onClick={() => onSelect(ev.id)}
            >
              <span className={styles.time}>{new Date(ev.timeMs).toISOString().replace('T', ' ').slice(0, 23)}</span>
              <Badge text={ev.source} color={SOURCE_COLORS[ev.source] as 'blue'} />
              <span className={styles.summary}>{ev.event ? summaryOf(ev.event) : `unparsed: ${ev.line.slice(0, 120)}`}</span>
              {ev.hits.map((h) => (
                <Badge key={h.id} text={h.id} color={h.level === 'critical' || h.level === 'high' ? 'red' : 'orange'} icon="exclamation-triangle" />
              ))}
              {ev.via && <span className={styles.via}>via {ev.via}</span>}
            </button>
          </li>
        ))}
      </ol>
      {truncated.length > 0 && (
        <Button variant="secondary" icon="history" disabled={loading} onClick={onLoadOlder} data-testid={testIds.investigate.loadOlder}>
          Load older events ({truncated.join(', ')})
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  counts: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', gap: theme.spacing(2), marginBottom: theme.spacing(2) }),
  count: css({ fontSize: theme.typography.bodySmall.fontSize }),
  spark: css({ width: '100%', height: 32, display: 'block' }),
  list: css({ listStyle: 'none', margin: 0, padding: 0 }),
  row: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1),
    alignItems: 'center',
    width: '100%',
    textAlign: 'left',
    background: 'none',
    border: 'none',
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.primary,
    padding: theme.spacing(0.5, 1),
    cursor: 'pointer',
    '&:hover': { background: theme.colors.action.hover },
  }),
  selected: css({ background: theme.colors.action.selected }),
  time: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize, whiteSpace: 'nowrap' }),
  summary: css({ flex: '1 1 45%', minWidth: 200, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  via: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, whiteSpace: 'nowrap' }),
});
