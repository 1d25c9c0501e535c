// Mounts the app plugin's root page the way Grafana does: meta from
// GET /api/plugins/{id}/settings, the AppPlugin from the built module.js (loaded through
// SystemJS), rendered inside a PluginContextProvider under the /a/{id}/* route.
import React, { useEffect, useState } from 'react';
import { AppPlugin, AppPluginMeta, PluginContextProvider } from '@grafana/data';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { useLocation } from 'react-router-dom';
import { errorMessage, getJson } from './backendSrv';
import { APP_BASE, APP_ID } from './nav';
import { importAppPlugin } from './plugins';

interface Loaded {
  plugin: AppPlugin;
  meta: AppPluginMeta;
}

async function loadApp(): Promise<Loaded> {
  const meta = await getJson<AppPluginMeta>(`/api/plugins/${APP_ID}/settings`);
  const plugin = await importAppPlugin(meta);
  plugin.meta = meta;
  plugin.init(meta);
  return { plugin, meta };
}

let appPromise: Promise<Loaded> | undefined;

export function AppRootPage() {
  const location = useLocation();
  const [app, setApp] = useState<Loaded>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    appPromise ??= loadApp();
    appPromise.then(setApp, (e: unknown) => setError(errorMessage(e)));
  }, []);

  if (error) {
    return <Alert title="The app could not be loaded">{error}</Alert>;
  }
  if (!app?.plugin.root) {
    return <LoadingPlaceholder text="Loading app…" />;
  }
  const Root = app.plugin.root;
  return (
    <PluginContextProvider meta={app.meta}>
      <Root
        meta={app.meta}
        basename={APP_BASE}
        path={location.pathname}
        query={Object.fromEntries(new URLSearchParams(location.search))}
        onNavChanged={() => {}}
      />
    </PluginContextProvider>
  );
}
