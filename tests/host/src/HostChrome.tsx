// The frame around every page: a banner that says plainly this is not Grafana, the theme
// switch, and a side nav standing in for Grafana's mega menu.
import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { config } from '@grafana/runtime';
import { Button, Icon, useStyles2 } from '@grafana/ui';
import { useLocation } from 'react-router-dom';
import { APP_TITLE, activeNavItem, navItems } from './nav';
import { hostTestIds } from './hostTestIds';
import { switchTheme } from './theme';

export function HostChrome({ children }: { children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  const active = activeNavItem(useLocation().pathname);
  const isLight = config.theme2.isLight;
  return (
    <div className={styles.shell}>
      <div className={styles.banner} data-testid={hostTestIds.banner} role="banner">
        <span>
          <Icon name="exclamation-triangle" /> <strong>Vigil native preview — not Grafana.</strong> The plugin&apos;s
          pages and its real backend, on a test host built from Grafana&apos;s npm packages.
        </span>
        <Button
          size="sm"
          variant="secondary"
          data-testid={hostTestIds.themeSwitch}
          onClick={() => switchTheme(isLight ? 'dark' : 'light')}
        >
          {isLight ? 'Dark theme' : 'Light theme'}
        </Button>
      </div>
      <div className={styles.main}>
        <nav className={styles.nav} data-testid={hostTestIds.nav} aria-label="Vigil pages">
          <div className={styles.navTitle}>{APP_TITLE}</div>
          {navItems.map((item, i) => (
            <React.Fragment key={item.url}>
              {item.section === 'datasource' && navItems[i - 1]?.section === 'app' && (
                <div className={styles.navTitle}>Data source</div>
              )}
              <a href={item.url} className={cx(styles.navLink, item === active && styles.navActive)}>
                {item.text}
              </a>
            </React.Fragment>
          ))}
        </nav>
        <main className={styles.content}>{children}</main>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  shell: css({
    display: 'flex',
    flexDirection: 'column',
    minHeight: '100vh',
    background: theme.colors.background.canvas,
  }),
  banner: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    padding: theme.spacing(0.75, 2),
    background: theme.colors.warning.main,
    color: theme.colors.warning.contrastText,
  }),
  main: css({ display: 'flex', flexGrow: 1 }),
  nav: css({
    width: 220,
    flexShrink: 0,
    padding: theme.spacing(2, 1),
    borderRight: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  navTitle: css({ ...theme.typography.h6, padding: theme.spacing(1, 1, 0.5), color: theme.colors.text.secondary }),
  navLink: css({
    padding: theme.spacing(0.75, 1.5),
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
    '&:hover': { background: theme.colors.action.hover },
  }),
  navActive: css({ background: theme.colors.action.selected, fontWeight: theme.typography.fontWeightMedium }),
  content: css({ flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }),
});
