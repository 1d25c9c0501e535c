/**
 * What evaluating the whole catalog costs the log backend, every evaluation interval (1 m):
 * for each rule's alert query, the lines its stream selector holds in its window, and
 * VictoriaLogs' own query stats (`| query_stats`: rows in the blocks it touched, values read,
 * bytes read, duration), against the lines ingested in one interval. Three forms:
 *
 * - naive: each rule's query as written today (event rules look back 5 m, so every line is
 *   read by each rule of its source five times);
 * - aligned: event rules look back one interval (the `window` parameter set to 1m), with
 *   Grafana's keep_firing_for (4 m) to keep an alert as long as before; correlation rules keep
 *   their windows, which are their meaning;
 * - recorded: every rule as a 1 m recording rule (Loki ruler, vmalert on VictoriaLogs or
 *   Grafana-managed recording rules) and the alert on the recorded series, so correlation
 *   windows are summed from 1 m buckets (value counts over 60 s already are one bucket).
 *
 * plus the floor: one pass per source over the interval. The aligned and recorded forms are
 * checked to fire at exactly the evaluations where the naive form fires, on the same data.
 * Run: npm run bench:eval-cost (writes the "eval-cost" section of docs/benchmarks.md).
 * Env: BENCH_MINUTES (default 30), BENCH_PRESET (busy | default, default busy), BENCH_PRINT_ONLY=1
 * (print, leave docs/benchmarks.md alone).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pushToLoki, simulate } from '../backend-stub/src';
import { compileRule, planRule, type ParamValues, type Rule } from '../src/detections';
import { CATALOG_RULES } from '../src/detections/catalog';
import { flushVictoriaLogs, queryLogsQL, startVictoriaLogs } from '../tests/stack';
import { sharedQueries } from './evalCostShared';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 30);
const PRESET = (process.env.BENCH_PRESET ?? 'busy') as 'busy' | 'default';
const MIN = 60_000;
const TO = Date.UTC(2026, 2, 2, 12, 0, 0);
const FROM = TO - MINUTES * MIN;
/** Evaluations whose query stats are summed (the last ones, after every window has filled). */
const COST_EVALS = 5;

type Variant = 'naive' | 'aligned' | 'recorded';

/** The alert query of a rule in one form; `bucketed`: summed over 5 evaluations by the alert. */
function queryOf(rule: Rule, v: Variant): { expr: string; bucketed: boolean } {
  const plan = planRule(rule);
  const correlation = plan.window !== undefined;
  const oneMinute: ParamValues = { window: '1m' };
  if (v === 'naive' || (v === 'aligned' && correlation)) {
    return { expr: compileRule(rule, 'metric', 'victorialogs'), bucketed: false };
  }
  if (v === 'recorded' && correlation && plan.window!.windowMs > MIN) {
    // Recorded per minute without the threshold; the alert sums the buckets of its window.
    return { expr: compileRule(rule, 'metric', 'victorialogs', { ...oneMinute, threshold: 1 }), bucketed: true };
  }
  return { expr: compileRule(rule, 'metric', 'victorialogs', correlation ? {} : oneMinute), bucketed: false };
}

interface Stats {
  lines: number;
  rows: number;
  values: number;
  bytes: number;
  ms: number;
}

const zero = (): Stats => ({ lines: 0, rows: 0, values: 0, bytes: 0, ms: 0 });

async function get(url: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}?${new URLSearchParams(params)}`);
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`${res.status} ${text} for ${params.query}`);
  }
  return text;
}

/** The query's result rows at t: one value per series (`name`: the stats result it comes from). */
async function hitsAt(vl: string, expr: string, t: number): Promise<Array<{ name: string; key: string; hits: number }>> {
  const body = JSON.parse(await get(`${vl}/select/logsql/stats_query`, { query: expr, time: new Date(t).toISOString() }));
  return (body.data?.result ?? []).map((r: { metric: Record<string, string>; value: [number, string] }) => {
    const { __name__: name, ...key } = r.metric;
    return { name, key: JSON.stringify(key), hits: Number(r.value[1]) };
  });
}

/** The shared form's firing: event rules from the one-pass queries (kept firing 4 m), correlation rules recorded. */
async function sharedFirings(vl: string, instants: number[], compareFrom: number): Promise<Set<string>> {
  const correlations = CATALOG_RULES.filter((r) => planRule(r).window);
  const out = await firings(vl, correlations, 'recorded', instants, compareFrom);
  const perEval: Array<Map<string, number>> = [];
  for (const t of instants) {
    const counts = new Map<string, number>();
    for (const q of sharedQueries(CATALOG_RULES.filter((r) => !planRule(r).window))) {
      (await hitsAt(vl, q, t)).forEach((h) => counts.set(h.name, h.hits));
    }
    perEval.push(counts);
  }
  instants.forEach((t, i) => {
    if (t >= compareFrom) {
      perEval.slice(Math.max(0, i - 4), i + 1).forEach((c) => c.forEach((n, id) => n > 0 && out.add(`${id} ${t} {}`)));
    }
  });
  return out;
}

/** The queries one evaluation of the whole catalog runs in a form. */
function queriesOf(v: Variant | 'shared'): string[] {
  if (v !== 'shared') {
    return CATALOG_RULES.map((r) => queryOf(r, v).expr);
  }
  const correlations = CATALOG_RULES.filter((r) => planRule(r).window);
  return [...sharedQueries(CATALOG_RULES.filter((r) => !planRule(r).window)), ...correlations.map((r) => queryOf(r, 'recorded').expr)];
}

/** Lines of the query's stream selector in its window, and VictoriaLogs' stats of the query, at t. */
async function costAt(vl: string, expr: string, t: number): Promise<Stats> {
  const m = /^(\{[^}]*\}) _time:(\S+)/.exec(expr);
  if (!m) {
    throw new Error(`no selector and window in ${expr}`);
  }
  const time = new Date(t).toISOString();
  const [count] = await queryLogsQL(vl, `${m[1]} _time:${m[2]} | stats count() as n`, { time });
  const started = performance.now();
  const qs = JSON.parse((await get(`${vl}/select/logsql/query`, { query: `${expr} | query_stats`, time })).trim().split('\n')[0]);
  const wall = performance.now() - started;
  return { lines: Number(count.n), rows: Number(qs.RowsProcessed), values: Number(qs.ValuesRead), bytes: Number(qs.BytesReadTotal), ms: Math.max(wall, Number(qs.QueryDurationNsecs) / 1e6) };
}

function add(a: Stats, b: Stats): void {
  (Object.keys(a) as Array<keyof Stats>).forEach((k) => (a[k] += b[k]));
}

/**
 * Firing (rule, key, evaluation) triples at the evaluations from `compareFrom` on; the
 * earlier ones only feed keep_firing_for and bucket sums.
 */
async function firings(vl: string, rules: Rule[], v: Variant, instants: number[], compareFrom: number): Promise<Set<string>> {
  const out = new Set<string>();
  for (const rule of rules) {
    const { expr, bucketed } = queryOf(rule, v);
    const plan = planRule(rule);
    const perEval: Array<Array<{ key: string; hits: number }>> = [];
    for (const t of instants) {
      perEval.push(await hitsAt(vl, expr, t));
    }
    instants.forEach((t, i) => {
      if (t < compareFrom) {
        return;
      }
      const fire = (key: string) => out.add(`${rule.id} ${t} ${key}`);
      const last5 = perEval.slice(Math.max(0, i - 4), i + 1);
      if (v === 'naive' || (plan.window && !bucketed)) {
        perEval[i].forEach((h) => fire(h.key));
      } else if (bucketed) {
        // The alert on the recorded series: the sum of the buckets in its window.
        const sums = new Map<string, number>();
        last5.flat().forEach((h) => sums.set(h.key, (sums.get(h.key) ?? 0) + h.hits));
        const threshold = plan.window!.op === 'gte' ? plan.window!.threshold : plan.window!.threshold + 1;
        sums.forEach((n, key) => n >= threshold && fire(key));
      } else {
        // keep_firing_for 4 m: an event rule that fired at any of the last five evaluations.
        last5.flat().forEach((h) => fire(h.key));
      }
    });
  }
  return out;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const sim = simulate({ seed: 3, from: FROM, to: TO, preset: PRESET, scenarios: 'all' });
  const total = sim.streams.reduce((n, s) => n + s.values.length, 0);
  const vl = await startVictoriaLogs();
  try {
    await pushToLoki(vl.url, sim.streams, { backend: 'victorialogs', layout: 'verbatim' });
    await flushVictoriaLogs(vl.url);
    // Evaluations on minute boundaries; firing is compared from the first with a full 5 m window.
    const instants = Array.from({ length: MINUTES - 1 }, (_, i) => FROM + (i + 2) * MIN);
    const compareFrom = FROM + 6 * MIN;
    const costInstants = instants.slice(-COST_EVALS);
    let ingested = 0;
    for (const t of costInstants) {
      ingested += Number((await queryLogsQL(vl.url, '* _time:1m | stats count() as n', { time: new Date(t).toISOString() }))[0].n);
    }
    const rows: Array<{ name: string; queries: number; s: Stats; fires?: string }> = [];
    const naiveFires = await firings(vl.url, CATALOG_RULES, 'naive', instants, compareFrom);
    for (const v of ['naive', 'aligned', 'recorded', 'shared'] as const) {
      const s = zero();
      const queries = queriesOf(v);
      for (const t of costInstants) {
        for (const q of queries) {
          add(s, await costAt(vl.url, q, t));
        }
      }
      const fires = v === 'naive' ? naiveFires : v === 'shared' ? await sharedFirings(vl.url, instants, compareFrom) : await firings(vl.url, CATALOG_RULES, v, instants, compareFrom);
      const same = fires.size === naiveFires.size && [...fires].every((f) => naiveFires.has(f));
      rows.push({ name: v, queries: queries.length, s, fires: `${fires.size}${v === 'naive' ? '' : same ? ' (same)' : ' (**differs**)'}` });
    }
    const floor = zero();
    const selectors = [...new Set(CATALOG_RULES.map((r) => /^(\{[^}]*\})/.exec(compileRule(r, 'metric', 'victorialogs'))![1]))];
    for (const t of costInstants) {
      for (const sel of selectors) {
        add(floor, await costAt(vl.url, `${sel} _time:1m | stats count() as hits`, t));
      }
    }
    rows.push({ name: 'floor: one pass per source selector', queries: selectors.length, s: floor });
    const per = (n: number) => n / COST_EVALS;
    const body = [
      '## Evaluation cost of the catalog (bench/evalCost.ts)',
      '',
      `Data: ${fmt(total)} simulator lines over ${MINUTES} min (${PRESET} preset, every scenario), real VictoriaLogs. ${CATALOG_RULES.length} rules, evaluated every 1 min; figures per evaluation of the whole catalog, averaged over the last ${COST_EVALS} evaluations. Ingested per interval: ${fmt(per(ingested))} lines.`,
      '',
      '| form | queries | lines in the selectors\' windows | × ingested | VictoriaLogs rows in touched blocks | values read | bytes read | query time (sum) | firing (rule, key, evaluation) |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.name} | ${r.queries} | ${fmt(per(r.s.lines))} | ${(r.s.lines / ingested).toFixed(1)} | ${fmt(per(r.s.rows))} | ${fmt(per(r.s.values))} | ${fmt(per(r.s.bytes))} | ${per(r.s.ms).toFixed(0)} ms | ${r.fires ?? '—'} |`),
      '',
      'Forms: **naive** is each rule\'s alert query as written (event rules look back 5 min). **aligned** sets event rules\' `window` to the 1 min interval and relies on Grafana\'s keep_firing_for (4 min) so an alert lasts as long as before; correlation windows are their meaning and stay. **recorded** evaluates every rule as a 1 min recording rule (Loki ruler, vmalert on VictoriaLogs, Grafana-managed recording rules) and alerts on the recorded series, summing 1 min buckets over a correlation\'s window. **shared** (VictoriaLogs only: LogsQL\'s `count() if (…)`) merges the event rules of one stream selector into one query whose parse runs once per line, split where a query would pass VictoriaLogs\' default 16 KiB query length; correlation rules as recorded. **floor** is one pass per source over the interval, the least any per-line evaluation reads.',
      '',
      `Per evaluation, lines in the windows go from ${fmt(per(rows[0].s.lines))} (naive, ${(rows[0].s.lines / ingested).toFixed(0)}× ingest) to ${fmt(per(rows[2].s.lines))} (recorded, ${(rows[2].s.lines / ingested).toFixed(0)}×) and ${fmt(per(rows[3].s.lines))} (shared, ${(rows[3].s.lines / ingested).toFixed(1)}×); VictoriaLogs\' bytes read from ${fmt(per(rows[0].s.bytes))} to ${fmt(per(rows[2].s.bytes))} and ${fmt(per(rows[3].s.bytes))}. The last column counts firing alert instances (rule, key, evaluation) over every evaluation of the range; "same" means exactly the naive instances. Lines in the selectors\' windows is what a backend without content indexes (Loki) reads; VictoriaLogs skips blocks whose bloom filters miss a query\'s phrase pre-filter, which the shared form gives up (it reads every line of its sources once), so its CPU time is not lower in proportion. Query times are sums of sequential queries on a shared, loaded machine: indicative only.`,
      '',
      `Command: \`npm run bench:eval-cost\` (BENCH_MINUTES=${MINUTES}, BENCH_PRESET=${PRESET}; load average before: ${os.loadavg()[0].toFixed(2)}).`,
    ].join('\n');
    if (process.env.BENCH_PRINT_ONLY !== '1') {
      const out = path.join(os.tmpdir(), 'vigil-bench-eval-cost.md');
      fs.writeFileSync(out, body);
      execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'bench-section.mjs'), 'eval-cost', out], { stdio: 'inherit' });
    }
    process.stdout.write(body + '\n');
  } finally {
    await vl.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
