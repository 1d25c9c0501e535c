// The runtime services Grafana core registers at start-up, supplied by the host. Each one
// was found necessary by switching it off: see PAGEHOST notes in the README.
import { Observable, catchError, from, map, of } from 'rxjs';
import { DataQueryRequest, DataSourceApi, EventBusSrv, LoadingState, PanelData, toDataFrame } from '@grafana/data';
import {
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setPluginImportUtils,
  setRunRequest,
  setTemplateSrv,
  toDataQueryError,
} from '@grafana/runtime';
import { hostBackendSrv } from './backendSrv';
import { hostDataSourceSrv } from './dataSources';
import { initNav } from './nav';
import { loadPluginMetas } from './plugins';
import { setPanelRenderer } from 'host:runtime-panel-renderer';
import { HostPanelRenderer } from './panelRenderer';
import { hostPanels } from './panels';
import { hostTemplateSrv } from './templateSrv';

/** Grafana core's runRequest, reduced to one emission per data source response. */
export function hostRunRequest(ds: DataSourceApi, request: DataQueryRequest): Observable<PanelData> {
  return from(ds.query(request)).pipe(
    map((response) => ({
      state: response.state ?? (response.errors?.length || response.error ? LoadingState.Error : LoadingState.Done),
      series: (response.data ?? []).map(toDataFrame),
      errors: response.errors ?? (response.error ? [response.error] : undefined),
      timeRange: request.range,
      request,
    })),
    catchError((err: unknown) => {
      const error = toDataQueryError(err as Parameters<typeof toDataQueryError>[0]);
      return of({ state: LoadingState.Error, series: [], errors: [error], timeRange: request.range, request });
    })
  );
}

function importPanelPlugin(id: string) {
  const plugin = hostPanels[id];
  return plugin
    ? Promise.resolve(plugin)
    : Promise.reject(new Error(`panel plugin "${id}" is not part of the Vigil page host`));
}

/** Registers every service; call once, after boot and registries, before rendering. */
export async function initServices() {
  setAppEvents(new EventBusSrv());
  setBackendSrv(hostBackendSrv);
  setTemplateSrv(hostTemplateSrv);
  setDataSourceSrv(hostDataSourceSrv);
  setRunRequest(hostRunRequest);
  setPluginImportUtils({ importPanelPlugin, getPanelPluginFromCache: (id) => hostPanels[id] });
  setPanelRenderer(HostPanelRenderer);
  const { app } = await loadPluginMetas();
  initNav(app);
  await hostDataSourceSrv.reload();
}
