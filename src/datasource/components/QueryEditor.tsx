import React, { Suspense } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import type { VigilDataSource } from '../datasource';
import type { VigilDataSourceOptions, VigilQuery } from '../types';

type Props = QueryEditorProps<VigilDataSource, VigilQuery, VigilDataSourceOptions>;

// The editor (builder, field catalogs, detection list) loads on first use, so the data
// source's module stays small for panels that only run queries.
const Body = React.lazy(() => import(/* webpackChunkName: "vigil-query-editor" */ './QueryEditorBody'));

/** The query editor, loaded lazily. */
export function QueryEditor(props: Props) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading query editor…" />}>
      <Body {...props} />
    </Suspense>
  );
}
