import { GrafanaHttp } from './http';
import { GrafanaApiError, messageOf } from './errors';
import { assertContract } from './validate';
import { expectStatus } from './alertRules';
import { DataSourceSummary, Folder, PluginSettings } from './types';

/** Folders: alert rules need one to live in. */
export class FoldersApi {
  constructor(private readonly http: GrafanaHttp) {}

  async get(uid: string): Promise<Folder | undefined> {
    const res = await this.http.request<Folder>('GET', `/api/folders/${encodeURIComponent(uid)}`);
    if (res.status === 404) {
      return undefined;
    }
    expectStatus(res, [200], `Reading folder ${uid}`);
    return res.data;
  }

  /** Returns the folder, creating it when missing; a concurrent create (409) is not an error. */
  async ensure(uid: string, title: string): Promise<Folder> {
    const found = await this.get(uid);
    if (found) {
      return found;
    }
    const body = { uid, title };
    assertContract('folderCreate', body);
    const res = await this.http.request<Folder>('POST', '/api/folders', body);
    if (res.status === 200) {
      return res.data;
    }
    if (res.status === 409) {
      const again = await this.get(uid);
      if (again) {
        return again;
      }
    }
    throw new GrafanaApiError(res.status, messageOf(res.data), `Creating folder "${title}"`);
  }
}

/** Data source lookups and the app's plugin settings. */
export class SettingsApi {
  constructor(private readonly http: GrafanaHttp) {}

  async dataSources(type?: string): Promise<DataSourceSummary[]> {
    const res = await this.http.request<DataSourceSummary[]>('GET', '/api/datasources');
    expectStatus(res, [200], 'Listing data sources');
    return (res.data ?? []).filter((ds) => !type || ds.type === type);
  }

  /** A data source's resource (what its backend answers under /resources/, e.g. Vigil's `health`). */
  async dataSourceResource<T>(uid: string, path: string): Promise<T> {
    const res = await this.http.request<T>('GET', `/api/datasources/uid/${encodeURIComponent(uid)}/resources/${path}`);
    expectStatus(res, [200], `Reading ${path} of data source ${uid}`);
    return res.data;
  }

  async pluginSettings(pluginId: string): Promise<PluginSettings> {
    const res = await this.http.request<PluginSettings>('GET', `/api/plugins/${encodeURIComponent(pluginId)}/settings`);
    expectStatus(res, [200], `Reading settings of ${pluginId}`);
    return res.data;
  }

  async updatePluginSettings(pluginId: string, update: Partial<PluginSettings> & { secureJsonData?: Record<string, string> }) {
    const body = { enabled: update.enabled, pinned: update.pinned, jsonData: update.jsonData, secureJsonData: update.secureJsonData };
    assertContract('pluginSettingsUpdate', JSON.parse(JSON.stringify(body)));
    const res = await this.http.request('POST', `/api/plugins/${encodeURIComponent(pluginId)}/settings`, body);
    expectStatus(res, [200], `Saving settings of ${pluginId}`);
  }
}
