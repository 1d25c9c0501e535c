import React from 'react';
import { SelectableValue } from '@grafana/data';
import { Button, Combobox, Field, Input, MultiCombobox, RadioButtonGroup, Stack } from '@grafana/ui';
import {
  builderFields,
  detectionChoices,
  type BuilderState,
  type Operation,
  type OperationKind,
} from '../../querybuilder';
import { catalogRule } from '../../detections/catalog';
import { SOURCES } from '../../sources';
import type { SourceId } from '../../sources/types';
import { testIds } from '../../components/testIds';
import { FilterRow } from './FilterRow';

interface Props {
  state: BuilderState;
  onChange: (s: BuilderState) => void;
  loadValues: (source: SourceId, field: string) => Promise<string[]>;
}

const SOURCE_OPTIONS: Array<SelectableValue<SourceId>> = (Object.keys(SOURCES) as SourceId[]).map((id) => ({
  label: SOURCES[id].title,
  value: id,
}));

const OPERATIONS: Array<SelectableValue<OperationKind>> = [
  { label: 'Raw events', value: 'events' },
  { label: 'Count over time', value: 'count' },
  { label: 'Rate', value: 'rate' },
  { label: 'Top N', value: 'topN' },
  { label: 'Run detection', value: 'detection' },
];

function defaultOperation(kind: OperationKind, state: BuilderState): Operation {
  switch (kind) {
    case 'count':
    case 'rate':
      return { kind, by: [] };
    case 'topN':
      return { kind, field: builderFields(state.source)[0]?.name ?? '', n: 10 };
    case 'detection':
      return { kind, ruleId: detectionChoices(state.source)[0]?.id ?? detectionChoices()[0].id, form: 'metric' };
    default:
      return { kind: 'events' };
  }
}

/** Another source: its fields differ, so filters and groupings start over. */
function withSource(state: BuilderState, source: SourceId): BuilderState {
  const next = { ...state, source, filters: [] };
  return {
    ...next,
    operation:
      state.operation.kind === 'detection'
        ? defaultOperation('detection', next)
        : defaultOperation(state.operation.kind, next),
  };
}

/** Source, filters and operation of a builder query. */
export function BuilderEditor({ state, onChange, loadValues }: Props) {
  const op = state.operation;
  const fieldOptions = builderFields(state.source).map((f) => ({
    label: f.name,
    value: f.name,
    description: f.description,
  }));
  const setOp = (o: Operation) => onChange({ ...state, operation: o });
  return (
    <Stack direction="column" gap={1}>
      <Field
        label="Source"
        description="Stream selector: the data source settings' per-source selector, else the source's default"
      >
        <div data-testid={testIds.datasource.sourcePicker}>
          <RadioButtonGroup
            options={SOURCE_OPTIONS}
            value={state.source}
            onChange={(source) => onChange(withSource(state, source))}
          />
        </div>
      </Field>
      {op.kind !== 'detection' && (
        <Field label="Filters">
          <Stack direction="column" gap={1}>
            {state.filters.map((f, i) => (
              <FilterRow
                key={i}
                source={state.source}
                filter={f}
                loadValues={(field) => loadValues(state.source, field)}
                onChange={(nf) => onChange({ ...state, filters: state.filters.map((x, j) => (j === i ? nf : x)) })}
                onRemove={() => onChange({ ...state, filters: state.filters.filter((_, j) => j !== i) })}
              />
            ))}
            <div>
              <Button
                data-testid={testIds.datasource.addFilter}
                icon="plus"
                variant="secondary"
                size="sm"
                onClick={() => onChange({ ...state, filters: [...state.filters, { field: '', op: '=', value: '' }] })}
              >
                Add filter
              </Button>
            </div>
          </Stack>
        </Field>
      )}
      <Stack gap={2} alignItems="flex-end" wrap="wrap">
        <Field label="Operation">
          <div data-testid={testIds.datasource.operation}>
            <RadioButtonGroup
              options={OPERATIONS}
              value={op.kind}
              onChange={(k) => setOp(defaultOperation(k, state))}
            />
          </div>
        </Field>
        {(op.kind === 'count' || op.kind === 'rate') && (
          <Field label="Group by">
            <MultiCombobox
              width={40}
              options={fieldOptions}
              value={op.by}
              createCustomValue
              onChange={(vs) => setOp({ ...op, by: vs.map((v) => v.value) })}
            />
          </Field>
        )}
        {op.kind === 'topN' && (
          <>
            <Field label="Top N field">
              <Combobox
                width={36}
                options={fieldOptions}
                value={op.field}
                createCustomValue
                onChange={(v) => setOp({ ...op, field: v.value })}
              />
            </Field>
            <Field label="N">
              <Input
                aria-label="N"
                type="number"
                width={10}
                value={op.n}
                onChange={(e) => setOp({ ...op, n: Number(e.currentTarget.value) })}
              />
            </Field>
          </>
        )}
        {op.kind === 'detection' && (
          <>
            <Field label="Detection">
              <Combobox
                width={50}
                options={detectionChoices().map((d) => ({
                  label: d.title,
                  value: d.id,
                  description: `${d.id} · ${d.source} · ${d.level}`,
                }))}
                value={op.ruleId}
                onChange={(v) => {
                  const rule = catalogRule(v.value);
                  onChange({
                    ...state,
                    source: rule?.logsource.service ?? state.source,
                    operation: { ...op, ruleId: v.value },
                  });
                }}
              />
            </Field>
            <Field label="Returns">
              <RadioButtonGroup<'metric' | 'events'>
                options={[
                  { label: 'Alert metric', value: 'metric' },
                  { label: 'Matching events', value: 'events' },
                ]}
                value={op.form}
                onChange={(form) => setOp({ ...op, form })}
              />
            </Field>
          </>
        )}
        {op.kind !== 'events' && op.kind !== 'detection' && (
          <Field label="Window">
            <Input
              aria-label="Window"
              width={10}
              value={state.range}
              onChange={(e) => onChange({ ...state, range: e.currentTarget.value.trim() })}
            />
          </Field>
        )}
      </Stack>
    </Stack>
  );
}
