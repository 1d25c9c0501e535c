/**
 * Writes dashboards/*.json and provisioning/alerting/*.yaml from dashboards/build/.
 * `npx tsx dashboards/generate.ts` regenerates (`npm run generate` runs every generator);
 * `--check` exits 1 when a file is stale.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles } from './build';

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [path, content] of generatedFiles()) {
  const file = join(root, path);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === content) {
    continue;
  }
  if (check) {
    stale.push(path);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${path}`);
  }
}
if (stale.length > 0) {
  console.error(`stale, run \`npm run generate\`: ${stale.join(', ')}`);
  process.exit(1);
}
