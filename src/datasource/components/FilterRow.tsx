import React, { useId, useRef } from 'react';
import { Combobox, ComboboxOption, IconButton, Input, MultiCombobox, Stack } from '@grafana/ui';
import { builderFields, FILTER_OPS, type FieldFilter, type FilterOp } from '../../querybuilder';
import type { SourceId } from '../../sources/types';
import { HiddenLabel } from '../../components/HiddenLabel';
import { testIds } from '../../components/testIds';

interface Props {
  source: SourceId;
  filter: FieldFilter;
  onChange: (f: FieldFilter) => void;
  onRemove: () => void;
  /** Suggested values of a field, from the backend; rejected promises show no suggestions. */
  loadValues: (field: string) => Promise<string[]>;
}

const OP_LABELS: Record<FilterOp, string> = {
  '=': '=',
  '!=': '!=',
  contains: 'contains',
  '!contains': 'not contains',
  regex: 'matches regex',
  in: 'in',
  '>': '>',
  '<': '<',
};

const OPS: Array<ComboboxOption<FilterOp>> = FILTER_OPS.map((value) => ({ label: OP_LABELS[value], value }));

/** One field filter: field, operator, value(s) with suggestions. */
export function FilterRow({ source, filter, onChange, onRemove, loadValues }: Props) {
  const id = useId();
  // One backend call per field: the combobox asks again on every keystroke.
  const cache = useRef<{ field: string; values: Promise<string[]> }>();
  const fields = builderFields(source).map((f) => ({ label: f.name, value: f.name, description: f.description }));
  const suggest = async (input: string): Promise<Array<ComboboxOption<string>>> => {
    if (filter.field && cache.current?.field !== filter.field) {
      cache.current = { field: filter.field, values: loadValues(filter.field).catch(() => []) };
    }
    const loaded = filter.field ? await cache.current!.values : [];
    const all = [...new Set([...(filter.value ? [filter.value] : []), ...(filter.values ?? []), ...loaded])];
    return all.filter((v) => v.toLowerCase().includes(input.toLowerCase())).map((v) => ({ label: v, value: v }));
  };
  const numeric = filter.op === '>' || filter.op === '<';
  return (
    <div data-testid={testIds.datasource.filterRow}>
      <Stack gap={1} alignItems="center">
        <div data-testid={testIds.datasource.filterField}>
          <HiddenLabel id={`${id}-field`}>Filter field</HiddenLabel>
          <Combobox
            aria-labelledby={`${id}-field`}
            width={36}
            options={fields}
            value={filter.field || null}
            createCustomValue
            placeholder="Field"
            onChange={(v) => onChange({ ...filter, field: v.value })}
          />
        </div>
        <div data-testid={testIds.datasource.filterOp}>
          <HiddenLabel id={`${id}-op`}>Filter operator</HiddenLabel>
          <Combobox
            aria-labelledby={`${id}-op`}
            width={18}
            options={OPS}
            value={filter.op}
            onChange={(v) =>
              onChange({
                ...filter,
                op: v.value,
                ...(v.value === 'in' ? { values: filter.value ? [filter.value] : [] } : {}),
              })
            }
          />
        </div>
        <div data-testid={testIds.datasource.filterValue}>
          <HiddenLabel id={`${id}-value`}>{filter.op === 'in' ? 'Filter values' : 'Filter value'}</HiddenLabel>
          {filter.op === 'in' ? (
            <MultiCombobox
              aria-labelledby={`${id}-value`}
              width={40}
              options={suggest}
              value={filter.values ?? []}
              createCustomValue
              onChange={(vs) => onChange({ ...filter, values: vs.map((v) => v.value) })}
            />
          ) : numeric || filter.op === 'regex' ? (
            <Input
              aria-labelledby={`${id}-value`}
              width={30}
              value={filter.value}
              placeholder={numeric ? 'number' : 'RE2 regex'}
              onChange={(e) => onChange({ ...filter, value: e.currentTarget.value })}
            />
          ) : (
            <Combobox
              aria-labelledby={`${id}-value`}
              width={40}
              options={suggest}
              value={filter.value || null}
              createCustomValue
              placeholder="Value"
              onChange={(v) => onChange({ ...filter, value: v.value })}
            />
          )}
        </div>
        <IconButton name="trash-alt" tooltip="Remove filter" onClick={onRemove} />
      </Stack>
    </div>
  );
}
