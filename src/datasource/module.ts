// Keep this entry small: Grafana loads it for every panel that uses the data source. The
// editors, the builder and the detection catalog are lazy chunks (components/QueryEditor,
// components/lazyEditors, loadBuilder); importing them here would pull them into module.js.
import { DataSourcePlugin } from '@grafana/data';
import { VigilDataSource } from './datasource';
import { LazyConfigEditor } from './components/lazyEditors';
import { QueryEditor } from './components/QueryEditor';
import { VigilDataSourceOptions, VigilQuery } from './types';

export const plugin = new DataSourcePlugin<VigilDataSource, VigilQuery, VigilDataSourceOptions>(VigilDataSource)
  .setConfigEditor(LazyConfigEditor)
  .setQueryEditor(QueryEditor);
