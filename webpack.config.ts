/**
 * Extends create-plugin's webpack configuration (the documented top-level extension).
 *
 * One compilation per plugin: Grafana serves every plugin, the nested data source included,
 * from /public/plugins/<its own id>/, and webpack loads a lazy chunk from the directory of
 * the module.js that asked for it. So the data source's chunks must sit beside
 * dist/datasource/module.js, and each compilation needs its own chunk-loading global.
 *
 * Copied files: the app's plugin.json from the top level of the repository, the dashboards
 * from the top-level dashboards/ (their single source) to dist/dashboards/, where the app's
 * includes point, and each plugin's logo.
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import fs from 'fs';
import path from 'path';
import ReplaceInFileWebpackPlugin from 'replace-in-file-webpack-plugin';
import webpack, { type Configuration, type WebpackPluginInstance } from 'webpack';
import VirtualModulesPlugin from 'webpack-virtual-modules';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.resolve(process.cwd(), file), 'utf8'));
const appJson = readJson('plugin.json');
const dsJson = readJson('src/datasource/plugin.json');
const DIST = path.resolve(process.cwd(), 'dist');
const BACKEND = /_(amd64|arm(64)?)(\.exe)?$|go_plugin_build_manifest$/;

// create-plugin's public-path module, with this plugin's own fallback path (it is only
// used when the loader gives no module URL).
function publicPathModule(id: string) {
  return new VirtualModulesPlugin({
    'node_modules/grafana-public-path.js': `
import amdMetaModule from 'amd-module';
__webpack_public_path__ =
  amdMetaModule && amdMetaModule.uri
    ? amdMetaModule.uri.slice(0, amdMetaModule.uri.lastIndexOf('/') + 1)
    : 'public/plugins/${id}/';
`,
  });
}

// create-plugin fills in %VERSION%, %TODAY% and %PLUGIN_ID% by rewriting every plugin.json
// and README.md under dist/ after a build; with two compilations one would rewrite files the
// other is still writing. This fills them in as assets of their own compilation instead.
function fillIn(id: string): WebpackPluginInstance {
  const values: Record<string, string> = {
    VERSION: readJson('package.json').version,
    TODAY: new Date().toISOString().substring(0, 10),
    PLUGIN_ID: id,
  };
  return {
    apply(compiler) {
      compiler.hooks.thisCompilation.tap('VigilFillIn', (compilation) => {
        const stage = webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONS;
        compilation.hooks.processAssets.tap({ name: 'VigilFillIn', stage }, (assets) => {
          for (const name of Object.keys(assets).filter((n) => /^(plugin\.json|README\.md)$/.test(n))) {
            const text = assets[name].source().toString();
            const filled = text.replace(/%(VERSION|TODAY|PLUGIN_ID)%/g, (_, key: string) => values[key]);
            compilation.updateAsset(name, new webpack.sources.RawSource(filled));
          }
        });
      });
    },
  };
}

interface PluginBuild {
  name: string;
  id: string;
  entry: string;
  outDir: string;
  copy: ConstructorParameters<typeof CopyWebpackPlugin>[0]['patterns'];
  /** Files under outDir that this compilation must not clean. */
  keep: (asset: string) => boolean;
}

async function pluginConfig(env: Env, b: PluginBuild): Promise<Configuration> {
  // A fresh base per compilation: webpack plugins hold per-compiler state.
  const base = await grafanaConfig(env);
  const plugins = (base.plugins ?? []).filter(
    (p) =>
      !(p instanceof CopyWebpackPlugin) &&
      !(p instanceof VirtualModulesPlugin) &&
      !(p instanceof ReplaceInFileWebpackPlugin)
  );
  return {
    ...base,
    name: b.name,
    entry: { module: b.entry },
    cache: typeof base.cache === 'object' ? { ...base.cache, name: `${b.name}-${base.mode}` } : base.cache,
    output: {
      ...base.output,
      path: b.outDir,
      publicPath: `public/plugins/${b.id}/`,
      uniqueName: b.id,
      // Source maps name every file under the archive's plugin id, which the plugin validator
      // strips to match them with the sources.
      devtoolNamespace: appJson.id,
      clean: { keep: b.keep },
    },
    plugins: [...plugins, publicPathModule(b.id), new CopyWebpackPlugin({ patterns: b.copy }), fillIn(b.id)],
  };
}

const config = async (env: Env): Promise<Configuration[]> => {
  const app = await pluginConfig(env, {
    name: 'app',
    id: appJson.id,
    entry: './module.tsx',
    outDir: DIST,
    copy: [
      { from: 'README.md', to: '.' },
      { from: '../plugin.json', to: '.' },
      { from: '../LICENSE', to: '.' },
      { from: '../CHANGELOG.md', to: '.' },
      { from: 'img', to: 'img' },
      { from: '*.json', context: path.resolve(process.cwd(), 'dashboards'), to: 'dashboards' },
    ],
    // The data source's compilation owns dist/datasource/.
    keep: (asset) => asset.startsWith('datasource/') || BACKEND.test(asset),
  });
  const datasource = await pluginConfig(env, {
    name: 'datasource',
    id: dsJson.id,
    entry: './datasource/module.ts',
    outDir: path.join(DIST, 'datasource'),
    copy: [
      { from: 'datasource/plugin.json', to: '.' },
      { from: 'datasource/img', to: 'img' },
    ],
    keep: (asset) => BACKEND.test(asset),
  });
  return [app, datasource];
};

export default config;
