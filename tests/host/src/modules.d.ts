// Resolved by build.mjs to @grafana/runtime's PluginPage module (not exported by the package).
declare module 'host:runtime-plugin-page' {
  import { PluginPageType } from '@grafana/runtime';
  export function setPluginPage(component: PluginPageType): void;
}

// Resolved by build.mjs to the modules behind @grafana/runtime/unstable's data source calls.
declare module 'host:runtime-ds/settings' {
  export function syncDataSourceInstanceSettings(settings: { datasources: Record<string, import('@grafana/data').DataSourceInstanceSettings>; defaultDatasource: string }): void;
}
declare module 'host:runtime-ds/dataSource' {
  import { DataSourcePlugin, DataSourcePluginMeta } from '@grafana/data';
  export function setDataSourcePluginImporter(fn: (meta: DataSourcePluginMeta) => Promise<DataSourcePlugin<any, any, any>>): void;
}
declare module 'host:runtime-panel-renderer' {
  export function setPanelRenderer(renderer: React.ComponentType<import('@grafana/runtime').PanelRendererProps>): void;
}
