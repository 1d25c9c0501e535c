/** @jest-environment node */
// "Save & test" and the Configuration page agree on which sources a cluster has. For each of
// the simulator's shipper profiles pushed to a real VictoriaLogs: the health report of the
// plugin binary (built from this tree, behind devhost) and the page's stream detection (the
// TypeScript detection over the backend's label resources, lines sampled through its logs
// query, as the page runs it) find the same sources by the same labels, which are the ones
// the shared cases expect (pkg/conventions/testdata/cases.json).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import casesFile from '../../pkg/conventions/testdata/cases.json';
import { type ProfileId, PROFILES, pushToLoki, simulate } from '../../backend-stub/src';
import { callsProbe } from '../../src/pages/Configuration/probe';
import { detectStreams, evidenceOf, SHIPPERS } from '../../src/sources/detect';
import { SOURCE_IDS } from '../../src/sources/types';
import { flushVictoriaLogs, type ManagedServer, startPrometheus, startVictoriaLogs } from '../stack';
import { buildDevhost, REPO_ROOT, startDevhost } from '../host/harness';

jest.setTimeout(180_000);

const run = promisify(execFile);
const RANGE_MS = 60 * 60_000;
const VOLUME = { audit: 200, coredns: 200, netfilter: 80, falco: 30 };

interface HealthBody {
  status: string;
  message: string;
  details: { sources: Record<string, { found: boolean; evidence?: string }> };
}

interface ApiFrame {
  schema: { fields: Array<{ name: string; type: string }> };
  data: { values: unknown[][] };
}

const expected = (profile: ProfileId) => {
  const shipper = SHIPPERS.find((s) => s.profile === profile)!;
  const c = (
    casesFile as { cases: Array<{ name: string; expect: Record<string, { evidence: string } | null> }> }
  ).cases.find((x) => x.name === `shipper ${shipper.id}`)!;
  return Object.fromEntries(SOURCE_IDS.map((s) => [s, c.expect[s]?.evidence ?? null]));
};

/** A plugin directory holding just what devhost needs: both plugin.json files and the backend built from this tree. */
async function buildPlugin(): Promise<string> {
  const dist = join(mkdtempSync(join(tmpdir(), 'vigil-agreement-')), 'dist');
  mkdirSync(join(dist, 'datasource'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'plugin.json'), join(dist, 'plugin.json'));
  copyFileSync(join(REPO_ROOT, 'src', 'datasource', 'plugin.json'), join(dist, 'datasource', 'plugin.json'));
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  await run(join(REPO_ROOT, 'scripts', 'build-backend.sh'), [], {
    cwd: REPO_ROOT,
    env: { ...process.env, VIGIL_OUT_DIR: join(dist, 'datasource'), VIGIL_PLATFORMS: `${process.platform}/${arch}` },
    maxBuffer: 16 * 1024 * 1024,
  });
  return dist;
}

let dist: string;
let devhostBinary: string;
let prometheus: ManagedServer;

beforeAll(async () => {
  [dist, devhostBinary, prometheus] = await Promise.all([buildPlugin(), buildDevhost(), startPrometheus()]);
}, 600_000);

afterAll(async () => {
  await prometheus?.stop();
});

describe.each(PROFILES.map((p) => [p]))('%s profile on VictoriaLogs', (profile) => {
  let vl: ManagedServer;
  let devhost: ManagedServer;

  beforeAll(async () => {
    vl = await startVictoriaLogs();
    const to = Date.now();
    const sim = simulate({ seed: 5, from: to - RANGE_MS / 2, to, profile, scenarios: 'all', volume: VOLUME });
    // VictoriaLogs' default (native) layout: Falco's and the audit log's JSON fields are
    // stored as fields, which are not stream labels and must not count as such.
    await pushToLoki(vl.url, sim.streams, { backend: 'victorialogs' });
    await flushVictoriaLogs(vl.url);
    devhost = await startDevhost({
      binary: devhostBinary,
      logBackend: 'victorialogs',
      logUrl: vl.url,
      prometheusUrl: prometheus.url,
      dist,
    });
  });

  afterAll(async () => {
    await devhost?.stop();
    await vl?.stop();
  });

  it('Save & test and the Configuration page find the same sources by the same labels', async () => {
    const res = await fetch(`${devhost.url}/api/datasources/uid/vigil/health`);
    const health = (await res.json()) as HealthBody;
    expect([res.status, health.status]).toEqual([200, 'OK']);
    const fromHealth = Object.fromEntries(
      SOURCE_IDS.map((s) => {
        const src = health.details.sources[s];
        return [s, src?.found ? (src.evidence ?? '') : null];
      })
    );

    const base = `${devhost.url}/api/datasources/uid/vigil`;
    const probe = callsProbe(
      {
        kind: 'victoriaLogs',
        async resource(path, params) {
          const r = await fetch(`${base}/resources/${path}?${new URLSearchParams(params)}`);
          return r.json();
        },
        async logs(expr, rangeMs, limit) {
          const r = await fetch(`${devhost.url}/api/ds/query`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              queries: [
                {
                  refId: 'A',
                  datasource: { uid: 'vigil' },
                  version: 2,
                  mode: 'code',
                  queryType: 'logs',
                  language: 'logsql',
                  expr,
                  limit,
                },
              ],
              from: String(Date.now() - rangeMs),
              to: String(Date.now()),
            }),
          });
          const a = (await r.json()).results.A as { error?: string; frames?: ApiFrame[] };
          if (a.error) {
            throw new Error(a.error);
          }
          const lines = (a.frames ?? []).flatMap((f) => {
            const fields = f.schema.fields;
            const i = fields.findIndex((x) => x.name === 'body' || x.name === 'Line');
            const col = i >= 0 ? i : fields.findIndex((x) => x.type === 'string');
            return (f.data.values[col] ?? []).filter((v): v is string => typeof v === 'string');
          });
          return { lines, timesMs: [], rangeMs, limit };
        },
      },
      RANGE_MS
    );
    const detections = await detectStreams(probe, { sampleSize: 20 });
    const fromPage = Object.fromEntries(
      detections.map((d) => [d.source, d.proposal ? evidenceOf(d.proposal.query) : null])
    );

    expect(fromPage).toEqual(fromHealth);
    expect(fromHealth).toEqual(expected(profile));
    // The page confirms every proposal by parsing its sample.
    expect(detections.filter((d) => d.proposal && !d.proposal.confirmed).map((d) => d.source)).toEqual([]);
    expect(health.message).toContain(`Sources found: ${[...SOURCE_IDS].sort().join(', ')}.`);
  });
});
