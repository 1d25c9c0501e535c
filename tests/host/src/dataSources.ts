// DataSourceSrv of the host. The instances are the plugin's own data source class, from
// the built dist/datasource/module.js, built from the settings the devhost serves at
// GET /api/datasources, as Grafana builds them from its frontend settings.
import {
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePlugin,
  DataSourcePluginMeta,
  DataSourceRef,
} from '@grafana/data';
import { DataSourceSrv, config } from '@grafana/runtime';
import { setDataSourcePluginImporter } from 'host:runtime-ds/dataSource';
import { syncDataSourceInstanceSettings } from 'host:runtime-ds/settings';
import { getJson } from './backendSrv';
import { hostPlugins, importDataSourcePlugin } from './plugins';

/** One row of GET /api/datasources, as Grafana answers it. */
export interface DataSourceListItem {
  id: number;
  uid: string;
  name: string;
  type: string;
  url: string;
  isDefault: boolean;
  readOnly: boolean;
  jsonData: Record<string, unknown>;
}

let pluginPromise: Promise<DataSourcePlugin<any, any, any>> | undefined;

/** The data source plugin from the build, loaded on first use like Grafana loads module.js. */
export function loadDataSourcePlugin(): Promise<DataSourcePlugin<any, any, any>> {
  const meta = hostPlugins().datasource;
  pluginPromise ??= importDataSourcePlugin(meta).then((plugin) => {
    plugin.meta = meta;
    return plugin;
  });
  return pluginPromise;
}

function toInstanceSettings(item: DataSourceListItem, meta: DataSourcePluginMeta): DataSourceInstanceSettings {
  return {
    id: item.id,
    uid: item.uid,
    name: item.name,
    type: item.type,
    url: item.url,
    isDefault: item.isDefault,
    readOnly: item.readOnly,
    jsonData: item.jsonData,
    access: 'proxy',
    meta,
  };
}

class HostDataSourceSrv implements DataSourceSrv {
  private settings: DataSourceInstanceSettings[] = [];
  private instances = new Map<string, Promise<DataSourceApi>>();

  async reload() {
    const list = await getJson<DataSourceListItem[]>('/api/datasources');
    const meta = hostPlugins().datasource;
    this.settings = list.filter((d) => d.type === meta.id).map((d) => toInstanceSettings(d, meta));
    this.instances.clear();
    config.datasources = Object.fromEntries(this.settings.map((s) => [s.name, s]));
    config.defaultDatasource = this.settings.find((s) => s.isDefault)?.name ?? this.settings[0]?.name ?? '';
    // The same settings for @grafana/runtime/unstable, which Grafana also fills on reload.
    syncDataSourceInstanceSettings({ datasources: config.datasources, defaultDatasource: config.defaultDatasource });
  }

  getList(): DataSourceInstanceSettings[] {
    return this.settings;
  }

  getInstanceSettings(ref?: DataSourceRef | string | null): DataSourceInstanceSettings | undefined {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    if (!key) {
      return this.settings.find((s) => s.isDefault) ?? this.settings[0];
    }
    return this.settings.find((s) => s.uid === key || s.name === key);
  }

  get(ref?: DataSourceRef | string | null): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref);
    if (!settings) {
      return Promise.reject(new Error(`Data source ${JSON.stringify(ref)} was not found`));
    }
    let instance = this.instances.get(settings.uid);
    if (!instance) {
      instance = loadDataSourcePlugin().then((plugin) => {
        const ds = new plugin.DataSourceClass(settings);
        ds.components = plugin.components;
        ds.meta = settings.meta;
        return ds;
      });
      this.instances.set(settings.uid, instance);
    }
    return instance;
  }

  registerRuntimeDataSource(): void {
    throw new Error('runtime data sources are not supported by the Vigil page host');
  }
}

export const hostDataSourceSrv = new HostDataSourceSrv();

// getDataSourceInstance builds instances from the same plugin module.
setDataSourcePluginImporter(() => loadDataSourcePlugin());
