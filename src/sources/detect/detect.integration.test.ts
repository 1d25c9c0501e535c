/** @jest-environment node */
// Stream detection against a real VictoriaLogs filled by the simulator in each shipper
// profile (and against a real Loki when VIGIL_LOKI_URL is set): every source's proposed
// selector is confirmed and selects exactly that source's lines.
import { flushVictoriaLogs, lokiUrlFromEnv, ManagedServer, queryLogsQL, startVictoriaLogs } from '../../../tests/stack';
import { type ProfileId, pushToLoki, type SimResult, simulate } from '../../../backend-stub/src';
import { detectStreams, lokiProbe, victoriaLogsProbe, type SourceDetection } from '.';
import { SOURCE_IDS, type SourceId } from '../types';

jest.setTimeout(180_000);

const HOUR = 3_600_000;
const TO = Math.floor(Date.now() / 60_000) * 60_000;
const VOLUME = { audit: 300, coredns: 300, netfilter: 120, falco: 40 };

const EXPECTED: Record<ProfileId, Record<SourceId, string>> = {
  nearform: {
    audit: '{job="auditlog"}',
    coredns: '{container="coredns",namespace="kube-system"}',
    netfilter: '{job="kernellog"} ~"SRC="',
    falco: '{job="falco"}',
  },
  'k8s-monitoring': {
    audit: '{job="integrations/kubernetes-audit"}',
    coredns: '{job="kube-system/coredns"}',
    netfilter: '{job="integrations/kubernetes/journal",transport="kernel"} ~"SRC="',
    falco: '{job="falco/falco"}',
  },
  journald: {
    audit: '{job="auditlog"}',
    coredns: '{container="coredns",namespace="kube-system"}',
    netfilter: '{job="systemd-journal",transport="kernel",syslog_identifier="kernel"} ~"SRC="',
    falco: '{job="falco"}',
  },
  falcosidekick: {
    audit: '{job="auditlog"}',
    coredns: '{container="coredns",namespace="kube-system"}',
    netfilter: '{job="kernellog"} ~"SRC="',
    falco: '{rule=~".+",priority=~".+"}',
  },
};

async function count(url: string, query: string): Promise<number> {
  const rows = await queryLogsQL(url, `${query} | stats count() as n`);
  return rows.length === 0 ? 0 : Number(rows[0].n);
}

describe.each<[ProfileId]>([['nearform'], ['k8s-monitoring'], ['journald'], ['falcosidekick']])(
  'VictoriaLogs, %s profile',
  (profile) => {
    let vl: ManagedServer;
    let sim: SimResult;
    let found: Record<string, SourceDetection>;

    beforeAll(async () => {
      vl = await startVictoriaLogs();
      sim = simulate({ seed: 11, from: TO - HOUR, to: TO, profile, scenarios: 'all', volume: VOLUME });
      await pushToLoki(vl.url, sim.streams, { backend: 'victorialogs', layout: 'verbatim' });
      await flushVictoriaLogs(vl.url);
      const probe = victoriaLogsProbe({ url: vl.url, startMs: TO - 2 * HOUR, endMs: TO + HOUR });
      found = Object.fromEntries((await detectStreams(probe)).map((d) => [d.source, d]));
    });

    afterAll(async () => {
      await vl?.stop();
    });

    it.each(SOURCE_IDS.map((s) => [s]))(
      'proposes a confirmed selector for %s that selects exactly its lines',
      async (source) => {
        const proposal = found[source].proposal;
        expect(proposal?.confirmed).toBe(true);
        expect(proposal?.logsql).toBe(EXPECTED[profile][source]);
        expect(await count(vl.url, proposal!.logsql)).toBe(sim.manifest.counts[source]);
      }
    );

    it('reports the upstream message when the backend rejects a query', async () => {
      const probe = victoriaLogsProbe({ url: vl.url, startMs: TO - HOUR, endMs: TO });
      await expect(probe.labelValues('')).rejects.toThrow(/VictoriaLogs answered HTTP 400: .+/);
    });
  }
);

const lokiUrl = lokiUrlFromEnv();
// Opt-in: only when a real Loki is given (VIGIL_LOKI_URL); same simulator data.
if (lokiUrl) {
  describe('a real Loki (VIGIL_LOKI_URL), nearform profile', () => {
    it('proposes a confirmed selector for every source', async () => {
      const sim = simulate({
        seed: 11,
        from: TO - HOUR,
        to: TO,
        profile: 'nearform',
        scenarios: 'all',
        volume: VOLUME,
      });
      await pushToLoki(lokiUrl as string, sim.streams, { backend: 'loki' });
      const probe = lokiProbe({ url: lokiUrl as string, startMs: TO - 2 * HOUR, endMs: TO + HOUR });
      const found = await detectStreams(probe);
      expect(found.map((d) => [d.source, d.proposal?.confirmed])).toEqual(SOURCE_IDS.map((s) => [s, true]));
      expect(found.find((d) => d.source === 'audit')?.proposal?.logql).toBe('{job="auditlog"}');
    });
  });
}
