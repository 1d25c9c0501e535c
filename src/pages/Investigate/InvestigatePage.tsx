import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert } from '@grafana/ui';
import { testIds } from '../../components/testIds';

/** Investigate page. */
function InvestigatePage() {
  return (
    <PluginPage subTitle="Follow a user, pod, IP or domain across audit, DNS, network and Falco events.">
      <div data-testid={testIds.pages.investigate}>
        <Alert severity="info" title="Investigate">
          Pick an entity and a time range to see its timeline across the four sources.
        </Alert>
      </div>
    </PluginPage>
  );
}

export default InvestigatePage;
