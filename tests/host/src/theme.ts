// The theme is chosen by ?theme=light|dark and remembered for the next visit, standing in
// for the user preference Grafana keeps on the server.
const STORAGE_KEY = 'vigil-host.theme';

export type HostTheme = 'dark' | 'light';

export function readTheme(): HostTheme {
  const fromUrl = new URLSearchParams(window.location.search).get('theme');
  if (fromUrl === 'light' || fromUrl === 'dark') {
    window.localStorage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return window.localStorage.getItem(STORAGE_KEY) === 'light' ? 'light' : 'dark';
}

/** Switching theme reloads, as in Grafana: config.theme2 is fixed at boot. */
export function switchTheme(to: HostTheme) {
  const url = new URL(window.location.href);
  url.searchParams.set('theme', to);
  window.location.assign(url.toString());
}
