import React, { ChangeEvent, useState } from 'react';
import { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, InlineSwitch, Input, RadioButtonGroup, SecretInput, SecretTextArea, Stack } from '@grafana/ui';
import { DEFAULT_SELECTORS } from '../../detections/plan';
import type { SourceId } from '../../sources/types';
import { LogBackend, UpstreamAuthType, VictoriaLogsLayout, VigilDataSourceOptions, VigilSecureJsonData } from '../types';
import { testIds } from '../../components/testIds';
import { HealthDetails, selectorsFromHealth, type HealthReport } from './health';

type Props = DataSourcePluginOptionsEditorProps<VigilDataSourceOptions, VigilSecureJsonData>;

const BACKENDS: Array<SelectableValue<LogBackend>> = [
  { label: 'Loki', value: 'loki' },
  { label: 'VictoriaLogs', value: 'victorialogs' },
];

const AUTH: Array<SelectableValue<UpstreamAuthType>> = [
  { label: 'None', value: 'none' },
  { label: 'Basic', value: 'basic' },
  { label: 'Bearer token', value: 'bearer' },
];

const SOURCE_IDS: SourceId[] = ['audit', 'coredns', 'netfilter', 'falco'];

const LAYOUTS: Array<SelectableValue<VictoriaLogsLayout | ''>> = [
  { label: 'Detect', value: '', description: 'Read it from the data (Save & test shows what was found)' },
  { label: 'Fields', value: 'native', description: "VictoriaLogs' default: JSON events split into fields at ingestion" },
  { label: 'Line in _msg', value: 'verbatim', description: 'Pushed with disable_message_parsing: the line kept verbatim' },
];

/** Sources whose lines are JSON: only those can be stored as fields. */
const JSON_SOURCES: Array<[SourceId, string]> = [
  ['audit', 'Audit events'],
  ['falco', 'Falco alerts'],
];

type SecretKey = keyof VigilSecureJsonData & string;

/** Upstream settings of the Vigil data source; secrets go to secureJsonData only. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData;
  const configured = (options.secureJsonFields ?? {}) as Record<string, boolean>;
  const secrets = (options.secureJsonData ?? {}) as Record<string, string | undefined>;
  const [health, setHealth] = useState<HealthReport>();
  const [healthError, setHealthError] = useState<string>();
  const set = (patch: Partial<VigilDataSourceOptions>) => onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const setSecret = (key: SecretKey, value: string) => onOptionsChange({ ...options, secureJsonData: { ...options.secureJsonData, [key]: value } });
  const resetSecret = (key: SecretKey) =>
    onOptionsChange({ ...options, secureJsonFields: { ...options.secureJsonFields, [key]: false }, secureJsonData: { ...options.secureJsonData, [key]: '' } });
  const secret = (key: SecretKey, label: string) => (
    <Field label={label}>
      <SecretInput
        width={40}
        isConfigured={Boolean(configured[key])}
        value={secrets[key] ?? ''}
        onChange={(e: ChangeEvent<HTMLInputElement>) => setSecret(key, e.currentTarget.value)}
        onReset={() => resetSecret(key)}
      />
    </Field>
  );
  const auth = (prefix: 'log' | 'prometheus') => {
    const type = (prefix === 'log' ? jsonData.logAuthType : jsonData.prometheusAuthType) ?? 'none';
    const userKey = prefix === 'log' ? 'logBasicAuthUser' : 'prometheusBasicAuthUser';
    return (
      <>
        <Field label="Authentication">
          <RadioButtonGroup options={AUTH} value={type} onChange={(v) => set(prefix === 'log' ? { logAuthType: v } : { prometheusAuthType: v })} />
        </Field>
        {type === 'basic' && (
          <>
            <Field label="User">
              <Input width={40} value={jsonData[userKey] ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => set({ [userKey]: e.currentTarget.value })} />
            </Field>
            {secret(prefix === 'log' ? 'logBasicAuthPassword' : 'prometheusBasicAuthPassword', 'Password')}
          </>
        )}
        {type === 'bearer' && secret(prefix === 'log' ? 'logBearerToken' : 'prometheusBearerToken', 'Token')}
      </>
    );
  };
  const headerIndexes = Object.keys(jsonData)
    .map((k) => /^httpHeaderName(\d+)$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const selectors = jsonData.streamSelectors ?? {};

  const checkSources = () => {
    setHealthError(undefined);
    getBackendSrv()
      .get<HealthReport>(`/api/datasources/uid/${options.uid}/resources/health`)
      .then(setHealth, (e: { data?: { message?: string }; message?: string }) => setHealthError(e?.data?.message ?? e?.message ?? String(e)));
  };

  return (
    <div data-testid={testIds.datasource.configEditor}>
      <FieldSet label="Log backend">
        <Field label="Type">
          <RadioButtonGroup options={BACKENDS} value={jsonData.logBackend ?? 'loki'} onChange={(v) => set({ logBackend: v })} />
        </Field>
        <Field label="URL" description="Base URL of Loki or VictoriaLogs, as the Grafana server reaches it">
          <Input width={60} value={jsonData.logUrl ?? ''} placeholder="http://loki:3100" onChange={(e: ChangeEvent<HTMLInputElement>) => set({ logUrl: e.currentTarget.value.trim() })} />
        </Field>
        {auth('log')}
        {jsonData.logBackend === 'victorialogs' &&
          JSON_SOURCES.map(([id, label]) => (
            <Field key={id} label={`${label} stored as`} data-testid={testIds.datasource.layout(id)}>
              <RadioButtonGroup
                options={LAYOUTS}
                value={jsonData.victoriaLogsLayout?.[id] ?? ''}
                onChange={(v) => {
                  const next = { ...jsonData.victoriaLogsLayout };
                  if (v) {
                    next[id] = v as VictoriaLogsLayout;
                  } else {
                    delete next[id];
                  }
                  set({ victoriaLogsLayout: next });
                }}
              />
            </Field>
          ))}
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
        {auth('prometheus')}
      </FieldSet>
      <FieldSet label="Connection">
        <Field label="Tenant" description="Sent as X-Scope-OrgID to Loki and Prometheus">
          <Input width={30} value={jsonData.tenantId ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => set({ tenantId: e.currentTarget.value.trim() || undefined })} />
        </Field>
        <Field label="Timeout (seconds)">
          <Input type="number" width={12} value={jsonData.timeoutSeconds ?? ''} placeholder="30" onChange={(e: ChangeEvent<HTMLInputElement>) => set({ timeoutSeconds: Number(e.currentTarget.value) || undefined })} />
        </Field>
        <Field label="Skip TLS verification">
          <InlineSwitch value={Boolean(jsonData.tlsSkipVerify)} onChange={(e: React.FormEvent<HTMLInputElement>) => set({ tlsSkipVerify: e.currentTarget.checked })} />
        </Field>
        <Field label="CA certificate (PEM)">
          <SecretTextArea
            rows={4}
            cols={60}
            isConfigured={Boolean(configured.tlsCACert)}
            value={secrets.tlsCACert ?? ''}
            onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setSecret('tlsCACert', e.currentTarget.value)}
            onReset={() => resetSecret('tlsCACert')}
          />
        </Field>
        <Field label="Custom headers" description="Values are stored encrypted">
          <Stack direction="column" gap={1}>
            {headerIndexes.map((i) => (
              <Stack key={i} gap={1}>
                <Input aria-label={`Header ${i} name`} width={24} value={jsonData[`httpHeaderName${i}`] ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => set({ [`httpHeaderName${i}`]: e.currentTarget.value })} />
                <SecretInput
                  aria-label={`Header ${i} value`}
                  width={36}
                  isConfigured={Boolean(configured[`httpHeaderValue${i}`])}
                  value={secrets[`httpHeaderValue${i}`] ?? ''}
                  onChange={(e: ChangeEvent<HTMLInputElement>) => setSecret(`httpHeaderValue${i}`, e.currentTarget.value)}
                  onReset={() => resetSecret(`httpHeaderValue${i}`)}
                />
              </Stack>
            ))}
            <div>
              <Button size="sm" variant="secondary" icon="plus" onClick={() => set({ [`httpHeaderName${(headerIndexes.at(-1) ?? 0) + 1}`]: '' })}>
                Add header
              </Button>
            </div>
          </Stack>
        </Field>
      </FieldSet>
      <FieldSet label="Stream selectors">
        {SOURCE_IDS.map((id) => (
          <Field key={id} label={id} description={`Default ${DEFAULT_SELECTORS[id]}`}>
            <Input
              aria-label={`${id} stream selector`}
              width={60}
              value={selectors[id] ?? ''}
              placeholder={DEFAULT_SELECTORS[id]}
              onChange={(e: ChangeEvent<HTMLInputElement>) => set({ streamSelectors: { ...selectors, [id]: e.currentTarget.value || undefined } })}
            />
          </Field>
        ))}
        <Stack gap={1}>
          <Button data-testid={testIds.datasource.detectSelectors} variant="secondary" icon="search" onClick={checkSources} disabled={!options.uid}>
            Check sources (saved settings)
          </Button>
          {health && (
            <Button variant="secondary" onClick={() => set({ streamSelectors: { ...selectors, ...selectorsFromHealth(health) } })}>
              Use detected selectors
            </Button>
          )}
        </Stack>
        {healthError && <Alert title="Health check failed">{healthError}</Alert>}
        {health && <HealthDetails report={health} />}
      </FieldSet>
    </div>
  );
}
