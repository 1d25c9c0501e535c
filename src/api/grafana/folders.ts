import { GrafanaHttp } from './http';
import { GrafanaApiError, messageOf } from './errors';
import { assertContract } from './validate';
import { expectStatus } from './alertRules';
import { DataSourceSummary, Folder, FolderEntry, PluginSettings } from './types';

/** Folders per page of GET /api/folders (Grafana's default and the documented maximum page). */
const FOLDER_PAGE = 1000;
/** Subfolder listings a walk makes before it stops (one per folder that is looked into). */
const MAX_LISTINGS = 200;
/** Subfolder listings in flight at once. */
const CONCURRENCY = 4;

/** Folders: alert rules need one to live in. */
export class FoldersApi {
  constructor(private readonly http: GrafanaHttp) {}

  /**
   * The folders directly under `parentUid` (the root without it), every page of them. An entry
   * without `parentUid` is given the one it was listed under.
   */
  async children(parentUid?: string): Promise<Folder[]> {
    const out: Folder[] = [];
    for (let page = 1; ; page++) {
      const q = new URLSearchParams({ limit: String(FOLDER_PAGE), page: String(page) });
      if (parentUid) {
        q.set('parentUid', parentUid);
      }
      const res = await this.http.request<Folder[]>('GET', `/api/folders?${q}`);
      expectStatus(res, [200], parentUid ? `Listing the subfolders of ${parentUid}` : 'Listing folders');
      const batch = Array.isArray(res.data) ? res.data : [];
      out.push(...batch.map((f) => (parentUid && !f.parentUid ? { ...f, parentUid } : f)));
      if (batch.length < FOLDER_PAGE) {
        return out;
      }
    }
  }

  /**
   * Every folder the user can see, nested ones included, each with the titles of its path, in
   * path order. With nested folders Grafana lists one level per request, so the walk asks for
   * each folder's subfolders (a few at a time) and stops after MAX_LISTINGS of them: `complete`
   * is false when some were not looked into.
   */
  async list(): Promise<{ folders: FolderEntry[]; complete: boolean }> {
    const found = new Map<string, FolderEntry>();
    const add = (f: Folder, parent?: FolderEntry): FolderEntry | undefined => {
      if (found.has(f.uid) || !f.uid || !f.title) {
        return undefined;
      }
      const entry: FolderEntry = { uid: f.uid, title: f.title, parentUid: parent?.uid, path: [...(parent?.path ?? []), f.title] };
      found.set(f.uid, entry);
      return entry;
    };
    let level = (await this.children()).map((f) => add(f)).filter((f): f is FolderEntry => !!f);
    let listings = 0;
    let complete = true;
    while (level.length > 0) {
      if (listings + level.length > MAX_LISTINGS) {
        level = level.slice(0, Math.max(0, MAX_LISTINGS - listings));
        complete = false;
      }
      listings += level.length;
      const queue = [...level];
      const next: FolderEntry[] = [];
      const worker = async () => {
        for (let parent = queue.shift(); parent; parent = queue.shift()) {
          for (const child of await this.children(parent.uid)) {
            const entry = add(child, parent);
            if (entry) {
              next.push(entry);
            }
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      level = next;
    }
    const key = (f: FolderEntry) => f.path.join('\u0000').toLowerCase();
    return { folders: [...found.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)), complete };
  }

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
