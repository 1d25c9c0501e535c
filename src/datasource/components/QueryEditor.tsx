import React, { ChangeEvent } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Field, TextArea } from '@grafana/ui';
import { VigilDataSource } from '../datasource';
import { VigilDataSourceOptions, VigilQuery } from '../types';
import { testIds } from '../../components/testIds';

type Props = QueryEditorProps<VigilDataSource, VigilQuery, VigilDataSourceOptions>;

/** Code-mode editor: the expression is sent to the backend as written. */
export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  return (
    <div data-testid={testIds.datasource.queryEditor}>
      <Field label="Expression" description={`Language: ${query.language ?? 'logql'}`}>
        <TextArea
          data-testid={testIds.datasource.exprInput}
          rows={3}
          value={query.expr ?? ''}
          onChange={(e: ChangeEvent<HTMLTextAreaElement>) => onChange({ ...query, expr: e.currentTarget.value })}
          onBlur={onRunQuery}
        />
      </Field>
    </div>
  );
}
