/** @jest-environment node */
// The page host's loader against builds with broken webpack externals, made from the
// project's own webpack.config.ts with one external changed per plugin:
// - the app lists yaml (which its detection pages bundle) as external, which Grafana does not
//   share: module.js asks the AMD loader for it and cannot load (the artifact checks flag it);
// - the data source bundles @grafana/runtime instead of taking Grafana's: it loads, but its
//   runtime has none of the services Grafana (here, the host) registered. Only loading the
//   artifact shows this one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { testIds } from '../../src/components/testIds';
import { chunkProblems } from '../artifact/checks';
import type { ManagedServer } from '../stack';
import { openWatchedPage } from './browser';
import { HostStack, REPO_ROOT, requireBuiltPlugin, startHostStack } from './harness';
import { hostTestIds } from './src/hostTestIds';

jest.setTimeout(60_000);

const byTestId = (id: string) => `[data-testid="${id}"]`;
const EXE = 'gpx_vigil_k8ssecurity_datasource';

function brokenConfig(dist: string) {
  return `
import type { Configuration } from 'webpack';
import config from ${JSON.stringify(join(REPO_ROOT, 'webpack.config.ts'))};

export default async (env: Record<string, string | boolean>): Promise<Configuration[]> => {
  const [app, datasource] = await config(env);
  const externals = (c: Configuration) => c.externals as unknown[];
  return [
    { ...app, cache: false, externals: [...externals(app), 'yaml'], output: { ...app.output, path: ${JSON.stringify(dist)} } },
    {
      ...datasource,
      cache: false,
      externals: externals(datasource).filter((e) => !(e instanceof RegExp && e.source.includes('runtime'))),
      output: { ...datasource.output, path: ${JSON.stringify(join(dist, 'datasource'))} },
    },
  ];
};
`;
}

let dist: string;
let stack: HostStack;
let devhost: ManagedServer;
let browser: Browser;

beforeAll(async () => {
  requireBuiltPlugin();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-broken-'));
  dist = join(dir, 'dist');
  const config = join(dir, 'webpack.broken.ts');
  writeFileSync(config, brokenConfig(dist));
  const webpack = join(REPO_ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  const build = execFileSync(
    process.execPath,
    ['--import', 'tsx', webpack, '--disable-interpret', '-c', config, '--env', 'production'],
    { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
  );
  expect(build).toMatch(/datasource \(webpack [\d.]+\) compiled/);
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  symlinkSync(
    join(REPO_ROOT, 'dist', 'datasource', `${EXE}_${platform}`),
    join(dist, 'datasource', `${EXE}_${platform}`)
  );
  // No log store nor Prometheus: these pages fail before any query would reach one.
  stack = await startHostStack({ prometheus: false, devhost: { dist } });
  ({ devhost, browser } = stack);
}, 300_000);

afterAll(() => stack?.stop());

test('an external Grafana does not share: the app fails to load and the loader names the module', async () => {
  expect(chunkProblems(dist)).toEqual([expect.stringMatching(/^module\.js: .*"yaml", which Grafana does not share/)]);
  const { page, problems } = await openWatchedPage(browser);
  await page.goto(`${devhost.url}/a/vigil-k8ssecurity-app/overview`);
  const alert = page.getByText('The app could not be loaded');
  await alert.waitFor();
  const shown = await page.locator('div').filter({ hasText: 'The plugin needs module' }).last().textContent();
  expect(shown).toContain('The plugin needs module "yaml"');
  expect(shown).toContain('Grafana does not share it with plugins');
  expect(await page.locator(byTestId(testIds.pages.overview)).count()).toBe(0);
  expect(problems).toEqual([expect.stringContaining('failed to load public/plugins/vigil-k8ssecurity-app/module.js')]);
  await page.context().close();
});

test('a shared module bundled instead: the data source loads, but its own @grafana/runtime has no backend', async () => {
  const { page } = await openWatchedPage(browser);
  await page.goto(`${devhost.url}/host/datasource/config`);
  await page.waitForSelector(byTestId(testIds.datasource.configEditor));
  await page.locator(byTestId(hostTestIds.testDataSource)).click();
  const result = page.locator(byTestId(hostTestIds.healthResult));
  await result.waitFor();
  // With Grafana's runtime the backend answers (host.test.ts); this copy has no BackendSrv.
  await expect(result.textContent()).resolves.toMatch(/Cannot read properties of undefined/);
  await page.context().close();
});
