// Checks of the built plugin (dist/) as Grafana will read it: what each emitted chunk asks
// the AMD loader for, where its lazy chunks are loaded from, the plugin.json files against
// the files they name, and the version of Grafana the build targets.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { isGrafanaShared } from '../host/src/loader/grafanaShared';

// semver ships without types; this is the one function used.
const semver = createRequire(__filename)('semver') as { satisfies(version: string, range: string): boolean };

/** One plugin of the build: its directory under dist/ and its plugin.json. */
export interface BuiltPlugin {
  dir: string;
  json: PluginJson;
}

interface PluginJson {
  id: string;
  name: string;
  type: string;
  backend?: boolean;
  executable?: string;
  info: { logos: { small: string; large: string }; screenshots?: Array<{ path: string }> };
  includes?: Array<{ type: string; name: string; path?: string; uid?: string }>;
  dependencies: { grafanaDependency: string };
}

/** What loading a chunk in a sandbox shows: the AMD define() calls and the webpack chunk pushes. */
export interface ChunkLoad {
  file: string;
  defines: string[][];
  chunkGlobals: string[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Every plugin.json under dist/, as Grafana discovers them. */
export function builtPlugins(dist: string): BuiltPlugin[] {
  return listFiles(dist)
    .filter((f) => f.endsWith('/plugin.json'))
    .map((f) => ({ dir: dirname(f), json: readJson<PluginJson>(f) }));
}

/**
 * Runs a chunk with a define() that records its dependencies without calling the factory,
 * and a `self` whose webpack chunk arrays record their names: no plugin code executes.
 */
export function loadChunk(file: string): ChunkLoad {
  const defines: string[][] = [];
  const chunkGlobals: string[] = [];
  const self = new Proxy({} as Record<string, unknown>, {
    get(target, key) {
      if (typeof key === 'string' && key.startsWith('webpackChunk') && !(key in target)) {
        chunkGlobals.push(key);
        target[key] = [];
      }
      return target[key as string];
    },
  });
  const define = (deps: unknown) => {
    defines.push(Array.isArray(deps) ? deps.map(String) : []);
  };
  vm.runInNewContext(readFileSync(file, 'utf8'), { define, self, window: self, globalThis: self }, { filename: file });
  return { file, defines, chunkGlobals };
}

/** Problems with what the chunks of a plugin directory ask for; empty when loadable. */
export function chunkProblems(dist: string): string[] {
  const problems: string[] = [];
  const plugins = builtPlugins(dist);
  for (const file of listFiles(dist).filter((f) => f.endsWith('.js'))) {
    const name = relative(dist, file);
    const load = loadChunk(file);
    for (const dep of load.defines.flat()) {
      const chunk = dep.startsWith('.') ? join(dirname(file), dep) : undefined;
      if (!isGrafanaShared(dep) && !(chunk && statSync(chunk, { throwIfNoEntry: false })?.isFile())) {
        problems.push(
          `${name}: define() depends on "${dep}", which Grafana does not share and the build does not contain`
        );
      }
    }
    // A lazy chunk is fetched from the directory of the module.js whose runtime asks for it.
    const owner = plugins.find((p) => p.dir === dirname(file));
    const entry = owner && readFileSync(join(owner.dir, 'module.js'), 'utf8');
    for (const global of load.chunkGlobals) {
      if (!entry?.includes(global)) {
        problems.push(`${name}: a chunk of ${global}, but no module.js in its own directory loads that chunk set`);
      }
    }
    if (load.defines.length === 0 && load.chunkGlobals.length === 0) {
      problems.push(`${name}: neither an AMD module nor a webpack chunk`);
    }
  }
  return problems;
}

/** Problems with plugin.json files against the files of the build; empty when consistent. */
export function pluginJsonProblems(dist: string, grafanaVersion: string, platforms: string[]): string[] {
  const problems: string[] = [];
  const exists = (dir: string, path: string) => statSync(join(dir, path), { throwIfNoEntry: false })?.isFile() ?? false;
  for (const { dir, json } of builtPlugins(dist)) {
    const where = relative(dist, join(dir, 'plugin.json'));
    if (!semver.satisfies(grafanaVersion, json.dependencies.grafanaDependency)) {
      problems.push(
        `${where}: grafanaDependency ${json.dependencies.grafanaDependency} excludes ${grafanaVersion}, the version the build uses`
      );
    }
    if (!exists(dir, 'module.js')) {
      problems.push(`${where}: no module.js beside it`);
    }
    const logos = [json.info.logos.small, json.info.logos.large, ...(json.info.screenshots ?? []).map((s) => s.path)];
    for (const path of logos.filter((p) => !exists(dir, p))) {
      problems.push(`${where}: ${path} (logo or screenshot) is not in the build`);
    }
    if (Boolean(json.backend) !== Boolean(json.executable)) {
      problems.push(`${where}: "backend" and "executable" disagree`);
    }
    for (const platform of json.executable ? platforms : []) {
      const exe = join(dir, `${json.executable}_${platform}`);
      const mode = statSync(exe, { throwIfNoEntry: false })?.mode ?? 0;
      if ((mode & 0o111) === 0) {
        problems.push(`${where}: executable ${relative(dist, exe)} is missing or not executable`);
      }
    }
    for (const inc of json.includes ?? []) {
      problems.push(...includeProblems(dist, dir, where, inc));
    }
  }
  return problems;
}

function includeProblems(
  dist: string,
  dir: string,
  where: string,
  inc: NonNullable<PluginJson['includes']>[number]
): string[] {
  if (inc.type === 'page') {
    return inc.path?.startsWith('/a/') ? [] : [`${where}: page "${inc.name}" has no /a/ path`];
  }
  const file = inc.path ? join(dir, inc.path) : '';
  if (!file || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
    return [`${where}: include "${inc.name}" points at ${inc.path}, which is not in the build`];
  }
  if (inc.type === 'dashboard' && readJson<{ uid?: string }>(file).uid !== inc.uid) {
    return [`${where}: dashboard ${inc.path} does not have the include's uid ${inc.uid}`];
  }
  if (inc.type === 'datasource' && readJson<PluginJson>(file).name !== inc.name) {
    return [`${where}: include "${inc.name}" points at a plugin of another name (${relative(dist, file)})`];
  }
  return [];
}

/**
 * Source maps must name every file under the archive's plugin id (webpack://<app id>/…):
 * the plugin validator strips that prefix to compare them with the plugin's sources.
 */
export function sourceMapProblems(dist: string, appId: string): string[] {
  const problems: string[] = [];
  for (const file of listFiles(dist).filter((f) => f.endsWith('.js.map'))) {
    const { sources } = readJson<{ sources: string[] }>(file);
    const foreign = sources.filter((s) => !s.startsWith(`webpack://${appId}/`));
    if (foreign.length > 0) {
      problems.push(
        `${relative(dist, file)}: ${foreign.length} source(s) outside webpack://${appId}/, e.g. ${foreign[0]}`
      );
    }
  }
  return problems;
}
