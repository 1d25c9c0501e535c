import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert } from '@grafana/ui';
import { testIds } from '../../components/testIds';

/** Detections page. */
function DetectionsPage() {
  return (
    <PluginPage subTitle="Turn security detections into Grafana alert rules, or write your own.">
      <div data-testid={testIds.pages.detections}>
        <Alert severity="info" title="Detections">
          The detection catalog, rule previews and alert rule authoring appear here.
        </Alert>
      </div>
    </PluginPage>
  );
}

export default DetectionsPage;
