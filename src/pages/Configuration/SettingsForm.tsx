import React, { useState } from 'react';
import { Alert, Button, Combobox, Field, Input, Stack, TextArea } from '@grafana/ui';
import { HiddenLabel } from '../../components/HiddenLabel';
import { testIds } from '../../components/testIds';
import type { DataSourceSummary } from '../../api/grafana';
import type { DetectionsSettings } from '../../alerting/settings';
import { type ConfigurationSettings, type GlobalLists, parseList } from './appSettings';
import { LOG_BACKEND_TYPES, PROMETHEUS_TYPE } from './createDataSource';

export interface SettingsDraft {
  config: ConfigurationSettings;
  detections: DetectionsSettings;
}

interface Props {
  draft: SettingsDraft;
  onChange: (d: SettingsDraft) => void;
  vigilSources: Array<{ uid: string; name: string }>;
  /** Every data source Grafana lists, for "create from existing". */
  allSources: DataSourceSummary[];
  onCreate: (log: DataSourceSummary, prom: DataSourceSummary | undefined) => Promise<string>;
  onSave: () => Promise<string>;
}

const LISTS: Array<{ key: keyof GlobalLists; label: string; description: string }> = [
  {
    key: 'allowedIdentities',
    label: 'Allowed identities',
    description:
      'Users and service accounts whose expected actions rules skip (CI deployers, operators). One per line.',
  },
  {
    key: 'trustedRegistries',
    label: 'Trusted registries',
    description: 'Image registry prefixes, e.g. registry.example.com/. One per line.',
  },
  {
    key: 'miningDomains',
    label: 'Mining domains',
    description: 'Extra mining-pool domains for the DNS detection, added to the built-in list.',
  },
];

/** Data source, alert defaults and global lists, saved to the app's jsonData. */
export function SettingsForm({ draft, onChange, vigilSources, allSources, onCreate, onSave }: Props) {
  const [logUid, setLogUid] = useState<string>();
  const [promUid, setPromUid] = useState<string>();
  const [createMsg, setCreateMsg] = useState<{ ok: boolean; text: string }>();
  const [saveMsg, setSaveMsg] = useState<{ ok: boolean; text: string }>();
  const [lists, setLists] = useState(() =>
    Object.fromEntries(LISTS.map((l) => [l.key, draft.config.globals[l.key].join('\n')]))
  );
  const logSources = allSources.filter((d) => LOG_BACKEND_TYPES[d.type]);
  const promSources = allSources.filter((d) => d.type === PROMETHEUS_TYPE);
  const det = draft.detections;
  const setDet = (patch: Partial<DetectionsSettings>) => onChange({ ...draft, detections: { ...det, ...patch } });

  const create = async () => {
    const log = logSources.find((d) => d.uid === logUid);
    if (!log) {
      return;
    }
    try {
      const uid = await onCreate(
        log,
        promSources.find((d) => d.uid === promUid)
      );
      setCreateMsg({
        ok: true,
        text: `Created. Enter any passwords or tokens in the new data source's settings (Grafana never returns secrets). uid ${uid}`,
      });
    } catch (e) {
      setCreateMsg({ ok: false, text: (e as Error).message });
    }
  };
  const save = async () => {
    try {
      setSaveMsg({ ok: true, text: await onSave() });
    } catch (e) {
      setSaveMsg({ ok: false, text: (e as Error).message });
    }
  };

  return (
    <div>
      <Field label="Vigil data source" description="Pages, detections and alert rules query through it.">
        <Combobox
          data-testid={testIds.configuration.dataSource}
          width={40}
          options={vigilSources.map((d) => ({ label: d.name, value: d.uid }))}
          value={draft.config.dataSourceUid ?? null}
          placeholder={vigilSources.length ? 'Pick a data source' : 'No Vigil data source yet'}
          onChange={(o) => onChange({ ...draft, config: { ...draft.config, dataSourceUid: o.value } })}
        />
      </Field>
      <Field
        label="Or create one from existing data sources"
        description="Copies URLs and user names; secrets must be entered again."
      >
        <Stack gap={1}>
          <HiddenLabel id="vigil-cfg-create-log">Log data source</HiddenLabel>
          <Combobox
            aria-labelledby="vigil-cfg-create-log"
            data-testid={testIds.configuration.createLogSource}
            width={30}
            placeholder={logSources.length ? 'Loki or VictoriaLogs' : 'No Loki or VictoriaLogs data source'}
            options={logSources.map((d) => ({ label: `${d.name} (${d.type})`, value: d.uid }))}
            value={logUid ?? null}
            onChange={(o) => setLogUid(o.value)}
          />
          <HiddenLabel id="vigil-cfg-create-prom">Prometheus data source</HiddenLabel>
          <Combobox
            aria-labelledby="vigil-cfg-create-prom"
            data-testid={testIds.configuration.createPrometheus}
            width={30}
            placeholder={promSources.length ? 'Prometheus (optional)' : 'No Prometheus data source'}
            options={promSources.map((d) => ({ label: d.name, value: d.uid }))}
            value={promUid ?? null}
            onChange={(o) => setPromUid(o?.value)}
            isClearable
          />
          <Button data-testid={testIds.configuration.create} variant="secondary" disabled={!logUid} onClick={create}>
            Create Vigil data source
          </Button>
        </Stack>
      </Field>
      {createMsg && (
        <Alert
          data-testid={testIds.configuration.createResult}
          severity={createMsg.ok ? 'success' : 'error'}
          title={createMsg.ok ? 'Data source created' : 'Could not create the data source'}
        >
          {createMsg.text}
        </Alert>
      )}
      <Stack gap={2}>
        <Field label="Alert folder uid">
          <Input
            data-testid={testIds.configuration.folderUid}
            width={24}
            value={det.folderUID}
            onChange={(e) => setDet({ folderUID: e.currentTarget.value })}
          />
        </Field>
        <Field label="Alert folder title">
          <Input
            data-testid={testIds.configuration.folderTitle}
            width={24}
            value={det.folderTitle}
            onChange={(e) => setDet({ folderTitle: e.currentTarget.value })}
          />
        </Field>
        <Field label="Rule group">
          <Input
            data-testid={testIds.configuration.ruleGroup}
            width={24}
            value={det.ruleGroup}
            onChange={(e) => setDet({ ruleGroup: e.currentTarget.value })}
          />
        </Field>
      </Stack>
      <Stack gap={2}>
        {LISTS.map((l) => (
          <Field key={l.key} label={l.label} description={l.description}>
            <TextArea
              data-testid={testIds.configuration.list(l.key)}
              rows={4}
              cols={36}
              value={lists[l.key]}
              onChange={(e) => {
                const text = e.currentTarget.value;
                setLists({ ...lists, [l.key]: text });
                onChange({
                  ...draft,
                  config: { ...draft.config, globals: { ...draft.config.globals, [l.key]: parseList(text) } },
                });
              }}
            />
          </Field>
        ))}
      </Stack>
      <Button data-testid={testIds.configuration.save} onClick={save}>
        Save settings
      </Button>
      {saveMsg && (
        <Alert
          data-testid={testIds.configuration.saveResult}
          severity={saveMsg.ok ? 'success' : 'error'}
          title={saveMsg.ok ? 'Saved' : 'Settings not saved'}
        >
          {saveMsg.text}
        </Alert>
      )}
    </div>
  );
}
