// The data source's QueryEditor on a host route. Running a query goes through the plugin's
// own VigilDataSource.query → POST /api/ds/query → devhost → the real backend binary.
import React, { useEffect, useState } from 'react';
import { CoreApp, DataQueryRequest, DataSourceApi, PanelData, dateTime, getDefaultTimeRange } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { DataQuery } from '@grafana/schema';
import { Alert, Button, LoadingPlaceholder, RadioButtonGroup, Stack } from '@grafana/ui';
import { useLocation } from 'react-router-dom';
import { errorMessage } from './backendSrv';
import { hostDataSourceSrv } from './dataSources';
import { hostTestIds } from './hostTestIds';
import { QueryResult } from './QueryResult';
import { hostRunRequest } from './services';

const RANGES = [
  { label: 'Last 15 minutes', value: 15 },
  { label: 'Last 1 hour', value: 60 },
  { label: 'Last 6 hours', value: 360 },
  { label: 'Last 24 hours', value: 1440 },
];

function lastMinutes(minutes: number) {
  const to = dateTime();
  const from = dateTime(to.valueOf() - minutes * 60_000);
  return { from, to, raw: { from: `now-${minutes}m`, to: 'now' } };
}

let requestCounter = 0;

function buildRequest(query: DataQuery, minutes: number): DataQueryRequest<DataQuery> {
  const range = minutes ? lastMinutes(minutes) : getDefaultTimeRange();
  return {
    requestId: `host-${++requestCounter}`,
    app: CoreApp.Explore,
    interval: '1m',
    intervalMs: 60_000,
    maxDataPoints: 1000,
    range,
    scopedVars: {},
    targets: [query],
    timezone: 'browser',
    startTime: Date.now(),
  };
}

// Like Explore, the page takes its starting query from the URL: ?query=<JSON of fields>.
function queryFromUrl(search: string): Partial<DataQuery> {
  const raw = new URLSearchParams(search).get('query');
  if (!raw) {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Partial<DataQuery>) : {};
  } catch {
    console.warn('ignoring ?query=: not JSON');
    return {};
  }
}

export function DataSourceQueryPage() {
  const { search } = useLocation();
  const [ds, setDs] = useState<DataSourceApi>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState<DataQuery>({ refId: 'A' });
  const [minutes, setMinutes] = useState(60);
  const [data, setData] = useState<PanelData>();

  useEffect(() => {
    hostDataSourceSrv.get().then(
      (instance) => {
        setDs(instance);
        setQuery({ refId: 'A', ...instance.getDefaultQuery?.(CoreApp.Explore), ...queryFromUrl(search) });
      },
      (e: unknown) => setError(errorMessage(e))
    );
  }, [search]);

  const run = () => {
    if (ds) {
      hostRunRequest(ds, buildRequest(query, minutes)).subscribe(setData);
    }
  };

  const QueryEditor = ds?.components?.QueryEditor;
  return (
    <PluginPage subTitle="The Vigil query editor, as Explore and panels show it. Run sends the query to the real backend.">
      {error && <Alert title="Could not load the data source">{error}</Alert>}
      {!ds && !error && <LoadingPlaceholder text="Loading data source…" />}
      {ds && QueryEditor && (
        <Stack direction="column" gap={2}>
          <QueryEditor
            datasource={ds}
            query={query}
            onChange={setQuery}
            onRunQuery={run}
            app={CoreApp.Explore}
            data={data}
          />
          <Stack alignItems="center">
            <RadioButtonGroup options={RANGES} value={minutes} onChange={setMinutes} />
            <Button icon="play" data-testid={hostTestIds.runQuery} onClick={run}>
              Run query
            </Button>
          </Stack>
          {data && <QueryResult data={data} width={900} />}
        </Stack>
      )}
    </PluginPage>
  );
}
