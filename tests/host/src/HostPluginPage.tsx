// runtime's PluginPage is a bare <div> until Grafana core installs its page chrome with
// setPluginPage. The host installs this one: title from the nav item (or pageNav), subtitle,
// actions and the pageNav tabs, so titles and tabs render as they do in Grafana.
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPageProps } from '@grafana/runtime';
import { useLocation } from 'react-router-dom';
import { Stack, Tab, TabsBar, Text, useStyles2 } from '@grafana/ui';
import { activeNavItem } from './nav';

export function HostPluginPage({ pageNav, subTitle, actions, info, children, renderTitle }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  const section = activeNavItem(useLocation().pathname);
  const title = pageNav?.text ?? section?.text ?? '';
  const tabs = pageNav?.children ?? [];
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <Stack justifyContent="space-between" alignItems="flex-start">
          <div>
            {renderTitle ? renderTitle(title) : <h1 className={styles.title}>{title}</h1>}
            {subTitle && (
              <Text color="secondary" element="p">
                {subTitle}
              </Text>
            )}
            {info?.map((item) => (
              <Text key={item.label} color="secondary" element="span">
                {item.label}: {item.value}
              </Text>
            ))}
          </div>
          {actions && <Stack>{actions}</Stack>}
        </Stack>
        {tabs.length > 0 && (
          <TabsBar className={styles.tabs}>
            {tabs.map((tab) => (
              <Tab
                key={tab.url ?? tab.text}
                label={tab.text}
                href={tab.url}
                active={tab.active}
                icon={tab.icon as never}
              />
            ))}
          </TabsBar>
        )}
      </header>
      <div className={styles.body}>{children}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({
    padding: theme.spacing(2, 3),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
    flexGrow: 1,
  }),
  header: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  title: css({ margin: 0, ...theme.typography.h1 }),
  tabs: css({ marginTop: theme.spacing(1) }),
  body: css({ flexGrow: 1 }),
});
