// What a query returned: the errors as the backend worded them, or every frame as a table.
import React from 'react';
import { PanelData, ScopedVars, applyFieldOverrides } from '@grafana/data';
import { config } from '@grafana/runtime';
import { Alert, Stack, Table, Text } from '@grafana/ui';
import { hostTestIds } from './hostTestIds';

const LINK_MACRO = /\$\{(__value\.raw|__value\.text|__from|__to)(?::(\w+))?\}/g;

/** The data link macros Grafana core fills: the cell's value and the query's range in epoch ms. */
function fillLinkMacros(text: string, scopedVars: ScopedVars | undefined, data: PanelData): string {
  return text.replace(LINK_MACRO, (match, name: string, format?: string) => {
    const cell = scopedVars?.__value?.value as { raw?: unknown; text?: unknown } | undefined;
    const value = name === '__from' ? data.timeRange.from.valueOf() : name === '__to' ? data.timeRange.to.valueOf() : name === '__value.raw' ? cell?.raw : cell?.text;
    if (value === undefined || value === null) {
      return match;
    }
    return format === 'percentencode' ? encodeURIComponent(String(value)) : String(value);
  });
}

export function QueryResult({ data, width }: { data: PanelData; width: number }) {
  if (data.errors?.length) {
    return (
      <div data-testid={hostTestIds.queryError}>
        {data.errors.map((e, i) => (
          <Alert key={i} severity="error" title={`Query ${e.refId ?? ''} failed`.replace('  ', ' ')}>
            {e.message}
          </Alert>
        ))}
      </div>
    );
  }
  const frames = applyFieldOverrides({
    data: data.series,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (text, scopedVars) => fillLinkMacros(text, scopedVars, data),
    theme: config.theme2,
    timeZone: 'browser',
  });
  const rows = frames.reduce((n, f) => n + f.length, 0);
  return (
    <div data-testid={hostTestIds.queryResult} data-frames={frames.length} data-rows={rows}>
      <Stack direction="column" gap={1}>
        <Text color="secondary">
          {frames.length} frame{frames.length === 1 ? '' : 's'}, {rows} row{rows === 1 ? '' : 's'}
        </Text>
        {frames.map((frame, i) => (
          <Table key={i} data={frame} width={width} height={Math.min(400, 36 * (frame.length + 1) + 4)} />
        ))}
      </Stack>
    </div>
  );
}
