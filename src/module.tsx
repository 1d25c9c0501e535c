// Keep this file tiny: it is the main bundle Grafana loads on start. Pages, scenes, the
// detection engine and editors are imported lazily below; importing any of them here
// would pull them into module.js.
import React, { Suspense, lazy } from 'react';
import { AppPlugin, type AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';

const LazyApp = lazy(() => import('./components/App/App'));
const LazyConfig = lazy(() =>
  import('./pages/Configuration/ConfigurationPage').then((m) => ({ default: m.ConfigurationContent }))
);

const App = (props: AppRootProps) => (
  <Suspense fallback={<LoadingPlaceholder text="Loading Vigil…" />}>
    <LazyApp {...props} />
  </Suspense>
);

const Config = () => (
  <Suspense fallback={<LoadingPlaceholder text="Loading configuration…" />}>
    <LazyConfig />
  </Suspense>
);

export const plugin = new AppPlugin<{}>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: Config,
  id: 'configuration',
});
