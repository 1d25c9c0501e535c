// Grafana core's PanelRenderer, which plugins draw Grafana's panels with: here the host's
// panel plugins (panels.tsx), given the data with its field config applied, as Grafana's
// panel chrome does before a panel sees it.
import React from 'react';
import { EventBusSrv, PanelProps, applyFieldOverrides, getDefaultTimeRange } from '@grafana/data';
import { PanelRendererProps, config } from '@grafana/runtime';
import { hostPanels } from './panels';

const eventBus = new EventBusSrv();

export function HostPanelRenderer({ pluginId, data, title, options, fieldConfig, timeZone = 'browser', width, height }: PanelRendererProps) {
  const Panel = hostPanels[pluginId]?.panel;
  if (!Panel || !data) {
    return <div>{Panel ? 'No data' : `Panel "${pluginId}" is not part of the Vigil page host`}</div>;
  }
  const series = applyFieldOverrides({
    data: data.series,
    fieldConfig: { defaults: fieldConfig?.defaults ?? {}, overrides: fieldConfig?.overrides ?? [] },
    replaceVariables: (v) => v,
    theme: config.theme2,
    timeZone,
  });
  const props: PanelProps = {
    id: 0,
    title,
    data: { ...data, series },
    timeRange: data.timeRange ?? getDefaultTimeRange(),
    timeZone,
    options: options ?? {},
    fieldConfig: { defaults: fieldConfig?.defaults ?? {}, overrides: fieldConfig?.overrides ?? [] },
    transparent: true,
    width,
    height,
    renderCounter: 0,
    replaceVariables: (v) => v,
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    onChangeTimeRange: () => {},
    eventBus,
  };
  return <Panel {...props} />;
}
