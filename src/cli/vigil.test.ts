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
    expect(out.summary).toEqual({ lines: valid.length + bad.length, parsed: valid.length, malformed: bad.length });
    expect(out.events).toHaveLength(valid.length);
    const bySource = SOURCE_IDS.map((id) => out.events.filter((e) => e.source === id).length);
    expect(bySource).toEqual(SOURCE_IDS.map((id) => Object.keys(LINES_BY_SOURCE[id]).length));
    expect(out.events.every((e) => e.object === undefined)).toBe(true);
  });

  it('reads stdin with -, keeps objects on request and reports each error', () => {
    const input = [Object.values(LINES_BY_SOURCE.falco)[0], 'not falco'].join('\n');
    const out = vigil(['parse', '--source', 'falco', '--with-object', '--show-errors', '-'], input);
    expect(out.summary).toEqual({ lines: 2, parsed: 1, malformed: 1 });
    expect(out.events[0].object.rule).toBe('Terminal shell in container');
    expect(out.stderr).toContain('"kind":"unknown-format"');
  });

  it('joins CRI partial lines before parsing', () => {
    const line = Object.values(LINES_BY_SOURCE.audit)[0];
    const cut = 100;
    const input = `2026-11-20T10:00:05.000000001Z stdout P ${line.slice(0, cut)}\n2026-11-20T10:00:05.000000002Z stdout F ${line.slice(cut)}\n`;
    const out = vigil(['parse', '--source', 'audit', '--input', '-'], input);
    expect(out.summary).toEqual({ lines: 1, parsed: 1, malformed: 0 });
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
    const out = vigil(['parse', '--source', 'coredns', '--input', '-'], LINES_BY_SOURCE.coredns.common, 'npx', ['--no-install', 'vigil']);
    expect(out.status).toBe(0);
    expect(out.events[0].fields['query.name']).toBe('example.com.');
  });
});
