/** @jest-environment node */
// Every catalog rule, in the forms Vigil writes, fires at the end of its simulated attack and
// stays quiet on the benign baseline, with Grafana's reduce (last) and threshold:
// - the Grafana-managed rule for a VictoriaLogs data source: query A run by the real plugin
//   binary (devhost → plugin protocol) on a real VictoriaLogs holding the data, once with the
//   lines in `_msg` (verbatim) and once with the JSON events stored as fields (native, the
//   VictoriaLogs default), each rule written for that layout;
// - the same rule for a Loki data source: query A run by the LogQL oracle as Loki's instant query;
// - the Loki ruler export: its expression run by the oracle.
// One VictoriaLogs and one plugin process per layout serve every rule (data.ts explains the data).
import { alertRulePayload, lokiRulerExport, type AlertTarget, type RuleSettings } from '../../src/alerting';
import type { ProvisionedAlertRule } from '../../src/api/grafana';
import { CATALOG_RULES } from '../../src/detections/catalog';
import { buildDevhost, requireBuiltPlugin, startDevhost } from '../host/harness';
import { evaluateRange } from '../logql/oracle';
import { flushVictoriaLogs, ManagedServer, pushLoki, queryLogsQL, startVictoriaLogs } from '../stack';
import { BENIGN_SHIFT_MS, buildAlertData, EVAL_DELAY_MS, FROM_MS, othersInWindow, TO_MS } from './data';
import { evaluateRuler, evaluateThroughOracle, evaluateThroughPlugin, rulerExpr } from './evaluate';
import { committedTable, renderTable, writeTable, type RuleResult } from './table';

jest.setTimeout(180_000);

const data = buildAlertData();
const { attack } = data;
const servers: ManagedServer[] = [];
let host: ManagedServer;
let nativeHost: ManagedServer;
let vlUrl: string;
const results = new Map<string, RuleResult>();

const target = (backend: AlertTarget['backend'], layouts?: AlertTarget['layouts']): AlertTarget => ({
  dsUid: 'vigil',
  backend,
  folderUID: 'vigil-detections',
  ruleGroup: 'vigil',
  ...(layouts ? { layouts } : {}),
});
const NATIVE = { audit: 'native', coredns: 'native', netfilter: 'native', falco: 'native' } as const;
const VERBATIM = { audit: 'verbatim', coredns: 'verbatim', netfilter: 'verbatim', falco: 'verbatim' } as const;

/** The identities the baseline legitimately uses (the CI deployer's execs), as user exceptions. */
function settingsOf(id: string): RuleSettings | undefined {
  const allowed = attack.manifest.allowed[id];
  return allowed ? { exceptions: [{ 'user.username': allowed.usernames }] } : undefined;
}

beforeAll(async () => {
  requireBuiltPlugin();
  const [binary, vl, nvl] = await Promise.all([buildDevhost(), startVictoriaLogs(), startVictoriaLogs()]);
  servers.push(vl, nvl);
  vlUrl = vl.url;
  await Promise.all([
    pushLoki(vl.url, data.streams, { backend: 'victorialogs' }),
    pushLoki(nvl.url, data.streams, { backend: 'victorialogs', layout: 'native' }),
  ]);
  await Promise.all([flushVictoriaLogs(vl.url), flushVictoriaLogs(nvl.url)]);
  [host, nativeHost] = await Promise.all([
    startDevhost({ binary, logBackend: 'victorialogs', logUrl: vl.url, prometheusUrl: 'http://127.0.0.1:9' }),
    startDevhost({ binary, logBackend: 'victorialogs', logUrl: nvl.url, prometheusUrl: 'http://127.0.0.1:9' }),
  ]);
  servers.push(host, nativeHost);
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

test('VictoriaLogs holds the attack data and, a day earlier, the benign copy of the same span', async () => {
  expect(data.benign.events.map((e) => e.line)).toEqual(attack.events.filter((e) => !e.scenario).map((e) => e.line));
  const count = async (from: number, to: number) => (await queryLogsQL(vlUrl, `_time:[${new Date(from).toISOString()}, ${new Date(to).toISOString()}) | stats count() as n`))[0].n;
  expect(await count(FROM_MS, TO_MS)).toBe(String(data.attackEntries.length));
  expect(await count(FROM_MS - BENIGN_SHIFT_MS, TO_MS - BENIGN_SHIFT_MS)).toBe(String(data.benignEntries.length));
});

test("the benign copy is visible to the plugin: without the CI deployer's exception, k8s-exec-into-pod fires on it", async () => {
  const plain = alertRulePayload(CATALOG_RULES.find((r) => r.id === 'k8s-exec-into-pod')!, undefined, target('victorialogs'));
  const instants = Array.from({ length: 12 }, (_, i) => FROM_MS - BENIGN_SHIFT_MS + (i + 1) * 30 * 60_000);
  const firing = await Promise.all(instants.map(async (t) => (await evaluateThroughPlugin(host.url, plain, t)).firing.length));
  expect(firing.some((n) => n > 0)).toBe(true);
});

describe.each(CATALOG_RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  const settings = settingsOf(id);
  const vl = alertRulePayload(rule, settings, target('victorialogs', VERBATIM));
  const vlNative = alertRulePayload(rule, settings, target('victorialogs', NATIVE));
  const loki = alertRulePayload(rule, settings, target('loki'));
  const ruler = lokiRulerExport([{ rule, settings }]);
  const spans = attack.manifest.rules[id] ?? [];
  const windowMs = vl.data[0].relativeTimeRange!.from * 1000;
  const result: RuleResult = { scenarios: spans.map((s) => s.scenario), fires: {}, quiet: {} };
  results.set(id, result);

  it('has a scenario, alone in its window at the evaluation instant', () => {
    expect(spans.length).toBeGreaterThan(0);
    expect(ruler.skipped).toEqual([]);
    for (const s of spans) {
      expect({ scenario: s.scenario, others: othersInWindow(attack, s.scenario, s.toMs + EVAL_DELAY_MS, windowMs) }).toEqual({ scenario: s.scenario, others: [] });
    }
  });

  it('written for each layout, reads it: no line filters on fields, no fields of a line', () => {
    const text = (r: ProvisionedAlertRule) => (r.data[0].model as { expr: string }).expr;
    if (rule.logsource.service === 'audit' || rule.logsource.service === 'falco') {
      expect(text(vlNative)).not.toMatch(/_msg|unpack_json/);
      expect(text(vl)).toMatch(/unpack_json/);
    } else {
      expect(text(vlNative)).toBe(text(vl)); // text lines stay in _msg either way
    }
  });

  it('fires at the end of each attack: plugin on VictoriaLogs (both layouts), Loki alert and Loki ruler (oracle)', async () => {
    const expr = rulerExpr(ruler.yaml);
    const fired = { plugin: true, pluginNative: true, grafanaLoki: true, ruler: true };
    const seen: unknown[] = [];
    for (const s of spans) {
      const t = s.toMs + EVAL_DELAY_MS;
      const got = {
        plugin: (await evaluateThroughPlugin(host.url, vl, t)).firing.length > 0,
        pluginNative: (await evaluateThroughPlugin(nativeHost.url, vlNative, t)).firing.length > 0,
        grafanaLoki: evaluateThroughOracle(loki, data.attackEntries, t).firing.length > 0,
        ruler: evaluateRuler(expr, data.attackEntries, t).firing.length > 0,
      };
      (Object.keys(fired) as Array<keyof typeof fired>).forEach((k) => (fired[k] &&= got[k]));
      seen.push({ scenario: s.scenario, ...got });
    }
    Object.assign(result.fires, fired);
    expect(seen).toEqual(spans.map((s) => ({ scenario: s.scenario, plugin: true, pluginNative: true, grafanaLoki: true, ruler: true })));
  });

  it('stays quiet on the benign baseline: at the same instants, window after window for an hour (plugin), every minute (oracle)', async () => {
    const expr = rulerExpr(ruler.yaml);
    const seen: Array<{ scenario: string; plugin: number[]; pluginNative: number[]; grafanaLoki: number[]; ruler: number[] }> = [];
    for (const s of spans) {
      const t = s.toMs + EVAL_DELAY_MS - BENIGN_SHIFT_MS;
      seen.push({
        scenario: s.scenario,
        plugin: (await evaluateThroughPlugin(host.url, vl, t)).firing,
        pluginNative: (await evaluateThroughPlugin(nativeHost.url, vlNative, t)).firing,
        grafanaLoki: evaluateThroughOracle(loki, data.benignEntries, t).firing,
        ruler: evaluateRuler(expr, data.benignEntries, t).firing,
      });
    }
    const everyMinute = { grafanaLoki: everyMinuteQuiet(loki), ruler: everyMinuteQuiet(expr) };
    // Through the plugin, window after window over the first benign hour: a 5 m rule sees each of its lines once.
    const pluginFiring = await pluginFiringInstants(host, vl, Math.max(windowMs, 60_000));
    const nativeFiring = await pluginFiringInstants(nativeHost, vlNative, Math.max(windowMs, 60_000));
    result.quiet.plugin = seen.every((x) => x.plugin.length === 0) && pluginFiring.length === 0;
    result.quiet.pluginNative = seen.every((x) => x.pluginNative.length === 0) && nativeFiring.length === 0;
    result.quiet.grafanaLoki = seen.every((x) => x.grafanaLoki.length === 0) && everyMinute.grafanaLoki;
    result.quiet.ruler = seen.every((x) => x.ruler.length === 0) && everyMinute.ruler;
    expect(seen).toEqual(spans.map((s) => ({ scenario: s.scenario, plugin: [], pluginNative: [], grafanaLoki: [], ruler: [] })));
    expect(everyMinute).toEqual({ grafanaLoki: true, ruler: true });
    expect(pluginFiring).toEqual([]);
    expect(nativeFiring).toEqual([]);
  });
});

const SWEEP_MS = 3_600_000;

/** Benign evaluation instants, one window apart over the first hour, at which the plugin's answer fires. */
async function pluginFiringInstants(server: ManagedServer, rule: ProvisionedAlertRule, stepMs: number): Promise<string[]> {
  const instants: number[] = [];
  for (let t = FROM_MS - BENIGN_SHIFT_MS + stepMs; t <= FROM_MS - BENIGN_SHIFT_MS + SWEEP_MS; t += stepMs) {
    instants.push(t);
  }
  const firing: string[] = [];
  for (let i = 0; i < instants.length; i += 8) {
    const batch = instants.slice(i, i + 8);
    const evals = await Promise.all(batch.map((t) => evaluateThroughPlugin(server.url, rule, t)));
    evals.forEach((e, j) => e.firing.length && firing.push(new Date(batch[j] + BENIGN_SHIFT_MS).toISOString()));
  }
  return firing;
}

const NS_PER_MS = BigInt(1_000_000);
const MINUTE = BigInt(60_000) * NS_PER_MS;

/** No series passes the rule's threshold (or, for a ruler expression, returns) at any minute of the benign span. */
function everyMinuteQuiet(form: ProvisionedAlertRule | string): boolean {
  const start = BigInt(FROM_MS - BENIGN_SHIFT_MS) * NS_PER_MS;
  const end = BigInt(TO_MS - BENIGN_SHIFT_MS) * NS_PER_MS;
  if (typeof form === 'string') {
    return evaluateRange(form, data.benignEntries, start, end, MINUTE).length === 0;
  }
  const threshold = (form.data[2].model as { conditions: Array<{ evaluator: { params: number[] } }> }).conditions[0].evaluator.params[0];
  const series = evaluateRange((form.data[0].model as { expr: string }).expr, data.benignEntries, start, end, MINUTE);
  return series.every((s) => s.points.every((p) => !(p.value > threshold)));
}

test('docs/detections.md carries this table (VIGIL_UPDATE_DOCS=1 rewrites it)', () => {
  const table = renderTable(results);
  if (process.env.VIGIL_UPDATE_DOCS === '1') {
    writeTable(table);
  }
  expect(committedTable()).toBe(table);
});
