// Resolved by build.mjs to @grafana/runtime's PluginPage module (not exported by the package).
declare module 'host:runtime-plugin-page' {
  import { PluginPageType } from '@grafana/runtime';
  export function setPluginPage(component: PluginPageType): void;
}
