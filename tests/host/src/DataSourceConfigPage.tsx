// The data source's ConfigEditor on a host route, fed the settings the devhost serves at
// GET /api/datasources/uid/{uid}. "Test" runs the real health check through the backend.
// Edits stay in the page: the preview's settings come from devhost flags.
import React, { useEffect, useState } from 'react';
import { DataSourcePlugin, DataSourceSettings, TestDataSourceResponse } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, LoadingPlaceholder, Stack } from '@grafana/ui';
import { errorMessage, getJson } from './backendSrv';
import { hostDataSourceSrv, loadDataSourcePlugin } from './dataSources';
import { hostTestIds } from './hostTestIds';

interface Loaded {
  plugin: DataSourcePlugin<any, any, any>;
  options: DataSourceSettings;
}

export function DataSourceConfigPage() {
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [health, setHealth] = useState<TestDataSourceResponse>();
  const [testing, setTesting] = useState(false);

  useEffect(() => {
    const first = hostDataSourceSrv.getList()[0];
    const settings = first
      ? getJson<DataSourceSettings>(`/api/datasources/uid/${first.uid}`)
      : Promise.reject(new Error('The devhost serves no Vigil data source'));
    Promise.all([loadDataSourcePlugin(), settings]).then(
      ([plugin, options]) => setLoaded({ plugin, options }),
      (e: unknown) => setError(errorMessage(e))
    );
  }, []);

  const test = async () => {
    setTesting(true);
    try {
      const ds = await hostDataSourceSrv.get(loaded!.options.uid);
      setHealth(await ds.testDatasource());
    } catch (e) {
      setHealth({ status: 'error', message: errorMessage(e) });
    } finally {
      setTesting(false);
    }
  };

  const ConfigEditor = loaded?.plugin.components.ConfigEditor;
  return (
    <PluginPage subTitle="The Vigil data source's settings editor, as Grafana shows it on the data source page.">
      {error && <Alert title="Could not load the data source">{error}</Alert>}
      {!loaded && !error && <LoadingPlaceholder text="Loading data source…" />}
      {loaded && ConfigEditor && (
        <Stack direction="column" gap={2}>
          <ConfigEditor options={loaded.options} onOptionsChange={(options) => setLoaded({ ...loaded, options })} />
          <div>
            <Button data-testid={hostTestIds.testDataSource} onClick={test} disabled={testing}>
              {testing ? 'Testing…' : 'Test'}
            </Button>
          </div>
          {health && (
            <div data-testid={hostTestIds.healthResult}>
              <Alert severity={health.status === 'success' ? 'success' : 'error'} title={health.message}>
                {health.details?.message}
              </Alert>
            </div>
          )}
        </Stack>
      )}
    </PluginPage>
  );
}
