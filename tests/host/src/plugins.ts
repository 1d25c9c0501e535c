// What the host knows of the built plugin, from GET /api/plugins: devhost reads every
// plugin.json under dist/, as Grafana reads its plugins directory, and says where each
// plugin's files are served (public/plugins/<id>/).
import {
  AppPlugin,
  AppPluginMeta,
  DataSourcePlugin,
  DataSourcePluginMeta,
  PluginIncludeType,
  PluginType,
} from '@grafana/data';
import { getJson } from './backendSrv';
import { importPluginModule } from './loader/systemjs';

export interface HostPlugins {
  app: AppPluginMeta;
  datasource: DataSourcePluginMeta;
}

let plugins: HostPlugins | undefined;

/** Reads the app and the data source its plugin.json includes; call once at start-up. */
export async function loadPluginMetas(): Promise<HostPlugins> {
  const list = await getJson<Array<AppPluginMeta & DataSourcePluginMeta>>('/api/plugins');
  const app = list.find((p) => p.type === PluginType.app);
  if (!app) {
    throw new Error('the build has no app plugin (dist/plugin.json)');
  }
  const nested = app.includes?.find((inc) => inc.type === PluginIncludeType.datasource);
  const datasource = list.find((p) => p.type === PluginType.datasource && p.name === nested?.name);
  if (!datasource) {
    throw new Error(`the app includes no data source the build provides (includes: ${JSON.stringify(nested)})`);
  }
  plugins = { app, datasource };
  return plugins;
}

export function hostPlugins(): HostPlugins {
  if (!plugins) {
    throw new Error('plugin metas are not loaded yet');
  }
  return plugins;
}

async function pluginExport<T>(modulePath: string): Promise<T> {
  try {
    const module = await importPluginModule(modulePath);
    if (!module.plugin) {
      throw new Error(`${modulePath} exports no \`plugin\``);
    }
    return module.plugin as T;
  } catch (err) {
    // Logged as Grafana logs a plugin that fails to load; the page shows it too.
    console.error(`Vigil page host: failed to load ${modulePath}`, err);
    throw err;
  }
}

/** The app's AppPlugin from dist/module.js. */
export const importAppPlugin = (meta: AppPluginMeta) => pluginExport<AppPlugin>(meta.module);

/** The data source's DataSourcePlugin from dist/datasource/module.js. */
export const importDataSourcePlugin = (meta: DataSourcePluginMeta) =>
  pluginExport<DataSourcePlugin<any, any, any>>(meta.module);
