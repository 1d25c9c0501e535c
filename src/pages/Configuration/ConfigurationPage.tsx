import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert } from '@grafana/ui';
import { testIds } from '../../components/testIds';

/** Configuration page. */
function ConfigurationPage() {
  return (
    <PluginPage subTitle="Connect Vigil to your log backend and Prometheus, and onboard each source.">
      <div data-testid={testIds.pages.configuration}>
        <Alert severity="info" title="Configuration">
          Pick the Vigil data source and check that audit, CoreDNS, netfilter and Falco streams are found.
        </Alert>
      </div>
    </PluginPage>
  );
}

export default ConfigurationPage;
