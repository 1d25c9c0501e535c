/** Internal links of Markdown files: relative paths must exist and #anchors must name a heading. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { anchorOf } from './generate';

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  why: string;
}

/** The anchors GitHub gives a Markdown file's headings (a repeated heading gets -1, -2…). */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      fenced = !fenced;
    }
    const m = !fenced && /^#{1,6}\s+(.+?)\s*#*$/.exec(line);
    if (m) {
      const base = anchorOf(m[1].replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
  }
  return out;
}

const LINK = /!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Broken internal links of `files` (paths relative to `root`). */
export function brokenLinks(root: string, files: string[]): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    let fenced = false;
    text.split('\n').forEach((line, i) => {
      if (line.startsWith('```')) {
        fenced = !fenced;
      }
      if (fenced) {
        return;
      }
      for (const m of line.replace(/`[^`]*`/g, '').matchAll(LINK)) {
        const target = m[1];
        if (/^[a-z]+:/i.test(target)) {
          continue;
        }
        const [path, anchor] = target.split('#');
        const resolved = path === '' ? join(root, file) : join(root, dirname(file), decodeURIComponent(path));
        const at = { file, line: i + 1, target };
        if (relative(root, resolved).startsWith('..')) {
          broken.push({ ...at, why: 'points outside the repository' });
        } else if (!existsSync(resolved)) {
          broken.push({ ...at, why: `${relative(root, resolved)} does not exist` });
        } else if (anchor !== undefined && resolved.endsWith('.md') && statSync(resolved).isFile()) {
          if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) {
            broken.push({ ...at, why: `no heading with anchor #${anchor} in ${relative(root, resolved)}` });
          }
        }
      }
    });
  }
  return broken;
}
