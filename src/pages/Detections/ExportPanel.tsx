import React, { useMemo, useState } from 'react';
import { Alert, ClipboardButton, RadioButtonGroup, Stack } from '@grafana/ui';
import {
  grafanaProvisioningExport,
  lokiRulerExport,
  type DetectionsSettings,
  type ExportItem,
  type QueryTarget,
} from '../../alerting';
import { testIds } from '../../components/testIds';

/**
 * The rules the catalog filter shows, as Loki ruler YAML or Grafana alerting provisioning YAML,
 * reading the data source's stream selectors.
 */
export function ExportPanel({
  items,
  settings,
  ds,
}: {
  items: ExportItem[];
  settings: DetectionsSettings;
  ds?: QueryTarget;
}) {
  const [format, setFormat] = useState<'loki' | 'grafana'>('grafana');
  const result = useMemo(
    () =>
      format === 'loki'
        ? lokiRulerExport(items, ds)
        : grafanaProvisioningExport(items, {
            ...(ds ?? { dsUid: 'vigil', backend: 'loki' }),
            folderUID: settings.folderUID,
            folderTitle: settings.folderTitle,
            ruleGroup: settings.ruleGroup,
          }),
    [format, items, settings, ds]
  );
  return (
    <div>
      <Stack gap={1} alignItems="center">
        <RadioButtonGroup
          options={[
            { label: 'Grafana alerting provisioning', value: 'grafana' },
            { label: 'Loki ruler', value: 'loki' },
          ]}
          value={format}
          onChange={setFormat}
        />
        <ClipboardButton icon="copy" variant="secondary" getText={() => result.yaml}>
          Copy
        </ClipboardButton>
        <span>{items.length} rules (the catalog filter&apos;s selection)</span>
      </Stack>
      {result.skipped.length > 0 && (
        <Alert severity="warning" title="Some rules were left out">
          {result.skipped.map((s) => `${s.ruleId}: ${s.error}`).join('\n')}
        </Alert>
      )}
      <pre
        data-testid={testIds.detections.exportYaml}
        data-format={format}
        style={{ maxHeight: 480, overflow: 'auto' }}
      >
        {result.yaml}
      </pre>
    </div>
  );
}
