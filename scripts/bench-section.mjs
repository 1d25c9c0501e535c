#!/usr/bin/env node
// Replaces one named section of docs/benchmarks.md, so every benchmark owns its section and
// re-running one never clobbers another. Usage: node scripts/bench-section.mjs <name> <markdown-file|->
import fs from 'node:fs';
import os from 'node:os';

const [name, input] = process.argv.slice(2);
if (!name || !input) {
  console.error('usage: bench-section.mjs <name> <markdown-file|->');
  process.exit(2);
}
const body = fs.readFileSync(input === '-' ? 0 : input, 'utf8').trim();
const file = new URL('../docs/benchmarks.md', import.meta.url);
const header = '# Benchmarks\n\nEach section is written by its benchmark script; the command to repeat it is in the section.\n';
let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : header;
const begin = `<!-- bench:${name} -->`;
const end = `<!-- /bench:${name} -->`;
const machine = `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}. Run ${new Date().toISOString().slice(0, 10)}.`;
const section = `${begin}\n${body}\n\n${machine}\n${end}`;
const re = new RegExp(`${begin}[\\s\\S]*?${end}`);
// A function, so `$` sequences in the section (e.g. `-run '^$'`) are not replacement patterns.
doc = re.test(doc) ? doc.replace(re, () => section) : `${doc.trimEnd()}\n\n${section}\n`;
fs.writeFileSync(file, doc);
console.error(`wrote section "${name}" of docs/benchmarks.md`);
