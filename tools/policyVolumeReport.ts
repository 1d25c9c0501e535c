/**
 * Prints each bundled template's estimated volume and blind detections on the simulator's
 * audit data (default preset, all scenarios, seed 11, two hours), plus the suggestion.
 * A development tool, not part of the plugin; the figures in docs/policy-advisor.md come from it.
 * Run: npx tsx tools/policyVolumeReport.ts
 */
import { simulate } from '../backend-stub/src';
import { blindSpots, formatBytes, observe, parsePolicy, POLICY_TEMPLATES, replay, suggestPolicy } from '../src/policy';

const from = Date.UTC(2026, 0, 5, 8);
const to = from + 2 * 3_600_000;
const lines = simulate({ from, to, scenarios: 'all', seed: 11 })
  .events.filter((e) => e.source === 'audit')
  .map((e) => e.line);
const observed = observe(lines);
const opts = { rangeMs: to - from };
const rr = parsePolicy(POLICY_TEMPLATES.find((t) => t.id === 'request-response-everything')!.yaml);
const base = rr.ok ? replay(rr.policy, lines, opts).totalBytesPerDay : NaN;

console.log(`Simulator audit sample: ${lines.length} lines over 2 h (${observed.requests.length} requests).\n`);
console.log('| policy | bytes/day | lines/day | vs RequestResponse-for-everything | estimated share | blind or partly blind |');
console.log('|---|---|---|---|---|---|');
const rows = POLICY_TEMPLATES.map((t) => ({ title: t.title, parsed: parsePolicy(t.yaml) }));
const suggestion = suggestPolicy({ events: lines, replay: opts });
rows.push({ title: 'Suggested (all detections)', parsed: { ok: true, policy: suggestion.policy } });
for (const { title, parsed } of rows) {
  if (!parsed.ok) {
    console.log(`| ${title} | invalid: ${parsed.errors[0].message} |`);
    continue;
  }
  const r = replay(parsed.policy, lines, opts);
  const blind = blindSpots(parsed.policy, observed.requests).filter((c) => c.status !== 'working');
  const ratio = `${((r.totalBytesPerDay / base) * 100).toFixed(1)}%`;
  console.log(`| ${title} | ${formatBytes(r.totalBytesPerDay)} | ${Math.round(r.totalLinesPerDay)} | ${ratio} | ${(r.estimatedShare * 100).toFixed(0)}% | ${blind.map((c) => c.id).join(', ') || 'none'} |`);
}
