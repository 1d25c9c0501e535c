import React, { useState } from 'react';
import { SelectableValue } from '@grafana/data';
import { IconButton, Input, MultiSelect, Select, Stack } from '@grafana/ui';
import { builderFields, FILTER_OPS, type FieldFilter, type FilterOp } from '../../querybuilder';
import type { SourceId } from '../../sources/types';
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

const OPS: Array<SelectableValue<FilterOp>> = FILTER_OPS.map((value) => ({ label: OP_LABELS[value], value }));

/** One field filter: field, operator, value(s) with suggestions. */
export function FilterRow({ source, filter, onChange, onRemove, loadValues }: Props) {
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [loading, setLoading] = useState(false);
  const fields = builderFields(source).map((f) => ({ label: f.name, value: f.name, description: f.description }));
  const load = () => {
    if (!filter.field) {
      return;
    }
    setLoading(true);
    loadValues(filter.field)
      .then(setSuggestions, () => setSuggestions([]))
      .finally(() => setLoading(false));
  };
  const options = [...new Set([...(filter.value ? [filter.value] : []), ...(filter.values ?? []), ...suggestions])].map((v) => ({ label: v, value: v }));
  const numeric = filter.op === '>' || filter.op === '<';
  return (
    <div data-testid={testIds.datasource.filterRow}>
      <Stack gap={1} alignItems="center">
        <div data-testid={testIds.datasource.filterField}>
          <Select
            aria-label="Filter field"
            width={36}
            options={fields}
            value={filter.field || null}
            allowCustomValue
            placeholder="Field"
            onChange={(v) => onChange({ ...filter, field: v.value ?? '' })}
          />
        </div>
        <div data-testid={testIds.datasource.filterOp}>
          <Select aria-label="Filter operator" width={18} options={OPS} value={filter.op} onChange={(v) => onChange({ ...filter, op: v.value!, ...(v.value === 'in' ? { values: filter.value ? [filter.value] : [] } : {}) })} />
        </div>
        <div data-testid={testIds.datasource.filterValue}>
          {filter.op === 'in' ? (
            <MultiSelect
              aria-label="Filter values"
              width={40}
              options={options}
              value={filter.values ?? []}
              allowCustomValue
              isLoading={loading}
              onOpenMenu={load}
              onChange={(vs) => onChange({ ...filter, values: vs.map((v) => String(v.value)) })}
            />
          ) : numeric || filter.op === 'regex' ? (
            <Input aria-label="Filter value" width={30} value={filter.value} placeholder={numeric ? 'number' : 'RE2 regex'} onChange={(e) => onChange({ ...filter, value: e.currentTarget.value })} />
          ) : (
            <Select
              aria-label="Filter value"
              width={40}
              options={options}
              value={filter.value || null}
              allowCustomValue
              isLoading={loading}
              onOpenMenu={load}
              placeholder="Value"
              onChange={(v) => onChange({ ...filter, value: String(v.value ?? '') })}
            />
          )}
        </div>
        <IconButton name="trash-alt" tooltip="Remove filter" onClick={onRemove} />
      </Stack>
    </div>
  );
}
