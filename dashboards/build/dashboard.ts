/**
 * The dashboard envelope: data source and filter variables, links between the Vigil
 * dashboards and into the app. Filter variables are regular expressions defaulting to `.*`
 * (every value, including events without the field), compared with the builder's `regex`
 * operator, so an empty field never hides an event and one value narrows to an entity.
 */
import { APP_ID, DATASOURCE_TYPE, INVESTIGATE, Layout, SCHEMA_VERSION, type AttackExpectation } from './panels';

export interface FilterVariable {
  name: string;
  label: string;
  description: string;
}

export const MATCH_ALL = '.*';

function datasourceVariable() {
  return {
    type: 'datasource',
    name: 'datasource',
    label: 'Vigil data source',
    description: 'The Vigil data source to query; one per cluster (its stream selectors pick the cluster).',
    query: DATASOURCE_TYPE,
    current: {},
    hide: 0,
    refresh: 1,
    regex: '',
  };
}

function filterVariable(v: FilterVariable) {
  return {
    type: 'textbox',
    name: v.name,
    label: v.label,
    description: `${v.description} A regular expression; .* matches everything.`,
    query: MATCH_ALL,
    current: { text: MATCH_ALL, value: MATCH_ALL },
    options: [{ selected: true, text: MATCH_ALL, value: MATCH_ALL }],
    hide: 0,
  };
}

/** The node a line came from: the kernel log's host for netfilter, Falco's hostname. */
export const NODE: FilterVariable = { name: 'node', label: 'Node', description: 'Node name.' };
export const NAMESPACE: FilterVariable = { name: 'namespace', label: 'Namespace', description: 'Kubernetes namespace.' };

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  variables: FilterVariable[];
  layout: Layout;
  time?: string;
}

export interface BuiltDashboard {
  file: string;
  json: Record<string, unknown>;
  expectations: AttackExpectation[];
}

/** A dashboard JSON as Grafana imports it: `id` null, fixed uid, schema version pinned. */
export function dashboard(spec: DashboardSpec): BuiltDashboard {
  const json = {
    id: null,
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['vigil', 'kubernetes', 'security'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: { from: spec.time ?? 'now-6h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    refresh: '1m',
    annotations: { list: [] },
    links: [
      { type: 'dashboards', title: 'Vigil dashboards', tags: ['vigil'], asDropdown: true, includeVars: true, keepTime: true },
      { type: 'link', title: 'Investigate', url: INVESTIGATE, icon: 'search', keepTime: true, tooltip: 'Open an entity timeline' },
      { type: 'link', title: 'Detections', url: `/a/${APP_ID}/detections`, icon: 'shield', tooltip: 'Detection catalog' },
    ],
    templating: { list: [datasourceVariable(), ...spec.variables.map(filterVariable)] },
    panels: spec.layout.all(),
  };
  return { file: `${spec.uid.replace(/^vigil-/, '')}.json`, json, expectations: spec.layout.expectations };
}
