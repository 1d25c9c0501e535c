/** @jest-environment node */
// The docs' internal links and anchors resolve, the sections code comments cite exist, no file
// cites a document the repository does not hold, the screenshots the docs show exist, and the
// generated pages match the code they come from.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DETECTION_IDS } from '../../backend-stub/src/testing/oracle';
import { generatedPages, REPO } from './generate';
import { anchorsOf, brokenCitations, brokenLinks, markdownFiles } from './links';

const DOCS = markdownFiles(REPO);

/** Tracked files, from git: what a clone holds. */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
}

describe('docs links', () => {
  it('lists README.md, CONTRIBUTING.md, everything in docs/ and the READMEs under src/', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/README.md', 'docs/dev/README.md', 'docs/dev/logql.md', 'src/detections/README.md', 'src/sources/README.md']));
    expect(DOCS.filter((f) => !/^(README|CONTRIBUTING)\.md$|^docs\/.*\.md$|^src\/(.*\/)?README\.md$/.test(f))).toEqual([]);
  });

  it('every relative link and anchor in those files resolves', () => {
    expect(brokenLinks(REPO, DOCS)).toEqual([]);
  });

  it('every docs/….md#section cited in the code resolves', () => {
    const files = trackedFiles().filter((f) => /\.(ts|tsx|js|mjs|cjs|go|sh|md|ya?ml)$/.test(f) && !f.startsWith('tests/docs/'));
    expect(brokenCitations(REPO, files)).toEqual([]);
  });

  it('no tracked file cites a design document the repository does not hold (see docs/dev/)', () => {
    // Spelled in parts so that this file does not match itself.
    const names = ['LOGQL', 'DETECTIONS', 'FORMATS', 'DEVELOPERS', 'PRODUCT', 'GRAFANA', 'PAGEHOST', 'STYLE'].map((n) => `${n}.md`);
    let hits = '';
    try {
      hits = execFileSync('git', ['grep', '-n', '-I', '-F', ...names.flatMap((n) => ['-e', n])], { cwd: REPO, encoding: 'utf8' });
    } catch (err) {
      // git grep exits 1 when nothing matches; anything else is a real failure.
      if ((err as { status?: number }).status !== 1) {
        throw err;
      }
    }
    expect(hits.split('\n').filter(Boolean)).toEqual([]);
  });

  it('the docs show the screenshots the browser tests take', () => {
    const all = DOCS.map((f) => readFileSync(join(REPO, f), 'utf8')).join('\n');
    for (const shot of ['configuration-netfilter-missing.png', 'configuration-healthy.png', 'investigate-landing.png', 'detections-rule-preview.png']) {
      expect(all).toContain(`screenshots/${shot}`);
    }
  });

  it('the checker catches missing files and anchors, and ignores code', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-links-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'b.md'), '# Title\n## Set up `Falco` alerts\n## Title\n## C# and [links](x.md) ##\n  ```\n# not a heading\n  ```\n');
    writeFileSync(
      join(root, 'docs', 'a.md'),
      [
        '[ok](b.md#set-up-falco-alerts) [dup](b.md#title-1) [self](#here) [hash](b.md#c-and-links)',
        '## Here',
        '[gone](c.md) [bad](b.md#nope) ![img](shots/x.png)',
        '`[code](nowhere.md)`',
        '```',
        '[fenced](nowhere.md)',
        '```',
        '[out](../../etc/passwd)',
        '[web](https://example.com/x) [mail](mailto:a@example.com)',
        '- list item',
        '  ```text',
        '  [indented fence](nowhere.md)',
        '  ```',
        '[root](/docs/b.md#title) [rootless](/nowhere.md) [fenced heading](b.md#not-a-heading)',
      ].join('\n')
    );
    expect(brokenLinks(root, ['docs/a.md']).map((b) => [b.line, b.target])).toEqual([
      [3, 'c.md'],
      [3, 'b.md#nope'],
      [3, 'shots/x.png'],
      [8, '../../etc/passwd'],
      [14, '/nowhere.md'],
      [14, 'b.md#not-a-heading'],
    ]);
    expect([...anchorsOf('# A b\n# A b\n```\n# not\n```\n## Ünïcode: 1.2 — _x_ ##\n## The `__error__` label')]).toEqual([
      'a-b',
      'a-b-1',
      'ünïcode-12--x',
      'the-__error__-label',
    ]);
  });

  it('the citation checker catches a missing page and a missing section', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-cite-'));
    mkdirSync(join(root, 'docs', 'dev'), { recursive: true });
    writeFileSync(join(root, 'docs', 'dev', 'x.md'), '# X\n## Line filters\n');
    writeFileSync(
      join(root, 'code.ts'),
      ['// see docs/dev/x.md#line-filters and docs/dev/x.md', '// see docs/dev/x.md#label-filters', '// see docs/dev/y.md and ../docs/dev/z.md'].join('\n')
    );
    expect(brokenCitations(root, ['code.ts']).map((b) => [b.line, b.target])).toEqual([
      [2, 'docs/dev/x.md#label-filters'],
      [3, 'docs/dev/y.md'],
    ]);
  });
});

describe('developer notes', () => {
  it('docs/dev/rules.md lists the required rules the simulator and the catalog test check', () => {
    const page = readFileSync(join(REPO, 'docs', 'dev', 'rules.md'), 'utf8');
    const table = page.slice(page.indexOf('## Required rules'));
    const ids = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect([...ids].sort()).toEqual([...DETECTION_IDS].sort());
  });
});

describe('generated docs', () => {
  it.each(Object.entries(generatedPages()))('%s is up to date (run `npm run generate`)', (path, text) => {
    expect(readFileSync(join(REPO, path), 'utf8')).toBe(text);
  });
});
