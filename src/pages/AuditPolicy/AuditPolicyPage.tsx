import React, { useMemo } from 'react';
import { PluginPage } from '@grafana/runtime';
import { testIds } from '../../components/testIds';
import { dataSourceLoader } from './auditSample';
import { PolicyAdvisor } from './PolicyAdvisor';

/** Lines read per analysis: enough for stable per-rule shares, small enough for the browser. */
const SAMPLE_LIMIT = 5000;

/** Audit policy page. */
function AuditPolicyPage() {
  const loadSample = useMemo(() => dataSourceLoader(SAMPLE_LIMIT), []);
  return (
    <PluginPage subTitle="See what an audit Policy costs and which detections it blinds.">
      <div data-testid={testIds.pages.auditPolicy}>
        <PolicyAdvisor loadSample={loadSample} />
      </div>
    </PluginPage>
  );
}

export default AuditPolicyPage;
