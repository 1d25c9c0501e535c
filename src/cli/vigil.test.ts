/** @jest-environment node */
// Spawns the real CLI (bin/vigil.mjs through tsx, and `npx vigil` once) on fixture files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LINES_BY_SOURCE, MALFORMED_LINES } from '../sources/testdata/lines';
import { SOURCE_IDS } from '../sources/types';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/vigil.mjs');
let dir: string;

function vigil(args: string[], input?: string, command = process.execPath, prefix = [BIN]) {
  const res = spawnSync(command, [...prefix, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  const events = res.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
  const summaryLine = res.stderr.split('\n').find((l) => l.startsWith('{"lines"'));
  return { status: res.status, events, stderr: res.stderr, summary: summaryLine ? JSON.parse(summaryLine) : undefined };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('vigil parse', () => {
  it('detects the source per line and counts malformed lines', () => {
    const valid = SOURCE_IDS.flatMap((id) => Object.values(LINES_BY_SOURCE[id]));
    const bad = ['garbage', MALFORMED_LINES.truncatedJson, MALFORMED_LINES.huge];
    const file = path.join(dir, 'mixed.log');
    fs.writeFileSync(file, [...valid, ...bad].join('\n') + '\n');
    const out = vigil(['parse', '--source', 'auto', '--input', file, '--entry-time', '2026-11-25T00:00:00Z']);
    expect(out.status).toBe(0);
    expect(out.summary).toEqual({
      lines: valid.length + bad.length,
      parsed: valid.length,
      malformed: bad.length,
      rejected: { 'unknown-format': 1, 'invalid-json': 1, 'too-long': 1 },
    });
    expect(out.events).toHaveLength(valid.length);
    const bySource = SOURCE_IDS.map((id) => out.events.filter((e) => e.source === id).length);
    expect(bySource).toEqual(SOURCE_IDS.map((id) => Object.keys(LINES_BY_SOURCE[id]).length));
    expect(out.events.every((e) => e.object === undefined)).toBe(true);
  });

  it('reads stdin with -, keeps objects on request and reports each error', () => {
    const input = [Object.values(LINES_BY_SOURCE.falco)[0], 'not falco'].join('\n');
    const out = vigil(['parse', '--source', 'falco', '--with-object', '--errors', '-'], input);
    expect(out.summary).toEqual({ lines: 2, parsed: 1, malformed: 1, rejected: { 'unknown-format': 1 } });
    expect(out.events[0].object.rule).toBe('Terminal shell in container');
    expect(out.stderr).toContain('"kind":"unknown-format"');
  });

  it('--errors prints each rejected line number and reason', () => {
    const lines = [Object.values(LINES_BY_SOURCE.coredns)[0], '.:53', 'CoreDNS-1.9.3', 'garbage'];
    const out = vigil(['parse', '--source', 'coredns', '--errors', '-'], lines.join('\n'));
    const errors = out.stderr
      .split('\n')
      .filter((l) => l.startsWith('{"line"'))
      .map((l) => JSON.parse(l));
    expect(errors.map((e) => [e.line, e.kind])).toEqual([
      [2, 'not-event'],
      [3, 'not-event'],
      [4, 'unknown-format'],
    ]);
    expect(out.summary.rejected).toEqual({ 'not-event': 2, 'unknown-format': 1 });
  });

  it('splits an audit webhook EventList batch into its events, numbered with the batch line', () => {
    const event = JSON.parse(Object.values(LINES_BY_SOURCE.audit)[0]);
    const { kind: _kind, apiVersion: _api, ...item } = event;
    const batch = JSON.stringify({
      kind: 'EventList',
      apiVersion: 'audit.k8s.io/v1',
      items: [item, { ...item, verb: 'delete' }],
    });
    const out = vigil(['parse', '--source', 'audit', '--errors', '-'], `${batch}\nnot json\n`);
    expect(out.summary).toEqual({ lines: 3, parsed: 2, malformed: 1, rejected: { 'unknown-format': 1 } });
    expect(out.events.map((e) => e.fields.verb)).toEqual([event.verb, 'delete']);
    expect(out.stderr).toContain('{"line":2,');
  });

  it('refuses an unknown option instead of taking it for a flag', () => {
    const out = vigil(['parse', '--source', 'audit', '--show-errrors', '-'], '');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("Unknown option '--show-errrors'");
  });

  it('ends quietly with exit 0 when the reader closes stdout early', () => {
    const many = Array.from({ length: 20000 }, () => Object.values(LINES_BY_SOURCE.audit)[0]).join('\n');
    const file = path.join(dir, 'many.log');
    fs.writeFileSync(file, many);
    // pipefail: the status is the CLI's unless it succeeded.
    const res = spawnSync(
      'bash',
      [
        '-o',
        'pipefail',
        '-c',
        `node ${JSON.stringify(BIN)} parse --source audit --input ${JSON.stringify(file)} | head -c 10`,
      ],
      {
        encoding: 'utf8',
      }
    );
    expect(res.status).toBe(0);
    expect(res.stdout).toHaveLength(10);
    expect(res.stderr).toBe('');
  });

  it('joins CRI partial lines before parsing', () => {
    const line = Object.values(LINES_BY_SOURCE.audit)[0];
    const cut = 100;
    const input = `2026-11-20T10:00:05.000000001Z stdout P ${line.slice(0, cut)}\n2026-11-20T10:00:05.000000002Z stdout F ${line.slice(cut)}\n`;
    const out = vigil(['parse', '--source', 'audit', '--input', '-'], input);
    expect(out.summary).toEqual({ lines: 1, parsed: 1, malformed: 0, rejected: {} });
    expect(out.events[0].framed).toBe('cri');
  });

  it('exits 2 with the usage on a bad source or a missing input', () => {
    expect(vigil(['parse', '--source', 'syslog', '--input', '-'], '').status).toBe(2);
    const missing = vigil(['parse', '--source', 'audit']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('usage: vigil parse');
    expect(vigil(['frobnicate']).status).toBe(2);
  });

  it('exits 1 with the system message on an unreadable file', () => {
    const out = vigil(['parse', '--source', 'audit', '--input', path.join(dir, 'absent.log')]);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('ENOENT');
  });

  it('runs as `npx vigil` from the repository root', () => {
    const out = vigil(['parse', '--source', 'coredns', '--input', '-'], LINES_BY_SOURCE.coredns.common, 'npx', [
      '--no-install',
      'vigil',
    ]);
    expect(out.status).toBe(0);
    expect(out.events[0].fields['query.name']).toBe('example.com.');
  });
});
