/** @jest-environment node */
// The live mode's status line, on a fake clock: redrawn in place on a terminal, a summary at
// most once a minute in a log, and what runLive reports to it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLive } from './live';
import { formatLiveStatus, LiveStatus, type LiveStatusOptions } from './liveStatus';

const T0 = Date.parse('2026-03-01T10:42:05Z'); // jest runs with TZ=UTC
const CLEAR = '\r\x1b[2K';

function status(o: Partial<LiveStatusOptions> = {}) {
  let clock = T0;
  const out: string[] = [];
  const s = new LiveStatus({ mode: 'log', verb: 'pushed', write: (t) => out.push(t), now: () => clock, ...o });
  return { s, out, advance: (ms: number) => (clock += ms) };
}

describe('formatLiveStatus', () => {
  it('gives lines sent, the last push time and the errors', () => {
    expect(formatLiveStatus({ lines: 0, errors: 0 }, 'pushed')).toBe(
      'vigil-sim live: 0 lines pushed, last push none yet, no errors'
    );
    expect(formatLiveStatus({ lines: 12345, lastAt: T0, errors: 0 }, 'pushed')).toBe(
      'vigil-sim live: 12,345 lines pushed, last push 10:42:05, no errors'
    );
    expect(formatLiveStatus({ lines: 1, lastAt: T0, errors: 1, lastError: 'HTTP 503' }, 'written')).toBe(
      'vigil-sim live: 1 lines written, last write 10:42:05, 1 error (last: HTTP 503; retrying)'
    );
    expect(formatLiveStatus({ lines: 7, errors: 2, lastError: 'refused' }, 'generated')).toBe(
      'vigil-sim live: 7 lines generated, last lines none yet, 2 errors (last: refused; retrying)'
    );
  });
});

describe('on a terminal', () => {
  it('redraws one line in place after every push and ends it with a newline', () => {
    const { s, out, advance } = status({ mode: 'tty' });
    s.sent(100);
    advance(5_000);
    s.sent(50);
    advance(5_000);
    s.failed('push to http://vl/insert failed:\n  HTTP 503');
    s.finish();
    expect(out).toEqual([
      `${CLEAR}vigil-sim live: 100 lines pushed, last push 10:42:05, no errors`,
      `${CLEAR}vigil-sim live: 150 lines pushed, last push 10:42:10, no errors`,
      `${CLEAR}vigil-sim live: 150 lines pushed, last push 10:42:10, 1 error (last: push to http://vl/insert failed: HTTP 503; retrying)`,
      `${CLEAR}vigil-sim live: 150 lines pushed, last push 10:42:10, 1 error (last: push to http://vl/insert failed: HTTP 503; retrying)\n`,
    ]);
    // No line of its own per push: only the final newline.
    expect(out.join('').split('\n')).toHaveLength(2);
  });

  it('cuts the line to the terminal width so it never wraps', () => {
    const { s, out } = status({ mode: 'tty', columns: () => 30 });
    s.sent(1);
    expect(out[0]).toBe(`${CLEAR}vigil-sim live: 1 lines push…`);
    expect(out[0].length - CLEAR.length).toBe(29);
  });

  it('writes nothing at the end when nothing was shown', () => {
    const { s, out } = status({ mode: 'tty' });
    s.finish();
    expect(out).toEqual([]);
  });
});

describe('in a log', () => {
  it('prints the first push at once, then a summary at most once a minute', () => {
    const { s, out, advance } = status();
    s.sent(10);
    // A push every 5 s for the next minute: no line until 60 s have passed.
    for (let i = 1; i < 12; i++) {
      advance(5_000);
      s.sent(10);
    }
    expect(out).toEqual(['vigil-sim live: 10 lines pushed, last push 10:42:05, no errors\n']);
    advance(5_000);
    s.sent(10);
    expect(out).toHaveLength(2);
    expect(out[1]).toBe('vigil-sim live: 130 lines pushed, last push 10:43:05, no errors\n');
    advance(30_000);
    s.failed('refused');
    expect(out).toHaveLength(2);
    // Stopping prints what the last summary did not show.
    s.finish();
    expect(out[2]).toBe('vigil-sim live: 130 lines pushed, last push 10:43:05, 1 error (last: refused; retrying)\n');
  });

  it('takes another interval, and prints nothing at the end when the last summary is current', () => {
    const { s, out, advance } = status({ intervalMs: 10_000 });
    s.sent(1);
    advance(9_999);
    s.sent(1);
    advance(1);
    s.sent(1);
    s.finish();
    expect(out).toEqual([
      'vigil-sim live: 1 lines pushed, last push 10:42:05, no errors\n',
      'vigil-sim live: 3 lines pushed, last push 10:42:15, no errors\n',
    ]);
  });
});

describe('runLive reports to it', () => {
  it('the lines written each tick with --out, and nothing per push on its own', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-live-status-'));
    const abort = new AbortController();
    let clock = T0;
    let ticks = 0;
    const sent: number[] = [];
    try {
      await runLive({
        seed: 3,
        scenarios: 'all',
        outDir: dir,
        tickMs: 1,
        chunkMs: 3_600_000,
        signal: abort.signal,
        // Ten minutes a tick; stop after three.
        now: () => {
          if (++ticks > 3) {
            abort.abort();
          }
          return (clock += 600_000);
        },
        report: {
          sent: (n) => sent.push(n),
          failed: (m) => {
            throw new Error(`no push here, yet: ${m}`);
          },
        },
      });
      const written = ['audit.log', 'kern.log', 'falco.json'].reduce(
        (n, f) => n + fs.readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n').filter(Boolean).length,
        0
      );
      expect(sent.every((n) => n > 0)).toBe(true);
      expect(sent.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(written);
    } finally {
      abort.abort();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failed push, retried with the next tick', async () => {
    const abort = new AbortController();
    let clock = T0;
    const failures: string[] = [];
    await runLive({
      seed: 3,
      tickMs: 1,
      chunkMs: 3_600_000,
      // Nothing listens on port 1: every push fails.
      push: { url: 'http://127.0.0.1:1', backend: 'victorialogs' },
      signal: abort.signal,
      now: () => (clock += 600_000),
      report: {
        sent: () => abort.abort(),
        failed: (m) => {
          failures.push(m);
          if (failures.length === 2) {
            abort.abort();
          }
        },
      },
    });
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/^push to http:\/\/127\.0\.0\.1:1\/insert\/loki\/api\/v1\/push failed/);
  });
});
