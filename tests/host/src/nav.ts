// The app's navigation, derived from plugin.json's page includes as Grafana derives its
// nav tree, plus the host's own pages for the data source editors.
import appJson from '../../../plugin.json';

export interface HostNavItem {
  text: string;
  url: string;
  section: 'app' | 'datasource';
}

export const APP_ID = appJson.id;
export const APP_BASE = `/a/${APP_ID}`;
export const APP_TITLE = appJson.name;

export const DS_CONFIG_PATH = '/host/datasource/config';
export const DS_QUERY_PATH = '/host/datasource/query';

export const navItems: HostNavItem[] = [
  ...appJson.includes
    .filter((inc) => inc.type === 'page' && inc.addToNav && inc.path)
    .map((inc) => ({ text: inc.name, url: inc.path!.replace('%PLUGIN_ID%', APP_ID), section: 'app' as const })),
  { text: 'Data source settings', url: DS_CONFIG_PATH, section: 'datasource' },
  { text: 'Query editor', url: DS_QUERY_PATH, section: 'datasource' },
];

export const defaultAppUrl =
  navItems.find((item) =>
    appJson.includes.some((inc) => inc.defaultNav && inc.path?.replace('%PLUGIN_ID%', APP_ID) === item.url)
  )?.url ?? `${APP_BASE}/overview`;

/** The nav item a path belongs to: the longest matching URL prefix. */
export function activeNavItem(pathname: string): HostNavItem | undefined {
  return navItems
    .filter((item) => pathname === item.url || pathname.startsWith(`${item.url}/`))
    .sort((a, b) => b.url.length - a.url.length)[0];
}
