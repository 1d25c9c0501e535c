/**
 * A Python venv of pinned packages for a benchmark's peer (pySigma and a backend), created on
 * first use under ~/.cache/vigil and reinstalled when the pins change.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The venv's directory for a benchmark: ~/.cache/vigil/<name>. */
export function venvDir(name: string): string {
  return path.join(os.homedir(), '.cache/vigil', name);
}

/** The venv's python, with exactly the pinned versions installed (`{ pySigma: '1.5.1', … }`). */
export function venvPython(venv: string, pins: Record<string, string>): string {
  const python = path.join(venv, 'bin/python');
  const names = Object.keys(pins);
  const want = names.map((n) => pins[n]).join(' ');
  const have = (): string => {
    try {
      const probe = `import importlib.metadata as m; print(*(m.version(n) for n in ${JSON.stringify(names)}))`;
      return execFileSync(python, ['-c', probe], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  if (have() !== want) {
    const specs = names.map((n) => `${n}==${pins[n]}`);
    console.error(`installing ${specs.join(', ')} into ${venv}`);
    fs.mkdirSync(path.dirname(venv), { recursive: true });
    if (!fs.existsSync(python)) {
      execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    }
    execFileSync(python, ['-m', 'pip', 'install', '-q', ...specs], { stdio: 'inherit' });
    if (have() !== want) {
      throw new Error(`the venv at ${venv} does not hold ${specs.join(', ')}`);
    }
  }
  return python;
}
