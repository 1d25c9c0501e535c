import React, { useState } from 'react';
import { Button, Combobox, IconButton, Input, Stack } from '@grafana/ui';
import { SOURCES } from '../../sources';
import type { SourceId } from '../../sources/types';
import { HiddenLabel } from '../../components/HiddenLabel';
import { testIds } from '../../components/testIds';

type Exception = Record<string, unknown>;

const describe = (e: Exception) =>
  Object.entries(e)
    .map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(' | ') : String(v)}`)
    .join(' and ');

/** Fields an exception can test: the source's raw (not derived) fields. */
export function exceptionFields(source: SourceId): string[] {
  return SOURCES[source].fields
    .filter((f) => !f.derived && f.type !== 'list' && !f.name.startsWith('entity.'))
    .map((f) => f.name);
}

/** The user's exceptions of one rule: "field is one of values" rows, added and removed. */
export function ExceptionsEditor({
  source,
  value,
  onChange,
}: {
  source: SourceId;
  value: Exception[];
  onChange: (v: Exception[]) => void;
}) {
  const fields = exceptionFields(source);
  const [field, setField] = useState(fields.includes('user.username') ? 'user.username' : fields[0]);
  const [values, setValues] = useState('');
  const add = () => {
    const list = values
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    if (list.length) {
      onChange([...value, { [field]: list.length === 1 ? list[0] : list }]);
      setValues('');
    }
  };
  return (
    <div>
      {value.map((e, i) => (
        <Stack key={i} gap={1} alignItems="center">
          <code>{describe(e)}</code>
          <IconButton
            name="trash-alt"
            aria-label="Remove exception"
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          />
        </Stack>
      ))}
      <Stack gap={1}>
        <div data-testid={testIds.detections.exceptionField}>
          <HiddenLabel id="vigil-det-exception-field">Exception field</HiddenLabel>
          <Combobox
            aria-labelledby="vigil-det-exception-field"
            width={30}
            options={fields.map((f) => ({ label: f, value: f }))}
            value={field}
            onChange={(v) => setField(v.value)}
          />
        </div>
        <Input
          data-testid={testIds.detections.exceptionValues}
          placeholder="values, comma separated"
          value={values}
          onChange={(e) => setValues(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <Button data-testid={testIds.detections.addException} variant="secondary" icon="plus" onClick={add}>
          Add exception
        </Button>
      </Stack>
    </div>
  );
}
