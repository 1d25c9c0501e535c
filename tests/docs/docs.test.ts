/** @jest-environment node */
// The docs' internal links and anchors resolve, the screenshots they show exist, and the
// generated pages match the code they come from.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedPages, REPO } from './generate';
import { anchorsOf, brokenLinks } from './links';

const DOCS = [...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'CONTRIBUTING.md'];

describe('docs links', () => {
  it('every internal link and anchor in docs/ and CONTRIBUTING.md resolves', () => {
    expect(brokenLinks(REPO, DOCS)).toEqual([]);
  });

  it('the docs show the screenshots the browser tests take', () => {
    const all = DOCS.map((f) => readFileSync(join(REPO, f), 'utf8')).join('\n');
    for (const shot of ['configuration-netfilter-missing.png', 'configuration-healthy.png']) {
      expect(all).toContain(`screenshots/${shot}`);
    }
  });

  it('the checker catches missing files and anchors, and ignores code', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-links-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'b.md'), '# Title\n## Set up `Falco` alerts\n## Title\n');
    writeFileSync(
      join(root, 'docs', 'a.md'),
      ['[ok](b.md#set-up-falco-alerts) [dup](b.md#title-1) [self](#here)', '## Here', '[gone](c.md) [bad](b.md#nope) ![img](shots/x.png)', '`[code](nowhere.md)`', '```', '[fenced](nowhere.md)', '```', '[out](../../etc/passwd)', '[web](https://example.com/x)'].join('\n')
    );
    expect(brokenLinks(root, ['docs/a.md']).map((b) => [b.line, b.target])).toEqual([
      [3, 'c.md'],
      [3, 'b.md#nope'],
      [3, 'shots/x.png'],
      [8, '../../etc/passwd'],
    ]);
    expect([...anchorsOf('# A b\n# A b\n```\n# not\n```')]).toEqual(['a-b', 'a-b-1']);
  });
});

describe('generated docs', () => {
  it.each(Object.entries(generatedPages()))('%s is up to date (run npx tsx tests/docs/generate.ts)', (path, text) => {
    expect(readFileSync(join(REPO, path), 'utf8')).toBe(text);
  });
});
