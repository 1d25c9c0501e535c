/** @jest-environment node */
// The Detections page's queries on a real VictoriaLogs in both of its layouts (events stored as
// fields, its default, and lines kept in _msg), through the real backend binary (devhost →
// plugin protocol), with the data source and its layouts read as the page reads them (data
// source list, then the backend's health check):
// - each alert rule the writer produces, evaluated as Grafana's scheduler would (query A, then
//   reduce last and threshold): on the simulator's attack data every rule crosses its threshold
//   at the end of its attack; on the benign baseline over the same range and instants none does;
// - the hit counts and readiness probes of the whole catalog, and rule previews: the same
//   numbers and events in both layouts.
import { simulate } from '../../backend-stub/src';
import { CATALOG_RULES, catalogRule } from '../detections/catalog';
import { buildDevhost, requireBuiltPlugin, startDevhost } from '../../tests/host/harness';
import { ManagedServer, pushLoki, startVictoriaLogs } from '../../tests/stack';
import { SOURCES } from '../sources';
import { SOURCE_IDS } from '../sources/types';
import {
  alertRulePayload,
  catalogTargets,
  loadQueryTarget,
  previewTargets,
  refIdOfRule,
  refIdOfSource,
  REQUEST_OBJECT_REF,
  runQueries,
  sampleOf,
  seriesOf,
  totalOf,
  type QueryTarget,
  type RuleSettings,
} from '.';
import { evaluateThroughPlugin } from '../../tests/alerting/evaluate';
import { DATASOURCE_TYPE } from '../constants';
import { fetchHttp, SettingsApi, type GrafanaHttp } from '../api/grafana';

jest.setTimeout(300_000);

const IDS = ['k8s-privileged-container', 'dns-nxdomain-burst', 'net-port-scan', 'k8s-exec-into-pod'];
const TO = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const FROM = TO - 60 * 60_000;
const attack = simulate({ from: FROM, to: TO, scenarios: 'all', seed: 11, profile: 'nearform' });
const benign = simulate({ from: FROM, to: TO, seed: 11, profile: 'nearform' });

const LAYOUTS = ['verbatim', 'native'] as const;
type Layout = (typeof LAYOUTS)[number];

/** One data set in one layout: its VictoriaLogs, the plugin in front of it, and the page's target. */
interface Host {
  url: string;
  http: GrafanaHttp;
  target: QueryTarget;
}

const servers: ManagedServer[] = [];
const hosts = {} as Record<Layout, { attack: Host; benign: Host }>;

beforeAll(async () => {
  requireBuiltPlugin();
  const binary = await buildDevhost();
  const start = async (streams: typeof attack.streams, layout: Layout): Promise<Host> => {
    const vl = await startVictoriaLogs();
    servers.push(vl);
    await pushLoki(vl.url, streams, { backend: 'victorialogs', layout });
    const devhost = await startDevhost({
      binary,
      logBackend: 'victorialogs',
      logUrl: vl.url,
      prometheusUrl: 'http://127.0.0.1:9',
    });
    servers.push(devhost);
    const http = fetchHttp(devhost.url);
    const [ds] = await new SettingsApi(http).dataSources(DATASOURCE_TYPE);
    return { url: devhost.url, http, target: await loadQueryTarget(http, ds) };
  };
  await Promise.all(
    LAYOUTS.map(async (layout) => {
      const [a, b] = await Promise.all([start(attack.streams, layout), start(benign.streams, layout)]);
      hosts[layout] = { attack: a, benign: b };
    })
  );
}, 300_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** The identities the baseline legitimately uses (the CI deployer execs), as user exceptions. */
function allowedExceptions(id: string): RuleSettings | undefined {
  const allowed = attack.manifest.allowed[id];
  return allowed ? { exceptions: [{ 'user.username': allowed.usernames }] } : undefined;
}

/** The rule as the Detections page writes it for the data source of `host`. */
const payload = (host: Host, id: string, settings: RuleSettings | undefined) =>
  alertRulePayload(catalogRule(id)!, settings, { ...host.target, folderUID: 'vigil-detections', ruleGroup: 'vigil' });

/** JSON sources follow the push layout; CoreDNS and netfilter lines are text, kept in _msg either way. */
const detected = (layout: Layout) => ({ audit: layout, coredns: 'verbatim', netfilter: 'verbatim', falco: layout });

describe.each(LAYOUTS.map((l) => [l]))('%s layout', (layout) => {
  it('the page reads each source with the layout its data is stored in', () => {
    for (const host of [hosts[layout].attack, hosts[layout].benign]) {
      expect(host.target).toEqual({ dsUid: 'vigil', backend: 'victorialogs', layouts: detected(layout), selectors: {} });
    }
  });

  describe.each(IDS.map((id) => [id]))('%s', (id) => {
    const scenarios = attack.manifest.scenarios.filter((s) => s.detections.includes(id));

    it('the simulator has an attack for it', () => {
      expect(scenarios.length).toBeGreaterThan(0);
    });

    it('fires at the end of each attack on the attack data', async () => {
      const host = hosts[layout].attack;
      for (const s of scenarios) {
        const { firing } = await evaluateThroughPlugin(
          host.url,
          payload(host, id, allowedExceptions(id)),
          s.toMs + 1000
        );
        expect({ scenario: s.id, firing: firing.length > 0 }).toEqual({ scenario: s.id, firing: true });
      }
    });

    it('stays quiet at the same instants on the benign baseline', async () => {
      const host = hosts[layout].benign;
      for (const s of scenarios) {
        const { firing } = await evaluateThroughPlugin(
          host.url,
          payload(host, id, allowedExceptions(id)),
          s.toMs + 1000
        );
        expect({ scenario: s.id, firing }).toEqual({ scenario: s.id, firing: [] });
      }
    });
  });

  test("without the exception, the CI deployer's benign execs fire k8s-exec-into-pod: exceptions are what keep it quiet", async () => {
    expect(allowedExceptions('k8s-exec-into-pod')).toBeDefined();
    const host = hosts[layout].benign;
    const plain = payload(host, 'k8s-exec-into-pod', undefined);
    const instants = [TO, ...Array.from({ length: 12 }, (_, i) => FROM + (i + 1) * 5 * 60_000)];
    const runs = await Promise.all(instants.map((t) => evaluateThroughPlugin(host.url, plain, t)));
    expect(runs.some((r) => r.firing.length > 0)).toBe(true);
  });
});

describe('the Detections page on the attack data', () => {
  /** Hit count of every catalog rule and the readiness probes over the range, as the page runs them. */
  async function catalogCounts(host: Host) {
    const { targets, errors } = catalogTargets(
      CATALOG_RULES.map((rule) => ({ rule })),
      host.target,
      TO - FROM
    );
    expect([...errors]).toEqual([]);
    const results = await runQueries(host.http, targets, FROM, TO);
    const failed = Object.entries(results).filter(([, r]) => r.error);
    expect(failed).toEqual([]);
    return {
      rules: Object.fromEntries(CATALOG_RULES.map((r, i) => [r.id, totalOf(results[refIdOfRule(i)]?.frames)])),
      sources: Object.fromEntries(SOURCE_IDS.map((s) => [s, totalOf(results[refIdOfSource(s)]?.frames)])),
      requestObject: totalOf(results[REQUEST_OBJECT_REF]?.frames),
    };
  }

  it('hit counts and readiness: the same numbers in both layouts, and every simulated attack counted', async () => {
    const [verbatim, native] = await Promise.all(LAYOUTS.map((l) => catalogCounts(hosts[l].attack)));
    expect(native).toEqual(verbatim);
    for (const id of new Set(attack.manifest.scenarios.flatMap((s) => s.detections))) {
      expect({ id, hit: native.rules[id] > 0 }).toEqual({ id, hit: true });
    }
    SOURCE_IDS.forEach((s) => expect({ s, lines: native.sources[s] > 0 }).toEqual({ s, lines: true }));
    expect(native.requestObject).toBeGreaterThan(0);
  });

  it.each(IDS.map((id) => [id]))(
    '%s preview: the same counts per step and the same sample events in both layouts',
    async (id) => {
      const preview = async (host: Host) => {
        const results = await runQueries(
          host.http,
          previewTargets(catalogRule(id)!, allowedExceptions(id), host.target, 5 * 60_000),
          FROM,
          TO
        );
        expect([results.count?.error, results.sample?.error]).toEqual([undefined, undefined]);
        const source = catalogRule(id)!.logsource.service;
        const events = sampleOf(results.sample?.frames).map((row) => {
          const parsed = SOURCES[source].parse(row.line);
          return parsed.ok
            ? Object.entries(parsed.event.fields)
                .filter(([, v]) => v !== '')
                .sort(([a], [b]) => a.localeCompare(b))
            : row.line;
        });
        return { series: seriesOf(results.count?.frames), events: events.map((e) => JSON.stringify(e)).sort() };
      };
      const [verbatim, native] = await Promise.all(LAYOUTS.map((l) => preview(hosts[l].attack)));
      expect(native.series.reduce((n, p) => n + p.v, 0)).toBeGreaterThan(0);
      expect(native.events.length).toBeGreaterThan(0);
      expect(native).toEqual(verbatim);
    }
  );
});
