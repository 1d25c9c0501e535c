import React, { useId } from 'react';
import { Button, Combobox, Field, IconButton, Input, InlineSwitch, MultiCombobox, Stack, TextArea } from '@grafana/ui';
import { LEVELS, type Level } from '../../detections';
import { SOURCE_IDS, type SourceId } from '../../sources/types';
import type { BuilderCondition, BuilderOp, BuilderState } from '../../alerting';
import { HiddenLabel } from '../../components/HiddenLabel';
import { testIds } from '../../components/testIds';
import { exceptionFields } from './ExceptionsEditor';

const OPS: Array<{ label: string; value: BuilderOp }> = [
  { label: 'equals', value: 'equals' },
  { label: 'not equals', value: 'not-equals' },
  { label: 'contains', value: 'contains' },
  { label: 'starts with', value: 'startswith' },
  { label: 'ends with', value: 'endswith' },
  { label: 'matches regex', value: 're' },
];

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The custom-rule builder: source, conditions on catalog fields, optional counting window, severity, MITRE. */
export function RuleBuilder({ value, onChange }: { value: BuilderState; onChange: (s: BuilderState) => void }) {
  const fields = exceptionFields(value.source).map((f) => ({ label: f, value: f }));
  const set = (patch: Partial<BuilderState>) => onChange({ ...value, ...patch });
  const setCond = (i: number, patch: Partial<BuilderCondition>) =>
    set({ conditions: value.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const counting = value.counting;
  const id = useId();
  return (
    <div data-testid={testIds.detections.builder}>
      <Stack gap={2} wrap="wrap">
        <Field label="Id">
          <Input
            aria-label="Rule id"
            value={value.id}
            onChange={(e) => set({ id: e.currentTarget.value })}
            width={30}
          />
        </Field>
        <Field label="Title">
          <Input
            aria-label="Rule title"
            value={value.title}
            onChange={(e) => set({ title: e.currentTarget.value })}
            width={40}
          />
        </Field>
        <Field label="Source">
          <Combobox
            width={16}
            options={SOURCE_IDS.map((s): { label: string; value: SourceId } => ({ label: s, value: s }))}
            value={value.source}
            onChange={(v) => set({ source: v.value, conditions: [], counting: undefined })}
          />
        </Field>
        <Field label="Severity">
          <Combobox
            width={16}
            options={LEVELS.map((l): { label: string; value: Level } => ({ label: l, value: l }))}
            value={value.level}
            onChange={(v) => set({ level: v.value })}
          />
        </Field>
      </Stack>
      <Field label="Description">
        <TextArea
          aria-label="Rule description"
          value={value.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          rows={2}
        />
      </Field>
      <Field label="Conditions (all must hold; values of one condition are alternatives)">
        <div>
          {value.conditions.map((c, i) => (
            <Stack key={i} gap={1}>
              <HiddenLabel id={`${id}-${i}-field`}>{`Condition ${i + 1} field`}</HiddenLabel>
              <Combobox
                aria-labelledby={`${id}-${i}-field`}
                width={30}
                options={fields}
                value={c.field}
                onChange={(v) => setCond(i, { field: v.value })}
              />
              <HiddenLabel id={`${id}-${i}-op`}>{`Condition ${i + 1} operator`}</HiddenLabel>
              <Combobox
                aria-labelledby={`${id}-${i}-op`}
                width={18}
                options={OPS}
                value={c.op}
                onChange={(v) => setCond(i, { op: v.value })}
              />
              <Input
                aria-label={`Condition ${i + 1} values`}
                placeholder="values, comma separated"
                value={c.values.join(', ')}
                onChange={(e) => setCond(i, { values: list(e.currentTarget.value) })}
              />
              <IconButton
                name="trash-alt"
                aria-label={`Remove condition ${i + 1}`}
                onClick={() => set({ conditions: value.conditions.filter((_, j) => j !== i) })}
              />
            </Stack>
          ))}
          <Button
            variant="secondary"
            icon="plus"
            size="sm"
            onClick={() =>
              set({ conditions: [...value.conditions, { field: fields[0]?.value ?? '', op: 'equals', values: [] }] })
            }
          >
            Add condition
          </Button>
        </div>
      </Field>
      <InlineSwitch
        label="Count over a window"
        showLabel
        value={Boolean(counting)}
        onChange={() =>
          set({ counting: counting ? undefined : { type: 'event_count', groupBy: [], window: '5m', threshold: 10 } })
        }
      />
      {counting && (
        <Stack gap={1} wrap="wrap">
          <HiddenLabel id={`${id}-count-type`}>Count type</HiddenLabel>
          <Combobox<'event_count' | 'value_count'>
            aria-labelledby={`${id}-count-type`}
            width={22}
            options={[
              { label: 'events', value: 'event_count' },
              { label: 'distinct values of', value: 'value_count' },
            ]}
            value={counting.type}
            onChange={(v) => set({ counting: { ...counting, type: v.value } })}
          />
          {counting.type === 'value_count' && (
            <>
              <HiddenLabel id={`${id}-counted`}>Counted field</HiddenLabel>
              <Combobox
                aria-labelledby={`${id}-counted`}
                width={24}
                options={fields}
                value={counting.field}
                onChange={(v) => set({ counting: { ...counting, field: v.value } })}
              />
            </>
          )}
          <HiddenLabel id={`${id}-group-by`}>Group by</HiddenLabel>
          <MultiCombobox
            aria-labelledby={`${id}-group-by`}
            placeholder="group by"
            width={30}
            options={fields}
            value={counting.groupBy}
            onChange={(v) => set({ counting: { ...counting, groupBy: v.map((x) => x.value) } })}
          />
          <Input
            aria-label="Window"
            width={10}
            value={counting.window}
            onChange={(e) => set({ counting: { ...counting, window: e.currentTarget.value } })}
          />
          <Input
            aria-label="Threshold"
            type="number"
            width={10}
            value={counting.threshold}
            onChange={(e) => set({ counting: { ...counting, threshold: Number(e.currentTarget.value) } })}
          />
        </Stack>
      )}
      <Field label="MITRE ATT&CK (techniques or tactics, comma separated)">
        <Input
          aria-label="MITRE tags"
          placeholder="t1609, execution"
          value={value.mitre.join(', ')}
          onChange={(e) => set({ mitre: list(e.currentTarget.value) })}
        />
      </Field>
    </div>
  );
}
