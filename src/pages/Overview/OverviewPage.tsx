import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert } from '@grafana/ui';
import { testIds } from '../../components/testIds';

/** Overview page. */
function OverviewPage() {
  return (
    <PluginPage subTitle="What fired, the noisiest rules and entities, and the health of the four security sources.">
      <div data-testid={testIds.pages.overview}>
        <Alert severity="info" title="Overview">
          Detections fired, per-source volume and health, and catalog coverage appear here once the Vigil data source is configured.
        </Alert>
      </div>
    </PluginPage>
  );
}

export default OverviewPage;
