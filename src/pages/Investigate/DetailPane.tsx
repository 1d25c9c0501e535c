import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, IconButton, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { pivotsOf, type Pivot } from '../../investigate/pivots';
import type { TimelineEvent } from '../../investigate/timeline';
import { summaryOf } from '../../investigate/summary';

interface Props {
  event: TimelineEvent;
  onPivot: (pivot: Pivot) => void;
  onClose: () => void;
}

const fieldText = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === null ? 'null' : String(v));

/** One event in full: parsed fields, the raw line, and pivots that re-aim the page. */
export function DetailPane({ event, onPivot, onClose }: Props) {
  const styles = useStyles2(getStyles);
  const fields = Object.entries(event.event?.fields ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className={styles.pane} data-testid={testIds.investigate.detail} aria-label="Event details">
      <div className={styles.head}>
        <h3 className={styles.title}>{event.event ? summaryOf(event.event) : 'Unparsed line'}</h3>
        <IconButton name="times" tooltip="Close details" onClick={onClose} />
      </div>
      <div className={styles.meta}>
        <Badge text={event.source} color="blue" /> {new Date(event.timeMs).toISOString()}
        {event.via && <span className={styles.via}> · via {event.via}</span>}
      </div>
      {event.hits.length > 0 && (
        <div className={styles.meta}>
          {event.hits.map((h) => (
            <Badge key={h.id} text={`${h.title} (${h.level})`} color={h.level === 'critical' || h.level === 'high' ? 'red' : 'orange'} icon="exclamation-triangle" />
          ))}
        </div>
      )}
      <h4>Pivots</h4>
      <div className={styles.pivots}>
        {pivotsOf(event).map((p) => (
          <Button key={p.key} size="sm" variant="secondary" data-testid={testIds.investigate.pivot(p.key)} onClick={() => onPivot(p)}>
            {p.label}
          </Button>
        ))}
      </div>
      {event.parseError && (
        <p className={styles.error}>
          Parse error ({event.parseError.kind}): {event.parseError.message}
        </p>
      )}
      <h4>Fields</h4>
      <table className={styles.fields} data-testid={testIds.investigate.fields}>
        <tbody>
          {fields.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{fieldText(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Raw line</h4>
      <pre className={styles.raw} data-testid={testIds.investigate.rawLine}>
        {event.line}
      </pre>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  pane: css({ padding: theme.spacing(2), background: theme.colors.background.secondary, borderRadius: theme.shape.radius.default, overflow: 'auto' }),
  head: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: theme.spacing(1) }),
  title: css({ fontSize: theme.typography.h5.fontSize, wordBreak: 'break-word' }),
  meta: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'center', marginBottom: theme.spacing(1) }),
  via: css({ color: theme.colors.text.secondary }),
  pivots: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), marginBottom: theme.spacing(2) }),
  error: css({ color: theme.colors.error.text }),
  fields: css({
    width: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
    th: { textAlign: 'left', fontWeight: theme.typography.fontWeightMedium, paddingRight: theme.spacing(2), verticalAlign: 'top', whiteSpace: 'nowrap' },
    td: { wordBreak: 'break-all' },
  }),
  raw: css({ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: theme.typography.bodySmall.fontSize, maxHeight: 240, overflow: 'auto' }),
});
