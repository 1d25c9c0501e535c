/**
 * Vigil's native-layout LogsQL against pySigma's VictoriaLogs backend, on one real VictoriaLogs
 * holding the busy-cluster simulator data twice, in two tenants: verbatim (each line kept in
 * `_msg`, Loki's push with disable_message_parsing) and native (VictoriaLogs' default: JSON lines
 * split into fields at ingestion). Per catalog rule, the time and rows of Vigil's native query on
 * the native copy, Vigil's verbatim query and the naive full-unpack query on the verbatim copy,
 * and pySigma's query (behind Vigil's stream selector for the rule's source) on the native copy;
 * plus each copy's size.
 *
 * Run: npm run bench:victorialogs-peer   # writes the "victorialogs-peer" section of docs/benchmarks.md
 * Env: BENCH_MINUTES (default 60) of busy data, BENCH_RUNS (default 9) timed runs per query,
 *      BENCH_PRINT_ONLY=1 (print, leave docs/benchmarks.md alone).
 *
 * pySigma runs in its own venv under ~/.cache/vigil (created on first run, versions pinned).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pushToLoki, simulate } from '../backend-stub/src';
import { compileRule, planRule, UnsupportedRuleError, type Rule } from '../src/detections';
import { CATALOG_RULES } from '../src/detections/catalog';
import { isJsonSource, resolveField } from '../src/detections/fields';
import { logsqlNaiveQuery } from '../src/detections/logsql';
import { flushVictoriaLogs, queryLogsQL, startVictoriaLogs } from '../tests/stack';
import { venvDir, venvPython } from './pythonVenv';
import { toSigma } from './sigmaForm';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 60);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TO = Date.parse('2026-03-01T12:00:00Z');
const FROM = TO - MINUTES * 60_000;
/** Every query reads this fixed range, which holds all the data. */
const RANGE = { start: new Date(FROM - 60_000).toISOString(), end: new Date(TO + 60_000).toISOString() };
const PYSIGMA = '1.5.1';
const PYSIGMA_VL = '0.2.0';
const VENV = venvDir('victorialogs-peer-venv');
const HELPER = path.join(__dirname, 'victorialogs_peer.py');

type Layout = 'verbatim' | 'native';
/** The two copies, apart by VictoriaLogs tenant (AccountID:ProjectID), so the stream selectors stay Vigil's. */
const TENANT: Record<Layout, string> = { verbatim: '1:0', native: '2:0' };

const VARIANTS = ['native', 'verbatim', 'naive', 'pySigma'] as const;
type Variant = (typeof VARIANTS)[number];
const COPY: Record<Variant, Layout> = { native: 'native', verbatim: 'verbatim', naive: 'verbatim', pySigma: 'native' };

/** A variant's query for a rule, or why there is none. */
type Query = { query: string } | { none: string };

interface Timing {
  ms: number;
  rows: number;
}

interface RuleRow {
  rule: Rule;
  json: boolean;
  queries: Record<Variant, Query>;
  timings: Partial<Record<Variant, Timing>>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function geomean(xs: number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

/** The rows of a query in the fixed range: its own `| stats count()`, so only the count crosses the wire. */
async function timeOnce(url: string, v: Variant, query: string): Promise<Timing> {
  const t0 = process.hrtime.bigint();
  const [row] = await queryLogsQL(url, `${query} | stats count() as n`, RANGE, { tenant: TENANT[COPY[v]] });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, rows: Number(row?.n ?? 0) };
}

/** One warm-up run of every variant, then RUNS rounds with the variants interleaved (each round starts at the next one). */
async function timeRule(url: string, row: RuleRow): Promise<void> {
  const runnable = VARIANTS.filter((v) => 'query' in row.queries[v]);
  const q = (v: Variant) => (row.queries[v] as { query: string }).query;
  const times = new Map<Variant, number[]>(runnable.map((v) => [v, []]));
  const rows = new Map<Variant, number>();
  for (const v of runnable) {
    rows.set(v, (await timeOnce(url, v, q(v))).rows);
  }
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < runnable.length; i++) {
      const v = runnable[(i + r) % runnable.length];
      const t = await timeOnce(url, v, q(v));
      if (t.rows !== rows.get(v)) {
        throw new Error(`${row.rule.id} ${v}: ${t.rows} rows, ${rows.get(v)} in the warm-up`);
      }
      times.get(v)!.push(t.ms);
    }
  }
  for (const v of runnable) {
    row.timings[v] = { ms: median(times.get(v)!), rows: rows.get(v)! };
  }
}

/** pySigma's query for every JSON-source rule that is plain Sigma, keyed by rule id. */
function pySigmaQueries(rules: Rule[]): Map<string, Query> {
  const out = new Map<string, Query>();
  const requests: Array<{ key: string; rule: unknown }> = [];
  for (const rule of rules) {
    const form = toSigma(rule);
    if ('notSigma' in form) {
      out.set(rule.id, { none: `not Sigma: ${form.notSigma}` });
    } else {
      // The detection alone: the log query, what the other three variants are.
      requests.push({
        key: rule.id,
        rule: { title: rule.title, logsource: rule.logsource, detection: form.detection },
      });
    }
  }
  const python = venvPython(VENV, { pySigma: PYSIGMA, 'pySigma-backend-victorialogs': PYSIGMA_VL });
  const answers: Array<{ key: string; query?: string; error?: string }> = JSON.parse(
    execFileSync(python, [HELPER], { input: JSON.stringify(requests), encoding: 'utf8', maxBuffer: 64 << 20 })
  );
  for (const a of answers) {
    // The backend selects no stream: Vigil's default selector for the source, so both read the same streams.
    const selector = planRule(rules.find((r) => r.id === a.key)!).selector;
    out.set(
      a.key,
      a.query !== undefined ? { query: `${selector} (${a.query})` } : { none: `pySigma refused: ${a.error}` }
    );
  }
  return out;
}

function queriesOf(rule: Rule, peer: Map<string, Query>): RuleRow {
  const plan = planRule(rule);
  const json = isJsonSource(plan.source);
  const text = { none: 'text source: both layouts identical' };
  let native: Query = text;
  if (json) {
    try {
      native = { query: compileRule(rule, 'log', 'victorialogs', {}, 'native') };
    } catch (e) {
      if (!(e instanceof UnsupportedRuleError)) {
        throw e;
      }
      native = { none: `Vigil refuses: ${e.message}` };
    }
  }
  return {
    rule,
    json,
    queries: {
      native,
      verbatim: { query: compileRule(rule, 'log', 'victorialogs', {}, 'verbatim') },
      naive: { query: logsqlNaiveQuery(plan) },
      pySigma: json ? peer.get(rule.id)! : text,
    },
    timings: {},
  };
}

/** Waits until VictoriaLogs has had no merge running for 3 s (at most 60 s), so timings do not share the CPU with merges. */
async function settle(url: string): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < 120 && quiet < 6; i++) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const active = [...metrics.matchAll(/^vl_active_merges\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    quiet = active === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Size {
  rows: number;
  /** On disk, from `block_stats`: the values, bloom filters and dictionaries of every field of every block. */
  values: number;
  bloom: number;
  dict: number;
  /** `stats sum_len(*)`: the length of every field value of every row, uncompressed. */
  uncompressed: number;
}

async function sizeOf(url: string, layout: Layout): Promise<Size> {
  const tenant = { tenant: TENANT[layout] };
  const [b] = await queryLogsQL(
    url,
    '* | block_stats | stats sum(values_bytes) v, sum(bloom_bytes) b, sum(dict_bytes) d',
    RANGE,
    tenant
  );
  const [s] = await queryLogsQL(url, '* | stats count() n, sum_len(*) l', RANGE, tenant);
  return { rows: Number(s.n), values: Number(b.v), bloom: Number(b.b), dict: Number(b.d), uncompressed: Number(s.l) };
}

/** For a rule whose native and pySigma rows differ: one row only one side returns, as the fields the rule reads. */
async function sampleDifference(url: string, row: RuleRow): Promise<string> {
  const fetchRows = (v: Variant) =>
    queryLogsQL(url, `${(row.queries[v] as { query: string }).query} | limit 100000`, RANGE, { tenant: TENANT.native });
  const key = (r: Record<string, string>) => `${r._stream_id} ${r._time}`;
  const [vigil, peer] = [await fetchRows('native'), await fetchRows('pySigma')];
  const peerKeys = new Set(peer.map(key));
  const vigilKeys = new Set(vigil.map(key));
  const onlyVigil = vigil.find((r) => !peerKeys.has(key(r)));
  const onlyPeer = peer.find((r) => !vigilKeys.has(key(r)));
  const [who, hit] = onlyVigil ? ['only Vigil', onlyVigil] : ['only pySigma', onlyPeer];
  if (!hit) {
    return 'no sample found';
  }
  // Each field the rule reads as stored: its value, or for an object the fields it was split into.
  const names = [
    ...new Set(
      planRule(row.rule).fields.map((f) => resolveField(row.rule.logsource.service, f).json!.segments.join('.'))
    ),
  ];
  const shown = names.map((n) => {
    if (hit[n] !== undefined) {
      return `${n}=${clip(JSON.stringify(hit[n]), 80)}`;
    }
    const under = Object.keys(hit).filter((k) => k.startsWith(`${n}.`));
    return under.length ? `${n}: no such field (an object, stored as ${under.length} fields ${n}.*)` : `${n}: absent`;
  });
  return `${who}: ${shown.join(', ')}`;
}

function md(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function clip(s: string, n = 140): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function gitState(): string {
  const sh = (args: string[]) =>
    execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).trim();
  const dirty = sh(['status', '--porcelain', '--', 'src/detections', 'bench']) !== '';
  return `commit ${sh(['log', '-1', '--format=%h'])}${dirty ? ' with uncommitted changes in src/detections or bench' : ''}`;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const loads = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

async function main(): Promise<void> {
  const loadBefore = loads();
  const measured = gitState();
  const sim = simulate({ seed: 3, from: FROM, to: TO, preset: 'busy', scenarios: 'all' });
  const lines = sim.streams.reduce((n, s) => n + s.values.length, 0);
  const bytes = sim.streams.reduce((n, s) => n + s.values.reduce((m, [, l]) => m + Buffer.byteLength(l) + 1, 0), 0);
  const peer = pySigmaQueries(CATALOG_RULES.filter((r) => isJsonSource(r.logsource.service)));
  const rows = CATALOG_RULES.map((r) => queriesOf(r, peer));
  const vl = await startVictoriaLogs();
  const started = Date.now();
  try {
    await pushToLoki(vl.url, sim.streams, { backend: 'victorialogs', tenant: TENANT.verbatim, layout: 'verbatim' });
    await pushToLoki(vl.url, sim.streams, { backend: 'victorialogs', tenant: TENANT.native, layout: 'native' });
    await flushVictoriaLogs(vl.url);
    await settle(vl.url);
    const sizes = { verbatim: await sizeOf(vl.url, 'verbatim'), native: await sizeOf(vl.url, 'native') };
    for (const layout of ['verbatim', 'native'] as const) {
      if (sizes[layout].rows !== lines) {
        throw new Error(`the ${layout} copy holds ${sizes[layout].rows} rows in the range, ${lines} were pushed`);
      }
      // The audit events' `verb`: a stored field only where VictoriaLogs split the JSON lines.
      const [split] = await queryLogsQL(vl.url, '* verb:* | stats count() n', RANGE, { tenant: TENANT[layout] });
      if (Number(split.n) > 0 !== (layout === 'native')) {
        throw new Error(`the ${layout} copy has ${split.n} rows with a stored verb field: not the ${layout} layout`);
      }
    }
    for (const row of rows) {
      await timeRule(vl.url, row);
      const t = row.timings;
      console.error(
        `${row.rule.id}: ${VARIANTS.map((v) => (t[v] ? `${v} ${t[v]!.ms.toFixed(1)} ms ${t[v]!.rows}` : `${v} —`)).join(', ')}`
      );
    }
    const samples = new Map<string, string>();
    for (const row of rows) {
      const { native, pySigma } = row.timings;
      if (native && pySigma && native.rows !== pySigma.rows) {
        samples.set(row.rule.id, await sampleDifference(vl.url, row));
      }
    }
    const body = render(rows, sizes, samples, {
      lines,
      bytes,
      loadBefore,
      seconds: (Date.now() - started) / 1000,
      measured,
    });
    process.stdout.write(body + '\n');
    if (process.env.BENCH_PRINT_ONLY !== '1') {
      execFileSync(process.execPath, [path.join(__dirname, '../scripts/bench-section.mjs'), 'victorialogs-peer', '-'], {
        input: body,
        stdio: ['pipe', 'inherit', 'inherit'],
      });
    }
  } finally {
    await vl.stop();
  }
}

function render(
  rows: RuleRow[],
  sizes: Record<Layout, Size>,
  samples: Map<string, string>,
  run: { lines: number; bytes: number; loadBefore: string; seconds: number; measured: string }
): string {
  const cell = (row: RuleRow, v: Variant) => {
    const t = row.timings[v];
    return t ? `${t.rows} | ${t.ms.toFixed(1)}` : ` | ${md(clip((row.queries[v] as { none: string }).none, 90))}`;
  };
  const ratio = (a?: Timing, b?: Timing) => (a && b ? a.ms / b.ms : undefined);
  const fx = (x?: number) => (x === undefined ? '' : `${x.toFixed(2)}×`);
  const table = rows.map((r) => {
    const t = r.timings;
    return `| \`${r.rule.id}\` | ${r.rule.logsource.service} | ${VARIANTS.map((v) => cell(r, v)).join(' | ')} | ${fx(ratio(t.native, t.pySigma))} | ${fx(ratio(t.native, t.verbatim))} | ${fx(ratio(t.naive, t.verbatim))} |`;
  });
  const both = rows.filter((r) => r.timings.native && r.timings.pySigma);
  const equal = both.filter((r) => r.timings.native!.rows === r.timings.pySigma!.rows);
  const unequal = both.filter((r) => r.timings.native!.rows !== r.timings.pySigma!.rows);
  const peerRatios = equal.map((r) => ({ id: r.rule.id, x: ratio(r.timings.native, r.timings.pySigma)! }));
  const max = peerRatios.reduce((a, b) => (b.x > a.x ? b : a), peerRatios[0] ?? { id: '—', x: NaN });
  const nativeRows = rows.filter((r) => r.timings.native);
  const g = (xs: number[]) => (xs.length ? `${geomean(xs).toFixed(2)}×` : 'n/a');
  const refused = rows.filter((r) => r.json && !r.timings.native);
  const layoutMismatch = rows.filter((r) => {
    const n = VARIANTS.map((v) => r.timings[v]?.rows).filter((x, i) => x !== undefined && VARIANTS[i] !== 'pySigma');
    return new Set(n).size > 1;
  });
  const slower = peerRatios.filter((p) => p.x > 1.5).sort((a, b) => b.x - a.x);
  const query = (r: RuleRow, v: Variant) => (r.queries[v] as { query: string }).query;
  const sz = (s: Size) =>
    `${mib(s.values + s.bloom)} on disk (values ${mib(s.values)} + bloom filters ${mib(s.bloom)}; dictionaries ${fmt(s.dict)} bytes), ${mib(s.uncompressed)} of field values uncompressed`;
  const byId = (id: string) => rows.find((r) => r.rule.id === id)!;
  return `## VictoriaLogs peer: Vigil's native-layout LogsQL vs pySigma's VictoriaLogs backend (bench/victoriaLogsPeer.ts)

Data: busy-cluster simulator (seed 3, every scenario), ${MINUTES} min, ${fmt(run.lines)} lines, ${mib(run.bytes)}, loaded twice into one real VictoriaLogs on loopback, each copy in its own tenant (\`X-Scope-OrgID: accountID:projectID\` on push, the \`AccountID\`/\`ProjectID\` headers on query, so the stream selectors stay the ones Vigil compiles): **verbatim** (tenant ${TENANT.verbatim}: each line kept in \`_msg\`, Loki's push with \`disable_message_parsing\`) and **native** (tenant ${TENANT.native}: VictoriaLogs' default, JSON lines split into fields at ingestion, nested keys joined with dots, arrays kept as their JSON text; CoreDNS and netfilter lines are not JSON and stay in \`_msg\` in both).

Storage (per tenant, \`block_stats\` summed as VictoriaLogs' FAQ does: values + bloom filters; \`stats sum_len(*)\` for the uncompressed field values, every field including \`_time\` and \`_stream\`):

| copy | rows | size |
|---|---:|---|
| verbatim | ${fmt(sizes.verbatim.rows)} | ${sz(sizes.verbatim)} |
| native | ${fmt(sizes.native.rows)} | ${sz(sizes.native)} |

Per rule, four queries: **Vigil native** = \`compileRule(rule, 'log', 'victorialogs', {}, 'native')\` on the native copy; **Vigil verbatim** = the same with the \`verbatim\` layout on the verbatim copy; **naive** = \`logsqlNaiveQuery\` (every JSON field unpacked, no line pre-filter) on the verbatim copy; **pySigma** = pySigma ${PYSIGMA} with pySigma-backend-victorialogs ${PYSIGMA_VL} (own venv under ~/.cache/vigil, the backend's own no-op pipeline, field names as the rule writes them: the dotted names are the native copy's fields) over the rule as plain Sigma (the conversion of bench/sigmaForm.ts, shared with the Loki peer), behind Vigil's default stream selector for the rule's source, on the native copy. Every query runs over the same fixed absolute range (${RANGE.start} to ${RANGE.end}) with \`| stats count() as n\` appended: rows = that count, and only the count crosses the wire. Time = median of ${RUNS} runs after one warm-up run of each, the variants interleaved (each round starts at the next variant), sequential HTTP requests on loopback. CoreDNS and netfilter are text lines: both layouts hold them identically and pySigma has no field extraction for them, so only Vigil verbatim and naive run there, and they are outside every native or pySigma figure.

**Summary.**
- Vigil native / pySigma, geometric mean over the ${equal.length} rules both handle with equal rows: **${g(peerRatios.map((p) => p.x))}** (below 1 = Vigil faster); largest single ratio ${Number.isNaN(max.x) ? 'n/a' : `${max.x.toFixed(2)}× (\`${max.id}\`)`}.
- Rules both handle with unequal rows: ${unequal.length}${unequal.length ? ` — ${unequal.map((r) => `\`${r.rule.id}\` (Vigil ${r.timings.native!.rows}, pySigma ${r.timings.pySigma!.rows}; ${md(samples.get(r.rule.id) ?? '')})`).join('; ')}` : ''}.
${[...samples.values()].some((x) => x.includes('no such field')) ? "- Where a sample reads `no such field`, pySigma's query tests the field by the name the rule writes, an object in the event; the native layout stores only the object's leaves (`requestObject.spec.…`), so pySigma's test is false on every row, while Vigil's native query reads the leaves (a `*` field prefix or `pack_json` of them).\n" : ''}- Rules Vigil refuses in the native layout: ${refused.length}${refused.length ? ` (${refused.map((r) => `\`${r.rule.id}\`: pySigma ${r.timings.pySigma ? `${r.timings.pySigma.rows} rows, Vigil verbatim ${r.timings.verbatim!.rows}` : 'none'}`).join('; ')})` : ''}.
- Geometric means over the ${nativeRows.length} JSON-source rules Vigil compiles natively: Vigil native / Vigil verbatim **${g(nativeRows.map((r) => ratio(r.timings.native, r.timings.verbatim)!))}**, Vigil native / naive **${g(nativeRows.map((r) => ratio(r.timings.native, r.timings.naive)!))}**; over all ${rows.length} rules, naive / Vigil verbatim **${g(rows.map((r) => ratio(r.timings.naive, r.timings.verbatim)!))}**.
- Vigil's three queries of a rule return the same rows on every rule${
    layoutMismatch.length
      ? ` **except** ${layoutMismatch
          .map(
            (r) =>
              `\`${r.rule.id}\` (${VARIANTS.filter((v) => v !== 'pySigma' && r.timings[v])
                .map((v) => `${v} ${r.timings[v]!.rows}`)
                .join(', ')})`
          )
          .join('; ')}`
      : ''
  }.

| rule | source | native rows | native ms | verbatim rows | verbatim ms | naive rows | naive ms | pySigma rows | pySigma ms | native/pySigma | native/verbatim | naive/verbatim |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${table.join('\n')}

Slower than pySigma by more than 1.5× (equal rows), both queries (times of a few milliseconds are mostly the HTTP round trip and move by a millisecond or two between runs on this shared machine):

${slower.length ? slower.map((p) => `- \`${p.id}\` (${p.x.toFixed(2)}×: ${byId(p.id).timings.native!.ms.toFixed(1)} ms against ${byId(p.id).timings.pySigma!.ms.toFixed(1)} ms)\n  - Vigil: \`${md(query(byId(p.id), 'native'))}\`\n  - pySigma: \`${md(query(byId(p.id), 'pySigma'))}\``).join('\n') : 'none'}

Plan cost model (VictoriaLogs' LogsQL docs, docs.victoriametrics.com/victorialogs/logsql/ (filters, performance tips), its FAQ on the storage format, and its storage code): data sit in blocks per stream, a column per field; a stream filter skips every block of other streams, and a field filter reads only its field's column. Word, phrase, exact (\`:=\`), exact-prefix (\`:="…"*\`) and \`in()\` filters first test the block's bloom filter of that column's words and skip the block when a word is missing; a regexp (\`~\`) filter does the same with the literal words its regexp must contain, then matches each value, with fast paths for a literal prefix, a \`.*literal.*\` substring or an alternation of literals. A case-insensitive regexp (\`(?i)\`) has no literal words, so it reads every value of the column. Columns with at most 8 distinct values in a block are stored as a dictionary, and every filter on them is decided once per dictionary entry. So in the native layout a rule's tests are column reads with bloom-filter skips, and the low-cardinality audit fields (\`verb\`, \`objectRef.resource\`, \`stage\`) are dictionary lookups; in the verbatim layout the phrase pre-filters on \`_msg\` (one big column of whole lines) skip blocks by bloom filter, and every line that passes is parsed by \`unpack_json\` before the field tests run; the naive query parses every line of the stream.

Measured on ${run.measured}. Load average (1/5/15 min) before: ${run.loadBefore}; after: ${loads()} (shared machine). Ingest, storage and queries took ${run.seconds.toFixed(0)} s.

Command: \`npm run bench:victorialogs-peer\` (BENCH_MINUTES=${MINUTES}, BENCH_RUNS=${RUNS}; BENCH_PRINT_ONLY=1 prints without writing).`;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
