import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { prefixRoute, ROUTES } from '../../constants';
import type { OverviewStats } from './overview.utils';

interface Stat {
  key: keyof OverviewStats;
  label: string;
  value: number;
  text: string;
  href: string;
  /** Shown red: critical hits or blind rules, or a source not healthy. */
  bad: boolean;
}

/** Four numbers first, each opening the page where it is acted on. */
export function StatRow({ stats }: { stats: OverviewStats }) {
  const styles = useStyles2(getStyles);
  const items: Stat[] = [
    { key: 'firing', label: 'Rules firing', value: stats.firing, text: String(stats.firing), href: prefixRoute(ROUTES.Detections), bad: false },
    { key: 'criticalHits', label: 'Critical hits', value: stats.criticalHits, text: String(stats.criticalHits), href: `${prefixRoute(ROUTES.Detections)}?severity=critical`, bad: stats.criticalHits > 0 },
    { key: 'blind', label: 'Blind rules', value: stats.blind, text: String(stats.blind), href: prefixRoute(ROUTES.Configuration), bad: stats.blind > 0 },
    {
      key: 'sourcesHealthy',
      label: 'Sources healthy',
      value: stats.sourcesHealthy,
      text: `${stats.sourcesHealthy} / ${stats.sources}`,
      href: prefixRoute(ROUTES.Configuration),
      bad: stats.sourcesHealthy < stats.sources,
    },
  ];
  return (
    <div className={styles.row}>
      {items.map((s) => (
        <a key={s.key} href={s.href} className={styles.stat} data-testid={testIds.overview.stat(s.key)} data-value={s.value}>
          <span className={styles.label}>{s.label}</span>
          <span className={s.bad ? styles.bad : styles.value}>{s.text}</span>
        </a>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const value = { fontSize: theme.typography.h1.fontSize, fontWeight: theme.typography.fontWeightMedium };
  return {
    row: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', gap: theme.spacing(2) }),
    stat: css({
      display: 'flex',
      flexDirection: 'column',
      padding: theme.spacing(2),
      background: theme.colors.background.secondary,
      border: `1px solid ${theme.colors.border.weak}`,
      borderRadius: theme.shape.radius.default,
      '&:hover': { borderColor: theme.colors.border.medium },
    }),
    label: css({ color: theme.colors.text.secondary }),
    value: css(value),
    bad: css({ ...value, color: theme.colors.error.text }),
  };
};
