// The settings and variable editors load on first use: they pull in the builder's field
// catalog and the detection planner, which stay out of the data source's module.js.
import React, { Suspense, lazy } from 'react';
import { LoadingPlaceholder } from '@grafana/ui';
import type { ConfigEditor } from './ConfigEditor';
import type { VariableQueryEditor } from './VariableQueryEditor';

const Config = lazy(() =>
  import(/* webpackChunkName: "vigil-config-editor" */ './ConfigEditor').then((m) => ({ default: m.ConfigEditor }))
);
const Variables = lazy(() =>
  import(/* webpackChunkName: "vigil-builder-editors" */ './VariableQueryEditor').then((m) => ({
    default: m.VariableQueryEditor,
  }))
);

export function LazyConfigEditor(props: React.ComponentProps<typeof ConfigEditor>) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading settings…" />}>
      <Config {...props} />
    </Suspense>
  );
}

export function LazyVariableQueryEditor(props: React.ComponentProps<typeof VariableQueryEditor>) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading variable editor…" />}>
      <Variables {...props} />
    </Suspense>
  );
}
