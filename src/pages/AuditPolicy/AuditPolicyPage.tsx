import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert } from '@grafana/ui';
import { testIds } from '../../components/testIds';

/** Audit policy page. */
function AuditPolicyPage() {
  return (
    <PluginPage subTitle="See what an audit Policy costs and which detections it blinds.">
      <div data-testid={testIds.pages.auditPolicy}>
        <Alert severity="info" title="Audit policy">
          Paste a Kubernetes audit Policy to replay observed events through it.
        </Alert>
      </div>
    </PluginPage>
  );
}

export default AuditPolicyPage;
