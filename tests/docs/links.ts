/**
 * Internal links of the Markdown files, and `docs/…` sections cited in code: relative paths
 * must exist and `.md#anchor` must name a heading of that file, with the anchor GitHub gives it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { anchorOf } from './generate';

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  why: string;
}

/** A fence line (```` ``` ```` or `~~~`, indented in list items too): its marker, else undefined. */
function fenceMarker(line: string): string | undefined {
  return /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
}

/** Calls `visit` for each line outside fenced code blocks, with its 0-based index. */
function eachProseLine(markdown: string, visit: (line: string, index: number) => void): void {
  let open: string | undefined;
  markdown.split('\n').forEach((line, i) => {
    const marker = fenceMarker(line);
    if (open === undefined && marker) {
      open = marker;
      return;
    }
    if (open !== undefined) {
      // A fence closes with a marker of the same kind, at least as long.
      if (marker && marker[0] === open[0] && marker.length >= open.length && line.trim() === marker) {
        open = undefined;
      }
      return;
    }
    visit(line, i);
  });
}

/**
 * A heading's text as GitHub renders it: links and images become their text, HTML tags and
 * emphasis markers (`*x*`, `_x_`) go; code spans keep their content as written.
 */
function headingText(raw: string): string {
  return raw
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part.slice(1, -1)
        : part
            .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
            .replace(/<[^>]+>/g, '')
            .replace(/(^|[^\p{L}\p{N}])_+([^_]+?)_+(?=[^\p{L}\p{N}]|$)/gu, '$1$2')
    )
    .join('');
}

/** The anchors GitHub gives a Markdown file's headings (a repeated heading gets -1, -2…). */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  eachProseLine(markdown, (line) => {
    // An ATX heading; a closing run of `#` counts only after a space.
    const m = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (m && m[1] !== '') {
      const base = anchorOf(headingText(m[1]));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
  });
  return out;
}

const LINK = /!?\[[^\]]*\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g;

/**
 * Checks one relative target (`path`, `path#anchor` or `#anchor`) written in `file`. A leading
 * `/` is the repository root, as on GitHub. Returns why it is broken, or undefined.
 */
function checkTarget(root: string, file: string, target: string, fromRoot = false): string | undefined {
  const [path, anchor] = target.split('#');
  const base = fromRoot || path.startsWith('/') ? root : join(root, dirname(file));
  const resolved = path === '' ? join(root, file) : join(base, decodeURIComponent(path));
  const rel = relative(root, resolved);
  if (rel.startsWith('..')) {
    return 'points outside the repository';
  }
  if (!existsSync(resolved)) {
    return `${rel} does not exist`;
  }
  if (anchor !== undefined && resolved.endsWith('.md') && statSync(resolved).isFile()) {
    if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) {
      return `no heading with anchor #${anchor} in ${rel}`;
    }
  }
  return undefined;
}

/** Broken internal links of `files` (Markdown, paths relative to `root`). */
export function brokenLinks(root: string, files: string[]): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of files) {
    eachProseLine(readFileSync(join(root, file), 'utf8'), (line, i) => {
      for (const m of line.replace(/`[^`]*`/g, '').matchAll(LINK)) {
        const target = m[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
          continue;
        }
        const why = checkTarget(root, file, target);
        if (why) {
          broken.push({ file, line: i + 1, target, why });
        }
      }
    });
  }
  return broken;
}

/** A `docs/….md` path, with its `#anchor` if any, written from the repository root. */
const CITATION = /(?<![\w./-])docs\/[\w./-]+\.md(?:#[\w-]+)?/g;

/** `docs/….md#section` citations in `files` (any text, e.g. code comments) that do not resolve. */
export function brokenCitations(root: string, files: string[]): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of files) {
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(CITATION)) {
          const why = checkTarget(root, file, m[0], true);
          if (why) {
            broken.push({ file, line: i + 1, target: m[0], why });
          }
        }
      });
  }
  return broken;
}

/** The Markdown files whose links are checked: README.md, CONTRIBUTING.md, every .md under docs/, every README.md under src/. */
export function markdownFiles(root: string): string[] {
  const walk = (dir: string, keep: (name: string) => boolean): string[] => {
    if (!existsSync(join(root, dir))) {
      return [];
    }
    return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        return e.name === 'node_modules' ? [] : walk(path, keep);
      }
      return keep(e.name) ? [path] : [];
    });
  };
  const top = ['README.md', 'CONTRIBUTING.md'].filter((f) => existsSync(join(root, f)));
  return [...top, ...walk('docs', (n) => n.endsWith('.md')), ...walk('src', (n) => n === 'README.md')].sort();
}
