/**
 * The dashboard envelope, built with the SDK's dashboard builder: data source and filter
 * variables, links between the Vigil dashboards and into the app. Filter variables are
 * regular expressions defaulting to `.*` (every value, including events without the field),
 * compared with the builder's `regex` operator, so an empty field never hides an event and
 * one value narrows to an entity.
 */
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  TextBoxVariableBuilder,
  VariableHide,
  type Dashboard,
  type DashboardLink,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { wire } from '../../src/api/grafana/sdk';
import { APP_ID, DATASOURCE_TYPE, INVESTIGATE, Layout, type AttackExpectation } from './panels';

export interface FilterVariable {
  name: string;
  label: string;
  description: string;
}

export const MATCH_ALL = '.*';

function datasourceVariable() {
  return new DatasourceVariableBuilder('datasource')
    .label('Vigil data source')
    .description('The Vigil data source to query; one per cluster (its stream selectors pick the cluster).')
    .type(DATASOURCE_TYPE)
    .hide(VariableHide.DontHide)
    .regex('');
}

function filterVariable(v: FilterVariable) {
  return new TextBoxVariableBuilder(v.name)
    .label(v.label)
    .description(`${v.description} A regular expression; .* matches everything.`)
    .defaultValue(MATCH_ALL)
    .current({ text: MATCH_ALL, value: MATCH_ALL })
    .options([{ selected: true, text: MATCH_ALL, value: MATCH_ALL }])
    .hide(VariableHide.DontHide);
}

/**
 * A link in the dashboard's link bar. The SDK's builder defaults `placement` to its only
 * value, `inControlsMenu`, which would move the link into the controls menu of the Grafana
 * versions that know it: the link bar is where these belong.
 */
function barLink(title: string, type: DashboardLinkType, set: (l: DashboardLinkBuilder) => DashboardLinkBuilder) {
  const link = set(new DashboardLinkBuilder(title).type(type)).build();
  delete link.placement;
  return { build: (): DashboardLink => link };
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
  /** The JSON of the SDK's Dashboard. */
  json: Record<string, unknown>;
  expectations: AttackExpectation[];
}

/** A dashboard JSON as Grafana imports it: `id` null, fixed uid, the SDK's schema version. */
export function dashboard(spec: DashboardSpec): BuiltDashboard {
  const builder = new DashboardBuilder(spec.title)
    .id(null)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['vigil', 'kubernetes', 'security'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .version(1)
    .time({ from: spec.time ?? 'now-6h', to: 'now' })
    .timezone('browser')
    .refresh('1m')
    .links([
      barLink('Vigil dashboards', DashboardLinkType.Dashboards, (l) => l.tags(['vigil']).asDropdown(true).includeVars(true).keepTime(true)),
      barLink('Investigate', DashboardLinkType.Link, (l) => l.url(INVESTIGATE).icon('search').keepTime(true).tooltip('Open an entity timeline')),
      barLink('Detections', DashboardLinkType.Link, (l) => l.url(`/a/${APP_ID}/detections`).icon('shield').tooltip('Detection catalog')),
    ])
    .withVariable(datasourceVariable());
  spec.variables.forEach((v) => builder.withVariable(filterVariable(v)));
  spec.layout.all().forEach((p) => builder.withPanel(p));
  return { file: `${spec.uid.replace(/^vigil-/, '')}.json`, json: wire<Dashboard & Record<string, unknown>>(builder.build()), expectations: spec.layout.expectations };
}
