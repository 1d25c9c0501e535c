/** @jest-environment node */
// `npm run package` (scripts/package.sh on the built dist/): the zip layout Grafana's plugin
// installer and the plugin validator expect, checked by unpacking it as the installer does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT, requireBuiltPlugin } from '../host/harness';
import { chunkProblems, listFiles, pluginJsonProblems } from './checks';

const DIST = join(REPO_ROOT, 'dist');
const ID = 'vigil-k8ssecurity-app';

let unpacked: string;
let zip: string;

beforeAll(() => {
  requireBuiltPlugin();
  const out = mkdtempSync(join(tmpdir(), 'vigil-package-'));
  zip = execFileSync(join(REPO_ROOT, 'scripts', 'package.sh'), [out], { encoding: 'utf8' }).trim();
  unpacked = mkdtempSync(join(tmpdir(), 'vigil-unpacked-'));
  execFileSync('unzip', ['-q', zip, '-d', unpacked]);
}, 120_000);

test('the archive is named <id>-<version>.zip and holds one folder named after the plugin id', () => {
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;
  expect(relative(join(zip, '..'), zip)).toBe(`${ID}-${version}.zip`);
  expect(readdirSync(unpacked)).toEqual([ID]);
  const entries = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
  expect(entries.filter((e) => !e.startsWith(`${ID}/`))).toEqual([]);
});

test('it holds exactly the built files, byte for byte, executables still executable', () => {
  const root = join(unpacked, ID);
  const rel = (dir: string) =>
    listFiles(dir)
      .map((f) => relative(dir, f))
      .sort();
  expect(rel(root)).toEqual(rel(DIST));
  for (const file of rel(DIST)) {
    expect(readFileSync(join(root, file)).equals(readFileSync(join(DIST, file)))).toBe(true);
  }
  for (const arch of ['amd64', 'arm64']) {
    const exe = join(root, 'datasource', `gpx_vigil_k8ssecurity_datasource_linux_${arch}`);
    expect(statSync(exe).mode & 0o111).not.toBe(0);
  }
});

test('unpacked, it passes the same artifact checks as dist/', () => {
  const root = join(unpacked, ID);
  const grafanaVersion = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).dependencies[
    '@grafana/data'
  ];
  expect(chunkProblems(root)).toEqual([]);
  expect(pluginJsonProblems(root, grafanaVersion, ['linux_amd64', 'linux_arm64'])).toEqual([]);
});
