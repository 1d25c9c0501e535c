/** Loading and saving the page's settings, and running the source check. */
import { useCallback, useEffect, useState } from 'react';
import { config as grafanaConfig } from '@grafana/runtime';
import { reloadDataSourceInstanceSettings } from '@grafana/runtime/unstable';
import { type DataSourceSummary, SettingsApi } from '../../api/grafana';
import { backendSrvHttp } from '../../api/grafana/backendSrvHttp';
import { readDetectionsSettings, withDetectionsSettings } from '../../alerting/settings';
import { DATASOURCE_TYPE, PLUGIN_ID } from '../../constants';
import { readConfiguration, withConfiguration } from './appSettings';
import { dataSourceCalls } from './backend';
import { checkSources, type SourceReport } from './checkSources';
import { createDataSource, vigilDataSourceFrom } from './createDataSource';
import type { SettingsDraft } from './SettingsForm';

const api = new SettingsApi(backendSrvHttp);

export interface ConfigurationState {
  draft?: SettingsDraft;
  loadError?: string;
  vigilSources: Array<{ uid: string; name: string }>;
  allSources: DataSourceSummary[];
  reports?: SourceReport[];
  checking: boolean;
  checkError?: string;
}

export function useConfiguration() {
  const [state, setState] = useState<ConfigurationState>({ vigilSources: [], allSources: [], checking: false });
  const patch = (p: Partial<ConfigurationState>) => setState((s) => ({ ...s, ...p }));

  const check = useCallback(async (uid: string | undefined, fresh: boolean) => {
    if (!uid) {
      patch({ reports: undefined, checkError: 'Pick or create a Vigil data source first.' });
      return;
    }
    patch({ checking: true, checkError: undefined });
    try {
      patch({ reports: await checkSources(await dataSourceCalls(uid, fresh)), checking: false });
    } catch (e) {
      patch({ checking: false, checkError: (e as Error).message });
    }
  }, []);

  useEffect(() => {
    (async () => {
      const settings = await api.pluginSettings(PLUGIN_ID);
      const config = readConfiguration(settings.jsonData);
      // Boot data: the settings list of @grafana/runtime is internal to Grafana.
      const vigilSources = Object.values(grafanaConfig.datasources)
        .filter((d) => d.type === DATASOURCE_TYPE)
        .map((d) => ({ uid: d.uid, name: d.name }));
      // The only Vigil data source is the obvious choice until the user saves another.
      config.dataSourceUid ??= vigilSources.length === 1 ? vigilSources[0].uid : undefined;
      const allSources = await api.dataSources().catch(() => []);
      patch({ draft: { config, detections: readDetectionsSettings(settings.jsonData).settings }, vigilSources, allSources });
      await check(config.dataSourceUid, false);
    })().catch((e: Error) => patch({ loadError: e.message }));
  }, [check]);

  const save = async (draft: SettingsDraft): Promise<string> => {
    const current = await api.pluginSettings(PLUGIN_ID);
    const jsonData = withDetectionsSettings(withConfiguration(current.jsonData, draft.config), draft.detections);
    await api.updatePluginSettings(PLUGIN_ID, { enabled: current.enabled, pinned: current.pinned, jsonData });
    return 'The settings are saved in the app.';
  };

  const create = async (log: DataSourceSummary, prom: DataSourceSummary | undefined): Promise<string> => {
    const uid = await createDataSource(backendSrvHttp, vigilDataSourceFrom(log, prom));
    await reloadDataSourceInstanceSettings();
    return uid;
  };

  return { state, setDraft: (draft: SettingsDraft) => patch({ draft }), check, save, create };
}
