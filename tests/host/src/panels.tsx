// Grafana's timeseries and table panels live in Grafana core (public/app), not in any npm
// package, yet scenes' PanelBuilders ask for them by id. The host registers its own
// panel plugins with those ids, drawn with @grafana/ui's TimeSeries and Table.
import React from 'react';
import { PanelPlugin, PanelProps, PluginType } from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { Table, TimeSeries } from '@grafana/ui';

function TimeSeriesPanel({ data, width, height, timeZone }: PanelProps) {
  const frames = data.series.filter((f) => f.fields.some((field) => field.type === 'time'));
  if (frames.length === 0) {
    return <div>No time series in the response</div>;
  }
  return (
    <TimeSeries
      frames={frames}
      width={width}
      height={height}
      timeRange={data.timeRange}
      timeZone={timeZone}
      legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
    />
  );
}

function TablePanel({ data, width, height }: PanelProps) {
  const frame = data.series[0];
  if (!frame) {
    return <div>No data</div>;
  }
  return <Table data={frame} width={width} height={height} />;
}

function hostPanel(id: string, name: string, component: React.ComponentType<PanelProps>): PanelPlugin {
  const plugin = new PanelPlugin(component);
  plugin.meta = {
    id,
    name,
    type: PluginType.panel,
    module: `core:plugin/${id}`,
    baseUrl: '',
    sort: 0,
    info: {
      author: { name: 'Vigil page host' },
      description: `${name} panel of the Vigil page host`,
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
      version: 'host',
    },
  };
  return plugin;
}

/** Panel plugins by id, as Grafana's plugin loader would return them. */
export const hostPanels: Record<string, PanelPlugin> = {
  timeseries: hostPanel('timeseries', 'Time series', TimeSeriesPanel),
  table: hostPanel('table', 'Table', TablePanel),
};
