/** @jest-environment node */
// The built plugin (dist/ from `npm run build`) checked as Grafana will read it. The
// checkers themselves are tested on small broken builds, so a pass means something.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT, requireBuiltPlugin } from '../host/harness';
import { builtPlugins, chunkProblems, listFiles, loadChunk, pluginJsonProblems, sourceMapProblems } from './checks';

const DIST = join(REPO_ROOT, 'dist');
const PLATFORMS = ['linux_amd64', 'linux_arm64'];
const DATASOURCE_ENTRY_MAX_BYTES = 200_000;
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const grafanaVersion: string = pkg.dependencies['@grafana/data'];

beforeAll(() => requireBuiltPlugin());

test('the build uses one @grafana/* version, pinned, and installed as pinned', () => {
  for (const name of ['@grafana/data', '@grafana/ui', '@grafana/runtime', '@grafana/schema', '@grafana/i18n']) {
    expect(pkg.dependencies[name]).toBe(grafanaVersion);
    expect(require(`${name}/package.json`).version).toBe(grafanaVersion);
  }
  expect(grafanaVersion).toBe('13.1.1');
});

test('every chunk asks the AMD loader only for modules Grafana shares, and sits where its runtime fetches it', () => {
  expect(chunkProblems(DIST)).toEqual([]);
  // The checker saw what it checks: both entries are AMD modules with Grafana's externals.
  for (const entry of ['module.js', 'datasource/module.js']) {
    const [deps] = loadChunk(join(DIST, entry)).defines;
    expect(deps).toEqual(expect.arrayContaining(['@grafana/data', 'react', 'module']));
  }
  const lazy = listFiles(join(DIST, 'datasource')).filter((f) => f.endsWith('.js') && !f.endsWith('/module.js'));
  expect(lazy.length).toBeGreaterThan(0);
  expect(lazy.map((f) => loadChunk(f).chunkGlobals)).toEqual(
    lazy.map(() => ['webpackChunkvigil_k8ssecurity_datasource'])
  );
});

test('both plugin.json files admit the Grafana version the build uses and match the built files', () => {
  const plugins = builtPlugins(DIST)
    .map((p) => p.json.id)
    .sort();
  expect(plugins).toEqual(['vigil-k8ssecurity-app', 'vigil-k8ssecurity-datasource']);
  expect(pluginJsonProblems(DIST, grafanaVersion, PLATFORMS)).toEqual([]);
});

test("the app's plugin.json has one source, the top level, copied into dist/", () => {
  expect(existsSync(join(REPO_ROOT, 'src', 'plugin.json'))).toBe(false);
  const source = JSON.parse(readFileSync(join(REPO_ROOT, 'plugin.json'), 'utf8'));
  const built = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8'));
  // The build fills in %PLUGIN_ID%, %VERSION% and %TODAY%, nothing else.
  expect(built.includes).toEqual(JSON.parse(JSON.stringify(source.includes).replaceAll('%PLUGIN_ID%', source.id)));
  expect(built.id).toBe(source.id);
  expect(built.info.version).toBe(pkg.version);
});

test("every source map names its files under the app's id, as the plugin validator expects", () => {
  expect(sourceMapProblems(DIST, 'vigil-k8ssecurity-app')).toEqual([]);
  expect(sourceMapProblems(DIST, 'another-app')).toHaveLength(
    listFiles(DIST).filter((f) => f.endsWith('.js.map')).length
  );
});

test(`the data source's module.js stays under ${DATASOURCE_ENTRY_MAX_BYTES / 1000} KB`, () => {
  expect(statSync(join(DIST, 'datasource', 'module.js')).size).toBeLessThanOrEqual(DATASOURCE_ENTRY_MAX_BYTES);
});

describe('the checkers report a broken build', () => {
  let dist: string;
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    writeFileSync(join(dist, path), content);
  };
  const pluginJson = (extra: object) =>
    JSON.stringify({
      id: 'x-app',
      type: 'app',
      info: { logos: { small: 'img/logo.svg', large: 'img/logo.svg' } },
      dependencies: { grafanaDependency: '>=12.3.0' },
      ...extra,
    });

  beforeEach(() => {
    dist = mkdtempSync(join(tmpdir(), 'vigil-artifact-'));
    write('img/logo.svg', '<svg/>');
    write(
      'plugin.json',
      pluginJson({ includes: [{ type: 'dashboard', name: 'D', path: 'dashboards/d.json', uid: 'd' }] })
    );
    write('dashboards/d.json', '{"uid":"d"}');
    write('module.js', 'define(["react","module"],()=>({}))');
    write('datasource/plugin.json', pluginJson({ id: 'x-ds', type: 'datasource', backend: true, executable: 'gpx_x' }));
    write('datasource/img/logo.svg', '<svg/>');
    write('datasource/module.js', 'define(["@grafana/data"],()=>{var g="webpackChunkx_ds";})');
    for (const p of PLATFORMS) {
      write(`datasource/gpx_x_${p}`, 'binary');
      chmodSync(join(dist, `datasource/gpx_x_${p}`), 0o755);
    }
  });

  test('a sound build has no problems', () => {
    expect(chunkProblems(dist)).toEqual([]);
    expect(pluginJsonProblems(dist, grafanaVersion, PLATFORMS)).toEqual([]);
  });

  test('a dependency Grafana does not share', () => {
    write('module.js', 'define(["react","yaml"],()=>({}))');
    expect(chunkProblems(dist)).toEqual([expect.stringContaining('"yaml", which Grafana does not share')]);
  });

  test("a data source chunk emitted beside the app's module.js", () => {
    write('42.js', '(self.webpackChunkx_ds=self.webpackChunkx_ds||[]).push([[42],{}])');
    expect(chunkProblems(dist)).toEqual([expect.stringContaining('42.js: a chunk of webpackChunkx_ds')]);
    write('datasource/42.js', readFileSync(join(dist, '42.js'), 'utf8'));
    expect(chunkProblems(dist)).toHaveLength(1);
  });

  test('a grafanaDependency that excludes the version built against, a missing include, executable and logo', () => {
    write(
      'plugin.json',
      pluginJson({
        dependencies: { grafanaDependency: '>=13.2.0' },
        includes: [{ type: 'dashboard', name: 'E', path: 'dashboards/e.json' }],
      })
    );
    chmodSync(join(dist, 'datasource/gpx_x_linux_arm64'), 0o644);
    write(
      'datasource/plugin.json',
      pluginJson({
        id: 'x-ds',
        type: 'datasource',
        backend: true,
        executable: 'gpx_x',
        info: { logos: { small: 'img/missing.svg', large: 'img/logo.svg' } },
      })
    );
    expect(pluginJsonProblems(dist, grafanaVersion, PLATFORMS)).toEqual([
      expect.stringContaining(`grafanaDependency >=13.2.0 excludes ${grafanaVersion}`),
      expect.stringContaining('dashboards/e.json, which is not in the build'),
      expect.stringContaining('img/missing.svg (logo or screenshot) is not in the build'),
      expect.stringContaining('gpx_x_linux_arm64 is missing or not executable'),
    ]);
  });
});
