// Runs as a classic script before the host module: @grafana/runtime builds its `config`
// from window.grafanaBootData once, when the module is evaluated, and @grafana/ui reads
// the public path when it first resolves an icon or font.
import { readTheme } from './theme';

declare global {
  interface Window {
    grafanaBootData?: unknown;
    __grafana_public_path__?: string;
  }
}

window.__grafana_public_path__ = '/public/';

window.grafanaBootData = {
  user: {
    id: 1,
    login: 'preview',
    isSignedIn: true,
    orgId: 1,
    orgRole: 'Admin',
    theme: readTheme(),
    timezone: 'browser',
    weekStart: '',
    language: 'en-US',
  },
  settings: {
    appSubUrl: '',
    buildInfo: { version: 'vigil-native-preview', commit: '', env: 'production' },
    featureToggles: {},
    // Filled from GET /api/datasources before the first render (see index.tsx).
    datasources: {},
    panels: {},
  },
  navTree: [],
  assets: { dark: '', light: '' },
};

// Monaco (behind @grafana/ui's CodeEditor) runs its language services in workers
// built as separate entries by build.mjs.
window.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    const file = label === 'json' ? 'json.worker.js' : 'editor.worker.js';
    return new Worker(`/public/build/${file}`);
  },
};
