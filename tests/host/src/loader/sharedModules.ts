// The shared modules the page host gives the plugin, each the very instance the host's own
// code uses, as Grafana gives plugins its own React, @grafana/* and rxjs. The plugin must
// not bundle a second copy: a second React or @grafana/runtime breaks hooks and services.
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaRuntimeUnstable from '@grafana/runtime/unstable';
import * as grafanaUi from '@grafana/ui';
import * as lodash from 'lodash';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as ReactRouter from 'react-router';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

export const hostSharedModules: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/runtime/unstable': grafanaRuntimeUnstable,
  '@grafana/ui': grafanaUi,
  lodash,
  react: React,
  'react/jsx-runtime': jsxRuntime,
  'react-dom': ReactDOM,
  'react-dom/client': ReactDOMClient,
  // Grafana gives react-router v6 (through react-router-dom-v5-compat) under this name; its
  // 'react-router-dom' is v5, so the host does not offer that name at all.
  'react-router': ReactRouter,
  rxjs,
  'rxjs/operators': rxjsOperators,
};
