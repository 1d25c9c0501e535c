/** Types of the Grafana HTTP API documented in contracts/grafana/. */

export interface RelativeTimeRange {
  /** Seconds before now. */
  from: number;
  to: number;
}

export interface AlertQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange?: RelativeTimeRange;
  datasourceUid: string;
  model: Record<string, unknown>;
}

export interface ProvisionedAlertRule {
  uid?: string;
  id?: number;
  orgID?: number;
  title: string;
  folderUID: string;
  ruleGroup: string;
  condition: string;
  data: AlertQuery[];
  noDataState: 'Alerting' | 'NoData' | 'OK' | 'KeepLast';
  execErrState: 'OK' | 'Alerting' | 'Error' | 'KeepLast';
  for: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  isPaused?: boolean;
  provenance?: string;
  updated?: string;
}

export interface Folder {
  uid: string;
  title: string;
  id?: number;
  url?: string;
  version?: number;
  parentUid?: string;
}

export interface DataSourceSummary {
  id: number;
  uid: string;
  name: string;
  type: string;
  url?: string;
  jsonData?: Record<string, unknown>;
}

export interface PluginSettings {
  id: string;
  enabled: boolean;
  pinned: boolean;
  jsonData?: Record<string, unknown>;
  secureJsonFields?: Record<string, boolean>;
}
