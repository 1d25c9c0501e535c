import React from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Combobox, ComboboxOption, Field, Input, Stack } from '@grafana/ui';
import { builderFields } from '../../querybuilder';
import type { SourceId } from '../../sources/types';
import type { VigilDataSource } from '../datasource';
import type { VigilDataSourceOptions, VigilQuery } from '../types';
import type { VariableKind, VigilVariableQuery } from '../variables';
import { testIds } from '../../components/testIds';

type Props = QueryEditorProps<VigilDataSource, VigilQuery, VigilDataSourceOptions, VigilVariableQuery>;

const KINDS: Array<ComboboxOption<VariableKind>> = [
  { label: 'Label values', value: 'labelValues', description: 'Values of a stream label' },
  { label: 'Field values', value: 'fieldValues', description: 'Most frequent values of a parsed field (last hour)' },
  { label: 'Detections', value: 'detections', description: 'Built-in detection ids' },
];

const SOURCES: Array<ComboboxOption<SourceId>> = (['audit', 'coredns', 'netfilter', 'falco'] as SourceId[]).map(
  (value) => ({ label: value, value })
);

/** Editor of a template variable query. */
export function VariableQueryEditor({ query, onChange }: Props) {
  const q: VigilVariableQuery = { ...query, kind: query.kind ?? 'labelValues' };
  const set = (patch: Partial<VigilVariableQuery>) => onChange({ ...q, ...patch });
  return (
    <Stack direction="column" gap={1}>
      <div data-testid={testIds.datasource.variableEditor} />
      <Field label="Values of">
        <Combobox options={KINDS} value={q.kind} onChange={(v) => set({ kind: v.value })} width={30} />
      </Field>
      {q.kind === 'labelValues' && (
        <Field label="Label">
          <Input
            width={30}
            value={q.label ?? ''}
            onChange={(e) => set({ label: e.currentTarget.value.trim() })}
            placeholder="namespace"
          />
        </Field>
      )}
      {q.kind !== 'labelValues' && (
        <Field label="Source">
          {q.kind === 'detections' ? (
            <Combobox
              options={SOURCES}
              value={q.source ?? null}
              isClearable
              onChange={(v) => set({ source: v?.value })}
              width={30}
            />
          ) : (
            <Combobox
              options={SOURCES}
              value={q.source ?? null}
              onChange={(v) => set({ source: v.value, field: undefined })}
              width={30}
            />
          )}
        </Field>
      )}
      {q.kind === 'fieldValues' && q.source && (
        <Field label="Field">
          <Combobox
            options={builderFields(q.source).map((f) => ({ label: f.name, value: f.name, description: f.description }))}
            value={q.field ?? null}
            onChange={(v) => set({ field: v.value })}
            width={40}
          />
        </Field>
      )}
    </Stack>
  );
}
