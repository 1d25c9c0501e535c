// DataSourceSrv of the host. The instances are the plugin's own data source class
// (src/datasource/module.ts), built from the settings the devhost serves at
// GET /api/datasources, as Grafana builds them from its frontend settings.
import {
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePlugin,
  DataSourcePluginMeta,
  DataSourceRef,
  PluginType,
} from '@grafana/data';
import { DataSourceSrv, config } from '@grafana/runtime';
import pluginJson from '../../../src/datasource/plugin.json';
import { getJson } from './backendSrv';

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

// The only plugin type this host can load: the Vigil data source, from source.
const pluginMeta: DataSourcePluginMeta = {
  ...(pluginJson as unknown as DataSourcePluginMeta),
  type: PluginType.datasource,
  baseUrl: `public/plugins/${pluginJson.id}`,
  module: `public/plugins/${pluginJson.id}/module.js`,
  info: { ...pluginJson.info, version: 'preview', updated: '', links: [], screenshots: [] },
};

let pluginPromise: Promise<DataSourcePlugin<any, any, any>> | undefined;

/** The data source plugin from src/datasource, loaded lazily like Grafana loads module.js. */
export function loadDataSourcePlugin(): Promise<DataSourcePlugin<any, any, any>> {
  pluginPromise ??= import('../../../src/datasource/module').then((m) => {
    m.plugin.meta = pluginMeta;
    return m.plugin;
  });
  return pluginPromise;
}

function toInstanceSettings(item: DataSourceListItem): DataSourceInstanceSettings {
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
    meta: pluginMeta,
  };
}

class HostDataSourceSrv implements DataSourceSrv {
  private settings: DataSourceInstanceSettings[] = [];
  private instances = new Map<string, Promise<DataSourceApi>>();

  async reload() {
    const list = await getJson<DataSourceListItem[]>('/api/datasources');
    this.settings = list.filter((d) => d.type === pluginJson.id).map(toInstanceSettings);
    this.instances.clear();
    config.datasources = Object.fromEntries(this.settings.map((s) => [s.name, s]));
    config.defaultDatasource = this.settings.find((s) => s.isDefault)?.name ?? this.settings[0]?.name ?? '';
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
