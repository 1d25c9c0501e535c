import React, { useMemo } from 'react';
import { PluginPage } from '@grafana/runtime';
import { backendSrvHttp } from '../../api/grafana/backendSrvHttp';
import { testIds } from '../../components/testIds';
import { Detections } from './Detections';

/** Detections page (lazily loaded by App): Grafana's HTTP API through backendSrv. */
function DetectionsPage() {
  const deps = useMemo(() => ({ http: backendSrvHttp, now: () => Date.now() }), []);
  return (
    <PluginPage subTitle="Turn security detections into Grafana alert rules, or write your own.">
      <div data-testid={testIds.pages.detections}>
        <Detections deps={deps} />
      </div>
    </PluginPage>
  );
}

export default DetectionsPage;
