/** Types of the Grafana HTTP API documented in contracts/grafana/. */
import type { Query, RelativeTimeRange, Rule } from '@grafana/grafana-foundation-sdk/alerting';

/**
 * An alert query as Vigil sends and reads it: the SDK's `alerting.Query` with the fields
 * Grafana needs always present (Grafana's Go types always write both ends of the time range)
 * and the model as plain JSON.
 */
export type AlertQuery = Omit<Query, 'refId' | 'datasourceUid' | 'model' | 'relativeTimeRange'> & {
  refId: string;
  datasourceUid: string;
  /** Seconds before now. */
  relativeTimeRange?: Required<RelativeTimeRange>;
  model: Record<string, unknown>;
};

/**
 * A Grafana-managed alert rule of the provisioning API: the SDK's `alerting.Rule`, with
 * `orgID` optional in the type because Grafana replaces it with the caller's organisation.
 */
export type ProvisionedAlertRule = Omit<Rule, 'data' | 'orgID'> & { orgID?: number; data: AlertQuery[] };

export interface Folder {
  uid: string;
  title: string;
  id?: number;
  url?: string;
  version?: number;
  parentUid?: string;
}

/** A folder as a picker lists it: its own title, its parent, and the titles from the root down to it. */
export interface FolderEntry {
  uid: string;
  title: string;
  parentUid?: string;
  path: string[];
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
