import React from 'react';
import { Alert } from '@grafana/ui';
import type { WriteResult } from '../../alerting';
import { testIds } from '../../components/testIds';

const WORDS: Record<WriteResult['outcome'], string> = {
  created: 'alert rule created',
  updated: 'alert rule updated',
  unchanged: 'already up to date',
  'modified-elsewhere': 'edited in Grafana: left as it is (overwrite from the rule to replace it)',
  paused: 'alert rule paused',
  resumed: 'alert rule resumed',
  deleted: 'alert rule deleted',
  absent: 'no alert rule in Grafana',
  error: 'failed',
};

/** Per-rule outcome of an enable, disable (pause) or delete, with Grafana's own message for failures. */
export function WriteResults({ results }: { results: WriteResult[] }) {
  const failed = results.filter((r) => r.outcome === 'error');
  const modified = results.filter((r) => r.outcome === 'modified-elsewhere');
  const severity = failed.length ? 'error' : modified.length ? 'warning' : 'success';
  const title = failed.length
    ? `${failed.length} of ${results.length} alert rule writes failed`
    : `${results.length} alert rule${results.length === 1 ? '' : 's'} processed`;
  return (
    <Alert severity={severity} title={title} data-testid={testIds.detections.writeResults}>
      <ul>
        {results.map((r) => (
          <li key={r.ruleId} data-outcome={r.outcome}>
            {r.ruleId}: {WORDS[r.outcome]}
            {r.error ? ` — ${r.error}` : ''}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
