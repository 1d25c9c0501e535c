// Builds the Vigil page host: Grafana's real npm packages and the host's stand-ins for
// Grafana core, bundled into a static site that runs outside Grafana. It holds no plugin
// code: the page loads the built plugin (dist/, served by tools/devhost under
// /public/plugins/<id>/) through SystemJS, giving it the shared modules Grafana gives
// plugins. The output is tests/host/dist/. It is a test host, not Grafana.
//
// Usage: node tests/host/build.mjs [--dev]   (prints bundle sizes as JSON on stdout)
import * as esbuild from 'esbuild';
import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(here, 'dist');
const publicDir = join(out, 'public');
const buildDir = join(publicDir, 'build');
const require = createRequire(join(root, 'package.json'));
const dev = process.argv.includes('--dev');

// @grafana/ui ships .mjs files. For an .mjs importer esbuild follows Node: the default
// import of a CommonJS module is module.exports, ignoring __esModule. These packages set
// __esModule, so their default export would arrive as an object (React error #130).
const CJS_DEFAULT_INTEROP = [
  'react-custom-scrollbars-2',
  'react-highlight-words',
  'calculate-size',
  'is-hotkey',
  '@braintree/sanitize-url',
];

const cjsDefaultInterop = {
  name: 'cjs-default-interop',
  setup(build) {
    const filter = new RegExp(`^(${CJS_DEFAULT_INTEROP.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => {
      if (args.namespace === 'cjs-interop' || !args.importer.endsWith('.mjs')) {
        return undefined;
      }
      return { path: args.path, namespace: 'cjs-interop' };
    });
    build.onLoad({ filter: /.*/, namespace: 'cjs-interop' }, (args) => ({
      contents: `import * as m from ${JSON.stringify(args.path)};\nexport * from ${JSON.stringify(args.path)};\nexport default m.default ?? m;\n`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

// Grafana core installs its page chrome with runtime's setPluginPage, which the package
// does not export. This alias reaches the module so the host can do the same.
const runtimePluginPage = {
  name: 'runtime-plugin-page',
  setup(build) {
    const runtimeDir = dirname(require.resolve('@grafana/runtime/package.json'));
    build.onResolve({ filter: /^host:runtime-plugin-page$/ }, () => ({
      path: join(runtimeDir, 'dist', 'esm', 'components', 'PluginPage.mjs'),
    }));
  },
};

// Grafana core fills the data source caches behind @grafana/runtime/unstable at boot through
// runtime's internal exports, which the package does not export either.
const runtimeDataSources = {
  name: 'runtime-data-sources',
  setup(build) {
    const runtimeDir = dirname(require.resolve('@grafana/runtime/package.json'));
    build.onResolve({ filter: /^host:runtime-ds\/(settings|dataSource)$/ }, (args) => ({
      path: join(runtimeDir, 'dist', 'esm', 'services', 'dataSource', `${args.path.split('/')[1]}.mjs`),
    }));
    // And the panel renderer plugins draw Grafana's panels with.
    build.onResolve({ filter: /^host:runtime-panel-renderer$/ }, () => ({
      path: join(runtimeDir, 'dist', 'esm', 'components', 'PanelRenderer.mjs'),
    }));
  },
};

async function copyAssets() {
  const uiDir = dirname(require.resolve('@grafana/ui/package.json'));
  await cp(join(uiDir, 'dist', 'public', 'img', 'icons'), join(buildDir, 'img', 'icons'), { recursive: true });
  const inter = join(dirname(require.resolve('@fontsource/inter/package.json')), 'files');
  const mono = join(dirname(require.resolve('@fontsource/roboto-mono/package.json')), 'files');
  // GlobalStyles asks for these exact names (Grafana ships its own copies in public/fonts).
  const fonts = [
    [join(inter, 'inter-latin-400-normal.woff2'), 'inter/Inter-Regular.woff2'],
    [join(inter, 'inter-latin-500-normal.woff2'), 'inter/Inter-Medium.woff2'],
    [join(inter, 'inter-latin-400-italic.woff2'), 'inter/Inter-Italic.woff2'],
    [join(inter, 'inter-latin-500-italic.woff2'), 'inter/Inter-MediumItalic.woff2'],
    [
      join(mono, 'roboto-mono-latin-400-normal.woff2'),
      'roboto/L0xTDF4xlVMF-BfR8bXMIhJHg45mwgGEFl0_3vrtSM1J-gEPT5Ese6hmHSh0mQ.woff2',
    ],
  ];
  for (const [from, to] of fonts) {
    await mkdir(dirname(join(publicDir, 'fonts', to)), { recursive: true });
    await cp(from, join(publicDir, 'fonts', to));
  }
  await cp(join(here, 'index.html'), join(out, 'index.html'));
}

const common = {
  bundle: true,
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  target: 'es2022',
  logLevel: 'warning',
  // systemjs' package.json says "type": "script", which esbuild warns about and ignores.
  logOverride: { 'package.json': 'silent' },
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
};

async function build() {
  await rm(out, { recursive: true, force: true });
  await mkdir(buildDir, { recursive: true });
  const app = esbuild.build({
    ...common,
    entryPoints: { host: join(here, 'src', 'index.tsx') },
    outdir: buildDir,
    format: 'esm',
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    publicPath: '/public/build/',
    plugins: [cjsDefaultInterop, runtimePluginPage, runtimeDataSources],
    metafile: true,
  });
  // Boot data must exist before any @grafana module is evaluated: ES imports run before the
  // entry's own code, so boot is a classic script of its own, loaded ahead of the module
  // (as Grafana's index.html sets grafanaBootData inline).
  // Monaco (behind @grafana/ui's CodeEditor) runs its language services in web workers.
  const classicScripts = esbuild.build({
    ...common,
    entryPoints: {
      boot: join(here, 'src', 'boot.ts'),
      'editor.worker': require.resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
      'json.worker': require.resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
    },
    outdir: buildDir,
    format: 'iife',
  });
  const [appResult] = await Promise.all([app, classicScripts, copyAssets()]);
  await writeFile(join(out, 'meta.json'), JSON.stringify(appResult.metafile));
  return sizes();
}

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

// Sizes of what the browser downloads to show a page (JS and CSS, raw and gzip).
async function sizes() {
  const files = (await listFiles(buildDir)).filter((f) => /\.(js|css)$/.test(f));
  const report = { js: 0, jsGzip: 0, css: 0, workers: 0, files: files.length };
  // `workers` also counts boot.js (a few hundred bytes).
  for (const f of files) {
    const size = (await stat(f)).size;
    const name = relative(buildDir, f);
    if (name.includes('.worker.') || name === 'boot.js') {
      report.workers += size;
    } else if (f.endsWith('.css')) {
      report.css += size;
    } else {
      report.js += size;
      report.jsGzip += gzipSync(readFileSync(f)).length;
    }
  }
  return report;
}

const started = Date.now();
const report = await build();
console.log(JSON.stringify({ ...report, buildMs: Date.now() - started, out: relative(root, out) }));
