/**
 * Panels from Grafana's foundation SDK (`@grafana/grafana-foundation-sdk`, generated from
 * Grafana's own dashboard and panel schemas), with Vigil's defaults per panel kind. The SDK's
 * classic `dashboard` package is used, not `dashboardv2`: app plugins include dashboards as
 * classic dashboard JSON.
 */
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import {
  BarGaugeDisplayMode,
  BigValueColorMode,
  BigValueGraphMode,
  LegendDisplayMode,
  LegendPlacement,
  LogsSortOrder,
  ReduceDataOptionsBuilder,
  SortOrder,
  TableSortByFieldStateBuilder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizOrientation,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import type { DashboardLink, DataSourceRef, GridPos, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** What every SDK panel builder offers and the layout sets. */
export interface SdkPanel extends Builder<Panel> {
  id(id: number): this;
  title(title: string): this;
  description(description: string): this;
  datasource(datasource: DataSourceRef): this;
  gridPos(gridPos: GridPos): this;
  targets(targets: Array<Builder<Dataquery>>): this;
}

/** Sums over the range: the panels count events. */
const sums = () => new ReduceDataOptionsBuilder().calcs(['sum']).fields('').values(false);

export const timeseriesPanel = () =>
  new timeseries.PanelBuilder()
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.Table).placement(LegendPlacement.Right).calcs(['sum']))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.None));

export const tablePanel = () => new table.PanelBuilder().showHeader(true).sortBy([new TableSortByFieldStateBuilder().displayName('Value').desc(true)]);

// The SDK's logs, stat and bar gauge panels start without a field config (`overrides([])`
// adds the empty one every panel of these dashboards carries).
export const logsPanel = () =>
  new logs.PanelBuilder().overrides([]).showTime(true).wrapLogMessage(true).sortOrder(LogsSortOrder.Descending).enableLogDetails(true);

export const statPanel = () =>
  new stat.PanelBuilder().overrides([]).reduceOptions(sums()).colorMode(BigValueColorMode.Background).graphMode(BigValueGraphMode.Area);

export const bargaugePanel = () =>
  new bargauge.PanelBuilder().overrides([]).reduceOptions(sums()).orientation(VizOrientation.Horizontal).displayMode(BarGaugeDisplayMode.Gradient);

/**
 * A data link (field config `links`). The SDK types these as dashboard links, whose builder
 * fills dashboard-link fields (type, icon, tags, placement, …) a data link does not have, so
 * the link is given as the data link Grafana reads: title and URL.
 */
export function dataLink(title: string, url: string): Builder<DashboardLink> {
  return { build: () => ({ title, url }) as DashboardLink };
}
