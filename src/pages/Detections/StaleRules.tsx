import React from 'react';
import { Alert, Button, Stack } from '@grafana/ui';
import type { StaleReport } from '../../alerting';
import { testIds } from '../../components/testIds';

/** Titles shown before "and N more". */
const LISTED = 10;

const rules = (n: number) => `${n} alert rule${n === 1 ? '' : 's'}`;

/**
 * Enabled detections whose alert rules were written with other stream selectors or layouts
 * than the data source has now: how many, which, and one button rewriting them all.
 */
export function StaleRules({
  report,
  busy,
  onUpdate,
}: {
  report: StaleReport;
  busy: boolean;
  onUpdate: (ruleIds: string[]) => void;
}) {
  const { stale, modified } = report;
  if (stale.length === 0 && modified.length === 0) {
    return null;
  }
  const shown = stale.slice(0, LISTED);
  return (
    <Alert
      severity="warning"
      title={`${rules(stale.length)} query with outdated settings`}
      data-testid={testIds.detections.staleRules}
      data-count={stale.length}
    >
      <Stack direction="column" gap={1}>
        <div>
          {stale.length > 0
            ? `The data source's stream selectors or layouts changed since ${stale.length === 1 ? 'this rule was' : 'these rules were'} written: ${stale.length === 1 ? 'it still queries' : 'they still query'} the old streams. Updating rewrites them with the current settings; paused rules stay paused.`
            : 'No rule Vigil manages is outdated.'}
        </div>
        {shown.length > 0 && (
          <ul>
            {shown.map((r) => (
              <li key={r.ruleId} data-rule={r.ruleId} data-paused={r.paused}>
                {r.title}
                {r.paused ? ' (paused)' : ''}
              </li>
            ))}
            {stale.length > LISTED && <li>and {stale.length - LISTED} more</li>}
          </ul>
        )}
        {modified.length > 0 && (
          <div>
            {rules(modified.length)} edited in Grafana also differ ({modified.map((r) => r.ruleId).join(', ')}): open
            one and enable it with overwrite to replace the edit.
          </div>
        )}
        {stale.length > 0 && (
          <div>
            <Button
              icon="sync"
              disabled={busy}
              data-testid={testIds.detections.staleUpdate}
              onClick={() => onUpdate(stale.map((r) => r.ruleId))}
            >
              {`Update ${rules(stale.length)}`}
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}
