/** @jest-environment node */
// `vigil detect` and `vigil compile` through the real launcher (bin/vigil.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogRule, ruleTestLines } from '../../detections/catalog';
import { compileRule } from '../../detections/compile';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin/vigil.mjs');
let dir: string;

function vigil(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const lines = res.stdout.split('\n').filter((l) => l !== '');
  return { status: res.status, stdout: res.stdout, lines, stderr: res.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-detect-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.parse('2026-03-01T10:00:00Z');

describe('vigil detect', () => {
  it('prints one object per event detection with its 1-based line, and the summary', () => {
    const exec = ruleTestLines(catalogRule('k8s-exec-into-pod')!, T0);
    const file = path.join(dir, 'audit.log');
    fs.writeFileSync(file, [exec.negative[2], 'not json', exec.positive[0]].join('\n') + '\n');
    const out = vigil(['detect', '--source', 'audit', '--input', file]);
    expect(out.status).toBe(0);
    expect(out.lines.map((l) => JSON.parse(l))).toEqual([{ rule: 'k8s-exec-into-pod', line: 3 }]);
    expect(JSON.parse(out.stderr.trim().split('\n').pop()!)).toEqual({
      lines: 3,
      parsed: 2,
      malformed: 1,
      rejected: { 'unknown-format': 1 },
      detections: 1,
    });
  });

  it('reports window rules with their key and lines; --param changes the threshold', () => {
    const line = (i: number) =>
      `2026-03-01T10:00:${String(i).padStart(2, '0')}.000000000Z stdout F [INFO] 10.244.2.18:34750 - ${i} "A IN n${i}.example. udp 45 false 1232" NXDOMAIN qr,rd,ra 120 0.05s`;
    const file = path.join(dir, 'dns.log');
    fs.writeFileSync(file, Array.from({ length: 6 }, (_v, i) => line(i)).join('\n') + '\n');
    const none = vigil(['detect', '--source', 'coredns', '--input', file]);
    expect(none.lines).toEqual([]);
    const some = vigil(['detect', '--source', 'auto', '--input', file, '--param', 'dns-nxdomain-burst.threshold=3']);
    expect(some.lines.map((l) => JSON.parse(l))).toEqual([
      { rule: 'dns-nxdomain-burst', key: '10.244.2.18', lines: [1, 2, 3] },
      { rule: 'dns-nxdomain-burst', key: '10.244.2.18', lines: [4, 5, 6] },
    ]);
  });

  it('loads correlation rules that name catalog rules and rules of other files', () => {
    const rules = path.join(dir, 'correlations');
    fs.mkdirSync(rules);
    const correlation = (id: string, ref: string) =>
      `title: ${id}\nid: ${id}\ndescription: d\ncorrelation:\n  type: event_count\n  rules: [${ref}]\n  group-by: [user.username]\n  timespan: 10m\n  condition: {gte: 2}\nlevel: high\n`;
    // a-… names the catalog; b-… names a rule defined in a later file.
    fs.writeFileSync(path.join(rules, 'a.yaml'), correlation('two-execs', 'k8s-exec-into-pod'));
    fs.writeFileSync(path.join(rules, 'b.yaml'), correlation('two-local-execs', 'local-exec'));
    fs.writeFileSync(
      path.join(rules, 'c.yaml'),
      'title: local exec\nid: local-exec\ndescription: d\nlogsource: {product: kubernetes, service: audit}\ndetection: {s: {objectRef.subresource: exec}, condition: s}\nlevel: low\n'
    );
    const exec = ruleTestLines(catalogRule('k8s-exec-into-pod')!, T0);
    const file = path.join(dir, 'execs.log');
    fs.writeFileSync(file, [exec.positive[0], exec.positive[0]].join('\n') + '\n');
    const out = vigil(['detect', '--source', 'audit', '--input', file, '--rules', rules]);
    expect(out.stderr).not.toMatch(/invalid/);
    const found = out.lines.map((l) => JSON.parse(l)).map((d) => [d.rule, d.lines ?? [d.line]]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['two-execs', [1, 2]],
        ['two-local-execs', [1, 2]],
      ])
    );
  });

  it('exits 1 when the input cannot be read and 2 on a bad rule file or parameter', () => {
    expect(vigil(['detect', '--source', 'audit', '--input', path.join(dir, 'missing.log')]).status).toBe(1);
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      bad,
      'title: x\nid: x\ndescription: d\nlevel: low\nlogsource: {service: audit}\ndetection: {s: {verb|nope: x}, condition: s}\n'
    );
    const res = vigil(['detect', '--source', 'audit', '--input', bad, '--rules', bad]);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/rule x: unknown modifier "nope"/);
    expect(vigil(['detect', '--source', 'audit', '--input', bad, '--param', 'nope.x=1']).stderr).toMatch(/not loaded/);
  });
});

describe('vigil compile', () => {
  it('prints the log, metric and ruler forms for Loki and VictoriaLogs', () => {
    const rule = catalogRule('k8s-secret-read')!;
    expect(vigil(['compile', '--rule', 'k8s-secret-read']).stdout).toBe(`${compileRule(rule, 'log')}\n`);
    expect(vigil(['compile', '--rule', 'k8s-secret-read', '--form', 'metric']).stdout).toMatch(
      /^sum\(count_over_time\(\{job=~/
    );
    expect(vigil(['compile', '--rule', 'k8s-secret-read', '--form', 'ruler']).stdout).toMatch(
      /^groups:\n {2}- name: vigil-k8s-secret-read\n/
    );
    expect(
      vigil(['compile', '--rule', 'k8s-secret-read', '--backend', 'victorialogs', '--layout', 'verbatim']).stdout
    ).toMatch(/\| unpack_json fields \(/);
    expect(vigil(['compile', '--rule', 'nope']).status).toBe(2);
  });

  it('compiles for VictoriaLogs native layout by default: field filters, no unpacking', () => {
    const out = vigil(['compile', '--rule', 'k8s-exec-into-pod', '--backend', 'victorialogs']);
    expect(out.stdout).toContain('"objectRef.resource":="pods"');
    expect(out.stdout).not.toMatch(/_msg|unpack_json/);
    // A body is searched in the fields VictoriaLogs flattened it into.
    const body = vigil(['compile', '--rule', 'k8s-privileged-container', '--backend', 'victorialogs']);
    expect(body.stdout).toContain('"requestObject.*":~"\\"privileged\\":true"');
    const file = path.join(dir, 'raw.yaml');
    fs.writeFileSync(
      file,
      'title: raw\nid: raw-line\ndescription: a raw-line test\nlogsource: {product: kubernetes, service: audit}\nlevel: low\ndetection:\n  sel:\n    _line|contains: privileged\n  condition: sel\n'
    );
    const raw = vigil(['compile', '--rule', 'raw-line', '--rules', file, '--backend', 'victorialogs']);
    expect(raw.status).toBe(1);
    expect(raw.stderr).toContain('native layout');
    expect(vigil(['compile', '--rule', 'k8s-exec-into-pod', '--layout', 'native']).status).toBe(2);
  });
});
