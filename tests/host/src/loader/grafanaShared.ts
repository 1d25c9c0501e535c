/**
 * The modules Grafana's plugin loader gives plugins (the keys of `sharedDependenciesMap` in
 * Grafana's public/app/features/plugins/loader/sharedDependencies.ts), plus the AMD
 * loader's own `module`, `require` and `exports`. A webpack external outside this list is
 * an AMD dependency Grafana cannot resolve: the plugin would fail to load.
 * No imports: the browser host and the artifact checks in Node both read it.
 */
export const GRAFANA_SHARED_MODULES: readonly string[] = [
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/data/unstable',
  '@grafana/runtime',
  '@grafana/runtime/unstable',
  '@grafana/slate-react',
  '@grafana/ui',
  '@grafana/ui/unstable',
  '@kusto/monaco-kusto',
  'app/core/app_events',
  'app/core/config',
  'app/core/core',
  'app/core/services/backend_srv',
  'app/core/table_model',
  'app/core/time_series',
  'app/core/time_series2',
  'app/core/utils/datemath',
  'app/core/utils/flatten',
  'app/core/utils/kbn',
  'app/core/utils/ticks',
  'app/features/dashboard/impression_store',
  'd3',
  'emotion',
  'i18next',
  'jquery',
  'lodash',
  'moment',
  'prismjs',
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  'react-dom/server',
  'react-inlinesvg',
  'react-redux',
  'react-router-dom',
  'react-router',
  'redux',
  'rxjs',
  'rxjs/operators',
  'slate',
  'slate-plain-serializer',
  'slate-react',
];

export const AMD_SPECIAL_MODULES: readonly string[] = ['module', 'require', 'exports'];

export function isGrafanaShared(name: string): boolean {
  return GRAFANA_SHARED_MODULES.includes(name) || AMD_SPECIAL_MODULES.includes(name);
}
