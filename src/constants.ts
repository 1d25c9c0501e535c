import pluginJson from '../plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;
export const DATASOURCE_TYPE = 'vigil-k8ssecurity-datasource';

/** App routes; each matches a page include in plugin.json. */
export enum ROUTES {
  Overview = 'overview',
  Detections = 'detections',
  Investigate = 'investigate',
  AuditPolicy = 'audit-policy',
  Configuration = 'configuration',
}

/** Prefixes a route with the app's base URL. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
