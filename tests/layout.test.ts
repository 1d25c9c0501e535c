/** @jest-environment node */
// The test layout (CONTRIBUTING.md#tests) holds: every test file is in exactly one jest
// project, and no file of the unit project reaches, through its imports, the modules that
// start servers or Chromium (the test stack, the page host harness, playwright-core). A unit
// test that needs them is an integration (*.integration.test.ts) or browser (tests/host/) test.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const PROJECTS = ['unit', 'integration', 'browser'] as const;

/** What a unit test must not import, directly or through other modules. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/^tests\/stack\//, 'the test stack (real servers)'],
  [/^tests\/host\/(harness|browser|buildOnce)\.ts$/, 'the page host harness (devhost, Chromium)'],
  [/^playwright-core$/, 'playwright-core (Chromium)'],
];

// As the sources resolve them: relative paths, and bare paths from src/ (tsconfig's baseUrl).
const COMPILER: ts.CompilerOptions = {
  baseUrl: join(ROOT, 'src'),
  moduleResolution: ts.ModuleResolutionKind.Node10,
  resolveJsonModule: true,
  allowJs: true,
};

/** The files a project's tests are, as jest lists them (repository-relative). */
async function listTests(project: string): Promise<string[]> {
  const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const { stdout } = await run(process.execPath, [jest, '--listTests', '--json', '--selectProjects', project], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return (JSON.parse(stdout) as string[]).map((f) => relative(ROOT, f)).sort();
}

/** A module's imports (static, dynamic and require), each a repository file or a package name. */
function importsOf(file: string): string[] {
  const abs = join(ROOT, file);
  const info = ts.preProcessFile(readFileSync(abs, 'utf8'), true, true);
  return info.importedFiles.flatMap(({ fileName }) => {
    if (fileName.startsWith('node:')) {
      return [];
    }
    const resolved = ts.resolveModuleName(fileName, abs, COMPILER, ts.sys).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport || resolved.resolvedFileName.includes('/node_modules/')) {
      // A package: its name (a scoped one keeps its scope).
      return [
        fileName
          .split('/')
          .slice(0, fileName.startsWith('@') ? 2 : 1)
          .join('/'),
      ];
    }
    return [relative(ROOT, resolved.resolvedFileName)];
  });
}

/** Each forbidden module a file reaches, with the chain of imports that reaches it. */
function forbiddenReach(test: string): string[] {
  const via = new Map<string, string | undefined>([[test, undefined]]);
  const queue = [test];
  const found: string[] = [];
  const chain = (f: string): string[] => {
    const from = via.get(f);
    return from === undefined ? [f] : [...chain(from), f];
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const dep of importsOf(file)) {
      const rule = FORBIDDEN.find(([re]) => re.test(dep));
      if (rule) {
        found.push(`${[...chain(file), dep].join(' → ')}: ${rule[1]}`);
      } else if (/\.(ts|tsx|js|mjs|cjs)$/.test(dep) && !via.has(dep)) {
        via.set(dep, file);
        queue.push(dep);
      }
    }
  }
  return found;
}

let projects: Record<(typeof PROJECTS)[number], string[]>;

beforeAll(async () => {
  const lists = await Promise.all(PROJECTS.map(listTests));
  projects = Object.fromEntries(PROJECTS.map((p, i) => [p, lists[i]])) as typeof projects;
}, 60_000);

test('every test file is in exactly one project, by its name', () => {
  const all = PROJECTS.flatMap((p) => projects[p].map((f) => `${f} ${p}`));
  const twice = PROJECTS.flatMap((p) => projects[p]).filter((f, i, a) => a.indexOf(f) !== i);
  expect(twice).toEqual([]);
  const byRule = (f: string) =>
    f.startsWith('tests/host/') ? 'browser' : /\.integration\.test\.[jt]sx?$/.test(f) ? 'integration' : 'unit';
  expect(all.filter((e) => byRule(e.split(' ')[0]) !== e.split(' ')[1])).toEqual([]);
  expect(projects.unit.length).toBeGreaterThan(50);
  expect(projects.integration.length).toBeGreaterThan(10);
  expect(projects.browser.length).toBeGreaterThan(5);
});

test('no unit test imports the test stack, the page host harness or playwright-core', () => {
  expect(projects.unit.flatMap(forbiddenReach)).toEqual([]);
  // The check sees through imports: the integration and browser tests do reach them.
  expect(forbiddenReach('tests/stack/stack.integration.test.ts')).not.toEqual([]);
  expect(forbiddenReach('tests/host/host.test.ts')).not.toEqual([]);
});
