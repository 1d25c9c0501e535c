import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, RadioButtonGroup } from '@grafana/ui';
import { LogBackend, VigilDataSourceOptions } from '../types';
import { testIds } from '../../components/testIds';

type Props = DataSourcePluginOptionsEditorProps<VigilDataSourceOptions>;

const BACKENDS: Array<{ label: string; value: LogBackend }> = [
  { label: 'Loki', value: 'loki' },
  { label: 'VictoriaLogs', value: 'victorialogs' },
];

/** Upstream settings of the Vigil data source. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData;
  const set = (patch: Partial<VigilDataSourceOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });

  return (
    <div data-testid={testIds.datasource.configEditor}>
      <FieldSet label="Log backend">
        <Field label="Type">
          <RadioButtonGroup options={BACKENDS} value={jsonData.logBackend ?? 'loki'} onChange={(v) => set({ logBackend: v })} />
        </Field>
        <Field label="URL" description="Base URL of Loki or VictoriaLogs, as the Grafana server reaches it">
          <Input
            width={60}
            value={jsonData.logUrl ?? ''}
            placeholder="http://loki:3100"
            onChange={(e: ChangeEvent<HTMLInputElement>) => set({ logUrl: e.currentTarget.value.trim() })}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Prometheus">
        <Field label="URL" description="Where Falco metrics are scraped to">
          <Input
            width={60}
            value={jsonData.prometheusUrl ?? ''}
            placeholder="http://prometheus:9090"
            onChange={(e: ChangeEvent<HTMLInputElement>) => set({ prometheusUrl: e.currentTarget.value.trim() })}
          />
        </Field>
      </FieldSet>
    </div>
  );
}
