import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, LoadingPlaceholder, Stack } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { SHIPPERS_GUIDE } from '../../onboarding';
import { Onboarding } from './Onboarding';
import { SettingsForm } from './SettingsForm';
import { SourceCard } from './SourceCard';
import { useConfiguration } from './useConfiguration';

/**
 * Data source, alert defaults, global lists, and each source's health and onboarding. Shown
 * both as the app's nav page and as its configuration tab on the plugin details page.
 */
export function ConfigurationContent() {
  const { state, setDraft, check, save, create } = useConfiguration();
  const { draft } = state;
  const unhealthy = state.reports?.some((r) => r.status.state !== 'healthy');
  return (
    <div data-testid={testIds.pages.configuration}>
      {state.loadError && (
        <Alert severity="error" title="The settings could not be loaded">
          {state.loadError}
        </Alert>
      )}
      {draft ? (
        <SettingsForm
          draft={draft}
          onChange={setDraft}
          vigilSources={state.vigilSources}
          allSources={state.allSources}
          onCreate={create}
          onSave={() => save(draft)}
        />
      ) : (
        !state.loadError && <LoadingPlaceholder text="Loading settings…" />
      )}
      <Stack gap={2} alignItems="center">
        <h2>Sources</h2>
        <Button
          data-testid={testIds.configuration.checkAgain}
          icon={state.checking ? 'spinner' : 'sync'}
          variant="secondary"
          disabled={state.checking || !draft}
          onClick={() => check(draft?.config.dataSourceUid, true)}
        >
          Check again
        </Button>
      </Stack>
      {state.checkError && (
        <Alert data-testid={testIds.configuration.checkError} severity="error" title="Stream detection failed">
          {state.checkError}
        </Alert>
      )}
      {state.checking && !state.reports && (
        <LoadingPlaceholder text="Looking for audit, CoreDNS, netfilter and Falco streams…" />
      )}
      {state.reports?.map((r) => (
        <SourceCard key={r.status.source} report={r} />
      ))}
      {unhealthy && <Onboarding guide={SHIPPERS_GUIDE} />}
    </div>
  );
}

/** The Configuration nav page. */
function ConfigurationPage() {
  return (
    <PluginPage subTitle="Connect Vigil to your log backend and Prometheus, and onboard each source.">
      <ConfigurationContent />
    </PluginPage>
  );
}

export default ConfigurationPage;
