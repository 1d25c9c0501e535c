// The app's navigation, derived from the page includes of the built plugin.json as Grafana
// derives its nav tree, plus the host's own pages for the data source editors.
import { AppPluginMeta } from '@grafana/data';

export interface HostNavItem {
  text: string;
  url: string;
  section: 'app' | 'datasource';
}

export const DS_CONFIG_PATH = '/host/datasource/config';
export const DS_QUERY_PATH = '/host/datasource/query';

// Set once by initNav, before the first render.
export let APP_ID = '';
export let APP_BASE = '';
export let APP_TITLE = '';
export let navItems: HostNavItem[] = [];
export let defaultAppUrl = '/';

export function initNav(app: AppPluginMeta) {
  APP_ID = app.id;
  APP_BASE = `/a/${app.id}`;
  APP_TITLE = app.name;
  const pages = (app.includes ?? []).filter((inc) => inc.type === 'page' && inc.addToNav && inc.path);
  const url = (path: string) => path.replace('%PLUGIN_ID%', app.id);
  navItems = [
    ...pages.map((inc) => ({ text: inc.name, url: url(inc.path!), section: 'app' as const })),
    { text: 'Data source settings', url: DS_CONFIG_PATH, section: 'datasource' },
    { text: 'Query editor', url: DS_QUERY_PATH, section: 'datasource' },
  ];
  // plugin.json's defaultNav, which @grafana/data's PluginInclude type leaves out.
  const defaultPage = pages.find((inc) => (inc as { defaultNav?: boolean }).defaultNav) ?? pages[0];
  defaultAppUrl = defaultPage ? url(defaultPage.path!) : APP_BASE;
}

/** The nav item a path belongs to: the longest matching URL prefix. */
export function activeNavItem(pathname: string): HostNavItem | undefined {
  return navItems
    .filter((item) => pathname === item.url || pathname.startsWith(`${item.url}/`))
    .sort((a, b) => b.url.length - a.url.length)[0];
}
