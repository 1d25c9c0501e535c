// Sizes of the shipped artifact: every JavaScript chunk of dist/, per plugin, raw and gzip,
// with what it holds (the source folders its source map lists most). Writes the
// artifact-sizes section of docs/benchmarks.md. Run after `npm run build`:
//   npm run bench:artifact
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT, requireBuiltPlugin } from '../host/harness';
import { builtPlugins, listFiles } from './checks';

const DIST = join(REPO_ROOT, 'dist');
const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

// The most frequent source folders in a chunk's source map, e.g. "pages/Detections".
function contents(file: string): string {
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
  const count = new Map<string, number>();
  const paths = map.sources.map((s) => s.replace(/^webpack:\/\/[^/]*\/(\.\/)?/, ''));
  // webpack's runtime and the externals are not the plugin's code.
  for (const path of paths.filter((p) => !/^(external |webpack\/|node_modules\/grafana-public-path)/.test(p))) {
    const parts = path.split('/');
    const key =
      parts[0] === '..' && parts[1] === 'node_modules'
        ? parts.slice(2, parts[2].startsWith('@') ? 4 : 3).join('/')
        : parts.slice(0, Math.min(2, parts.length - 1) || 1).join('/');
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return [...count.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k]) => k)
    .join(', ');
}

function main() {
  requireBuiltPlugin();
  const rows: string[] = [];
  for (const { dir, json } of builtPlugins(DIST)) {
    const chunks = listFiles(dir).filter((f) => f.endsWith('.js') && dirname(f) === dir);
    chunks.sort((a, b) =>
      basename(a) === 'module.js' ? -1 : basename(b) === 'module.js' ? 1 : statSync(b).size - statSync(a).size
    );
    let total = 0;
    let totalGzip = 0;
    for (const f of chunks) {
      const raw = readFileSync(f);
      const gz = gzipSync(raw).length;
      total += raw.length;
      totalGzip += gz;
      const name = relative(DIST, f);
      rows.push(
        `| ${json.id} | \`${name}\`${basename(f) === 'module.js' ? ' (entry)' : ''} | ${kb(raw.length)} | ${kb(gz)} | ${contents(f)} |`
      );
    }
    rows.push(`| ${json.id} | **all ${chunks.length} chunks** | **${kb(total)}** | **${kb(totalGzip)}** | |`);
  }
  const md = [
    '## Plugin artifact: every chunk of dist/',
    '',
    'Command: `npm run build && npm run bench:artifact` (tests/artifact/sizes.ts). Minified JavaScript as shipped,',
    'without source maps; gzip at the default level. "Holds" lists the source folders (or npm packages) its source map',
    'names most. The data source entry must stay at or under 200 KB (tests/artifact/artifact.integration.test.ts); its builder,',
    'detection catalog and editors are lazy chunks beside it.',
    '',
    '| plugin | chunk | size | gzip | holds |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bench-section.mjs'), 'artifact-sizes', '-'], {
    input: md,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  process.stdout.write(md + '\n');
}

main();
