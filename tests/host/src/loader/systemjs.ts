// Loads the built plugin (dist/) the way Grafana does: SystemJS with its AMD extra imports
// /public/plugins/<id>/module.js, whose define([...]) dependencies resolve to the shared
// modules through an import map; webpack's runtime then loads lazy chunks from the
// module's own URL. Anything else the plugin asks for is an error the page reports.
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import { isGrafanaShared } from './grafanaShared';
import { hostSharedModules } from './sharedModules';

declare global {
  interface Window {
    System: SystemJSLoader;
    define?: unknown;
  }
}

interface SystemJSLoader {
  import(id: string): Promise<Record<string, unknown>>;
  set(id: string, ns: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  resolve(id: string, parentUrl?: string): string;
  shouldFetch(url: string): boolean;
  fetch(url: string, options?: RequestInit): Promise<Response>;
}

const PREFIX = 'package:';
const System = window.System;

// As in Grafana, the AMD define lives off the global: UMD code in the host bundle that
// checks `typeof define` must not register itself with SystemJS. Plugin sources are
// fetched and run with this define passed in.
const amdDefine = window.define;
delete window.define;
Object.defineProperty(window, '__vigil_host_amd_define', { value: amdDefine });

System.shouldFetch = () => true;
const systemFetch = System.fetch.bind(System);
System.fetch = async (url, options) => {
  const res = await systemFetch(url, options);
  if (!res.ok || !/javascript/.test(res.headers.get('content-type') ?? '')) {
    return res;
  }
  const source = await res.text();
  const wrapped = `(function(define){\n${source}\n})(window.__vigil_host_amd_define);\n//# sourceURL=${url}`;
  return new Response(new Blob([wrapped], { type: 'text/javascript' }));
};

// A bare name that is not in the import map: say whether Grafana would have it.
const resolve = System.resolve.bind(System);
System.resolve = (id, parentUrl) => {
  try {
    return resolve(id, parentUrl);
  } catch (err) {
    const why = isGrafanaShared(id)
      ? 'Grafana shares it with plugins, but the page host does not provide it (tests/host/src/loader/sharedModules.ts)'
      : 'Grafana does not share it with plugins: bundle it or drop it from the webpack externals';
    throw new Error(`The plugin needs module "${id}" (from ${parentUrl ?? 'the page'}): ${why}.`, { cause: err });
  }
};

// System.set snapshots a plain object's values, but ES exports are live: @grafana/runtime's
// PluginPage, for one, is replaced after start-up (setPluginPage). Grafana's namespaces are
// webpack's, tagged 'Module', which SystemJS keeps as they are; these getters do the same.
function liveNamespace(ns: object): object {
  const live = Object.create(null);
  for (const key of Object.keys(ns)) {
    Object.defineProperty(live, key, { enumerable: true, get: () => (ns as Record<string, unknown>)[key] });
  }
  return Object.defineProperty(live, Symbol.toStringTag, { value: 'Module' });
}

const imports: Record<string, string> = {};
for (const [name, ns] of Object.entries(hostSharedModules)) {
  System.set(PREFIX + name, liveNamespace(ns));
  imports[name] = PREFIX + name;
}
System.addImportMap({ imports });

/** Imports a plugin's module.js by the path Grafana gives in its meta (`public/plugins/<id>/module.js`). */
export function importPluginModule(modulePath: string): Promise<Record<string, unknown>> {
  return System.import(new URL(modulePath, `${window.location.origin}/`).href);
}
