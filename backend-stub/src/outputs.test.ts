/** @jest-environment node */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batches, FalcoCounters, pushUrl, simulate, startMetricsServer, writeFiles } from './index';
import { runLive } from './live';

const TO = Date.UTC(2026, 10, 22, 12, 0, 0);
const r = simulate({ seed: 8, from: TO - 3_600_000, to: TO, scenarios: 'all' });

describe('writeFiles', () => {
  it('writes each source as a shipper would find it on a node', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-sim-'));
    try {
      const files = await writeFiles(dir, r.events, r.manifest);
      const lines = (f: string) => fs.readFileSync(f, 'utf8').trimEnd().split('\n');
      expect(lines(files.audit)).toHaveLength(r.manifest.counts.audit);
      expect(lines(files.kern)).toHaveLength(r.manifest.counts.netfilter);
      expect(lines(files.falco)).toHaveLength(r.manifest.counts.falco);
      const dns = files.coredns.flatMap(lines);
      expect(dns).toHaveLength(r.manifest.counts.coredns);
      expect(dns.every((l) => /^\d{4}-\d\d-\d\dT[\d:.]{18}Z stdout F \[INFO\] /.test(l))).toBe(true);
      expect(files.coredns.every((f) => /_kube-system_coredns-[0-9a-f]{64}\.log$/.test(f))).toBe(true);
      expect(JSON.parse(fs.readFileSync(files.manifest!, 'utf8'))).toEqual(JSON.parse(JSON.stringify(r.manifest)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('live mode with --out', () => {
  it('appends each released line to the files a shipper tails, in time order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-live-'));
    const abort = new AbortController();
    let clock = TO;
    let ticks = 0;
    try {
      // A clock that advances 10 minutes per tick; stop after three ticks.
      const now = () => clock;
      const log = () => {
        if (++ticks >= 3) {
          abort.abort();
        }
      };
      const run = runLive({ seed: 3, scenarios: 'all', outDir: dir, now, tickMs: 1, chunkMs: 3_600_000, signal: abort.signal });
      const timer = setInterval(() => {
        clock += 600_000;
        log();
      }, 5);
      await run;
      clearInterval(timer);
      const audit = fs.readFileSync(path.join(dir, 'audit.log'), 'utf8').trimEnd().split('\n');
      expect(audit.length).toBeGreaterThan(10);
      const times = audit.map((l) => Date.parse(JSON.parse(l).stageTimestamp));
      expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
      expect(Math.max(...times)).toBeLessThanOrEqual(clock);
    } finally {
      abort.abort();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('push helpers', () => {
  it('picks each backend endpoint and keeps VictoriaLogs lines verbatim', () => {
    expect(pushUrl('http://h:3100/')).toBe('http://h:3100/loki/api/v1/push');
    expect(pushUrl('http://h:9428', { backend: 'victorialogs' })).toBe('http://h:9428/insert/loki/api/v1/push');
    expect(pushUrl('http://h:9428', { backend: 'victorialogs', layout: 'verbatim' })).toBe('http://h:9428/insert/loki/api/v1/push?disable_message_parsing=1');
    expect(pushUrl('http://h/custom/push')).toBe('http://h/custom/push');
  });

  it('splits streams into bounded batches without losing or reordering lines', () => {
    const parts = [...batches(r.streams, 64 * 1024)];
    expect(parts.length).toBeGreaterThan(10);
    for (const p of parts) {
      expect(p.reduce((n, s) => n + s.values.reduce((m, [t, l]) => m + t.length + l.length + 8, 0), 0)).toBeLessThanOrEqual(64 * 1024 + 20_000);
    }
    const rejoined = new Map<string, Array<[string, string]>>();
    for (const s of parts.flat()) {
      const k = JSON.stringify(s.stream);
      rejoined.set(k, [...(rejoined.get(k) ?? []), ...s.values]);
    }
    for (const s of r.streams) {
      expect(rejoined.get(JSON.stringify(s.stream))).toEqual(s.values);
    }
  });
});

describe('Falco metrics', () => {
  it('serve counters that add up to the generated Falco events, per family', async () => {
    const counters = new FalcoCounters();
    counters.add(r.events);
    const server = await startMetricsServer(0, counters);
    try {
      const text = await (await fetch(server.url)).text();
      const sum = (family: string) =>
        text.split('\n').filter((l) => l.startsWith(family + '{')).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
      for (const family of ['falco_events', 'falcosecurity_falcosidekick_falco_events_total', 'falcosecurity_falco_rules_matches_total']) {
        expect(sum(family)).toBe(r.manifest.counts.falco);
      }
      expect(text).toContain('falcosecurity_falco_rules_matches_total{priority="2",rule_name="Drop and execute new binary in container",source="syscall",');
      expect(text).toMatch(/falcosecurity_falcosidekick_falco_events_total\{hostname="[^"]+",rule="Terminal shell in container",priority="3",priority_raw="notice",source="syscall",k8s_ns_name="shop",k8s_pod_name="frontend-[^"]+"\} 1/);
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
