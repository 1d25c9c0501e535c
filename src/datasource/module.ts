import { DataSourcePlugin } from '@grafana/data';
import { VigilDataSource } from './datasource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { VigilDataSourceOptions, VigilQuery } from './types';

export const plugin = new DataSourcePlugin<VigilDataSource, VigilQuery, VigilDataSourceOptions>(VigilDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
