// The pins in scripts/versions.sh (binaries' paths and versions), read by the harnesses and by
// tests that run a tool (promtool) without starting a server.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..');

/** Reads a variable from scripts/versions.sh so the scripts and harnesses share one set of pins. */
export function versionsVar(name: string): string {
  const out = execFileSync('bash', ['-c', `source scripts/versions.sh && printf %s "$${name}"`], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return out;
}
