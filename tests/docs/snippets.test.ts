/** @jest-environment node */
// Every onboarding snippet (which the docs also print) and every YAML/Alloy block in the
// docs is validated by what understands it: the audit Policy by Vigil's policy engine,
// Prometheus configs by promtool, shell by bash -n, Alloy by the Alloy syntax check, the
// rest as YAML with the structure its tool expects. Shipper labels go through the real
// stream detection.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { simulate } from '../../backend-stub/src';
import { allSnippets, type Snippet, SOURCE_GUIDES } from '../../src/onboarding';
import { loadRule, matchEvent, planRule, type Rule } from '../../src/detections';
import { ruleTestLines } from '../../src/detections/catalog';
import { parsePolicy, templateById } from '../../src/policy';
import { SOURCES } from '../../src/sources';
import { detectStreams, type LogBackendProbe, type StreamQuery } from '../../src/sources/detect';
import { SOURCE_IDS, type SourceId } from '../../src/sources/types';
import { versionsVar } from '../versions';
import { checkAlloy } from './alloySyntax';
import { REPO } from './generate';

type Obj = Record<string, unknown>;
const SNIPPETS = allSnippets();

function yamlDocs(code: string): Obj[] {
  const docs = parseAllDocuments(code);
  for (const d of docs) {
    expect(d.errors.map((e) => e.message)).toEqual([]);
  }
  return docs.map((d) => d.toJS() as Obj);
}

function promtool(): string {
  const prom = process.env.PROMETHEUS_BIN || versionsVar('PROMETHEUS_BIN');
  return join(dirname(prom), 'promtool');
}

const dig = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Obj)[k] : undefined), o);

/** The checks of one snippet kind; each throws (via expect) on a bad snippet. */
const CHECKS: Record<Snippet['kind'], (s: Snippet) => void> = {
  'audit-policy': (s) => {
    const r = parsePolicy(s.code);
    expect(r.ok ? [] : r.errors).toEqual([]);
  },
  'kubeadm-config': (s) => {
    const [doc] = yamlDocs(s.code);
    expect(doc).toMatchObject({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration' });
    // v1beta4 lists extraArgs as {name, value} with string values.
    for (const a of dig(doc, 'apiServer', 'extraArgs') as Obj[]) {
      expect(Object.keys(a).sort()).toEqual(['name', 'value']);
      expect(typeof a.value).toBe('string');
    }
    for (const v of dig(doc, 'apiServer', 'extraVolumes') as Obj[]) {
      expect(v).toEqual(expect.objectContaining({ name: expect.any(String), hostPath: expect.any(String), mountPath: expect.any(String) }));
    }
  },
  'kind-config': (s) => {
    const [doc] = yamlDocs(s.code);
    expect(doc).toMatchObject({ apiVersion: 'kind.x-k8s.io/v1alpha4', kind: 'Cluster' });
    const node = (doc.nodes as Obj[])[0];
    for (const patch of node.kubeadmConfigPatches as string[]) {
      const [p] = yamlDocs(patch);
      expect(p.kind).toBe('ClusterConfiguration');
      // kind's kubeadm (v1beta3) takes extraArgs as a map of strings.
      expect(Object.values(dig(p, 'apiServer', 'extraArgs') as Obj).every((v) => typeof v === 'string')).toBe(true);
    }
    const mounted = (node.extraMounts as Obj[]).map((m) => m.containerPath);
    expect(mounted).toContain(dig((yamlDocs((node.kubeadmConfigPatches as string[])[0])[0]), 'apiServer', 'extraArgs', 'audit-policy-file'));
  },
  'kubernetes-object': (s) => {
    for (const doc of yamlDocs(s.code)) {
      expect(doc).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: expect.any(String) } });
      for (const v of Object.values(doc.data as Obj)) {
        expect(typeof v).toBe('string');
      }
    }
  },
  'calico-object': (s) => {
    const docs = yamlDocs(s.code);
    const tiers = docs.filter((d) => d.kind === 'Tier').map((d) => dig(d, 'metadata', 'name'));
    for (const d of docs) {
      expect(d.apiVersion).toBe('projectcalico.org/v3');
      expect(['Tier', 'GlobalNetworkPolicy']).toContain(d.kind);
      if (d.kind === 'Tier') {
        expect(dig(d, 'spec', 'defaultAction')).toBe('Pass');
        continue;
      }
      const spec = d.spec as Obj;
      expect(tiers).toContain(spec.tier);
      expect(String(dig(d, 'metadata', 'name'))).toMatch(new RegExp(`^${spec.tier}\\.`));
      expect(spec.types).toEqual(expect.arrayContaining(['Ingress', 'Egress']));
      for (const rule of [...((spec.ingress as Obj[]) ?? []), ...((spec.egress as Obj[]) ?? [])]) {
        expect(['Allow', 'Deny', 'Log', 'Pass']).toContain(rule.action);
      }
    }
  },
  'falco-config': (s) => {
    const [doc] = yamlDocs(s.code);
    expect(doc).toMatchObject({ json_output: true, json_include_output_property: true, webserver: { prometheus_metrics_enabled: true } });
  },
  'helm-values': (s) => {
    const [doc] = yamlDocs(s.code);
    if (doc.falcosidekick) {
      expect(doc).toMatchObject({ falco: { json_output: true }, falcosidekick: { enabled: true, config: { loki: { format: 'json' } } } });
    } else {
      expect(doc).toMatchObject({ destinations: [{ type: 'loki' }], podLogs: { enabled: true }, nodeLogs: { enabled: true } });
      expect(checkAlloy(String(dig(doc, 'alloy-logs', 'extraConfig')))).toEqual([]);
    }
  },
  'promtail-config': (s) => {
    const [doc] = yamlDocs(s.code);
    expect((doc.clients as Obj[])[0].url).toMatch(/\/loki\/api\/v1\/push$/);
    const jobs = doc.scrape_configs as Obj[];
    expect(new Set(jobs.map((j) => j.job_name)).size).toBe(jobs.length);
    // The static labels are the ones the snippet says it produces.
    const staticJobs = jobs.flatMap((j) => ((j.static_configs as Obj[] | undefined) ?? []).map((c) => (c.labels as Obj).job));
    for (const labels of Object.values(s.produces ?? {})) {
      if (labels.job) {
        expect(staticJobs).toContain(labels.job);
      }
    }
  },
  'alloy-config': (s) => expect(checkAlloy(s.code)).toEqual([]),
  'prometheus-config': (s) => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-snippet-'));
    writeFileSync(join(dir, 'prometheus.yml'), s.code);
    // Exit status 0 is the verdict; a bad config makes execFileSync throw with promtool's message.
    const out = execFileSync(promtool(), ['check', 'config', join(dir, 'prometheus.yml')], { encoding: 'utf8' });
    expect(out).toContain('SUCCESS');
  },
  command: (s) => {
    if (s.syntax === 'shell') {
      execFileSync('bash', ['-n'], { input: s.code });
    } else if (s.syntax === 'corefile') {
      expect(balanced(s.code)).toBe(true);
      expect(s.code).toMatch(/^\s{4}log$/m);
    } else {
      expect(balanced(s.code)).toBe(true);
      expect(s.code).toMatch(/log prefix "[^"]+"/);
    }
  },
};

function balanced(code: string): boolean {
  let depth = 0;
  for (const c of code) {
    depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    if (depth < 0) {
      return false;
    }
  }
  return depth === 0;
}

describe('onboarding snippets', () => {
  it('have unique ids and the audit Policy is the recommended one', () => {
    expect(new Set(SNIPPETS.map((s) => s.id)).size).toBe(SNIPPETS.length);
    expect(SNIPPETS.find((s) => s.kind === 'audit-policy')!.code).toBe(templateById('vigil-recommended').yaml);
    for (const source of SOURCE_IDS) {
      expect(SOURCE_GUIDES[source].sections.length).toBeGreaterThan(0);
    }
  });

  it.each(SNIPPETS.map((s) => [s.id, s] as const))('%s is valid', (_id, s) => {
    CHECKS[s.kind](s);
  });

  it('the checks refuse broken snippets', () => {
    const policy = SNIPPETS.find((s) => s.kind === 'audit-policy')!;
    expect(() => CHECKS['audit-policy']({ ...policy, code: policy.code.replace('level: None', 'level: Nothing') })).toThrow();
    const prom = SNIPPETS.find((s) => s.kind === 'prometheus-config')!;
    expect(() => CHECKS['prometheus-config']({ ...prom, code: prom.code.replace('static_configs:', 'static_config:') })).toThrow(/static_config/);
    const alloy = SNIPPETS.find((s) => s.id === 'shipper-alloy')!;
    expect(() => CHECKS['alloy-config']({ ...alloy, code: alloy.code.replace('loki.write "default"', 'loki.write "main"') })).toThrow();
    const calico = SNIPPETS.find((s) => s.kind === 'calico-object')!;
    expect(() => CHECKS['calico-object']({ ...calico, code: calico.code.replace('action: Log', 'action: Logg') })).toThrow();
    expect(() => CHECKS.command({ ...policy, syntax: 'shell', code: 'if then fi (' })).toThrow();
  });
});

/** Streams with exactly the given labels per source, holding the simulator's lines of that source. */
function labelledProbe(labels: Partial<Record<SourceId, Record<string, string>>>): LogBackendProbe {
  const now = Date.now();
  const sim = simulate({ seed: 5, from: now - 3_600_000, to: now, profile: 'nearform' });
  const streams = Object.entries(labels).map(([source, stream]) => ({
    stream: stream!,
    lines: sim.events.filter((e) => e.source === source).map((e) => e.line),
  }));
  const selects = (q: StreamQuery, s: Record<string, string>) =>
    q.matchers.every((m) => (m.op === '=' ? s[m.label] === m.value : new RegExp(`^(?:${m.value})$`).test(s[m.label] ?? '')));
  return {
    kind: 'loki',
    labelNames: async () => [...new Set(streams.flatMap((s) => Object.keys(s.stream)))],
    labelValues: async (l) => [...new Set(streams.map((s) => s.stream[l]).filter(Boolean))],
    sampleLines: async (q, limit) =>
      streams
        .filter((s) => selects(q, s.stream))
        .flatMap((s) => s.lines.filter((l) => !q.contains || l.includes(q.contains)))
        .slice(0, limit),
  };
}

const SET_BY_TOOL: Record<string, string[]> = {
  'falco-helm-sidekick': ['rule', 'priority', 'source'],
  'shipper-k8s-monitoring': ['job', 'namespace', 'container'],
};

describe('shipper labels', () => {
  const shippers = SNIPPETS.filter((s) => s.produces);
  it.each(shippers.map((s) => [s.id, s] as const))('%s: stream detection confirms every source it labels', async (_id, s) => {
    const found = await detectStreams(labelledProbe(s.produces!));
    for (const [source, labels] of Object.entries(s.produces!)) {
      const d = found.find((x) => x.source === source)!;
      expect(d.proposal?.confirmed).toBe(true);
      // The proposed selector uses the shipper's own labels.
      for (const m of d.proposal!.query.matchers) {
        expect(labels![m.label]).toBeDefined();
      }
      // And the config really sets them: a literal value, or a label its relabel rules
      // derive from Kubernetes metadata; falcosidekick (rule, priority…) and the
      // k8s-monitoring chart (job, namespace, container) set theirs themselves.
      for (const [k, v] of Object.entries(labels!)) {
        const setBy = SET_BY_TOOL[s.id] ?? [];
        const derived = new RegExp(`target_label\\s*[=:]\\s*"?${k}"?`).test(s.code);
        expect(setBy.includes(k) || derived || s.code.includes(v)).toBe(true);
      }
    }
  });

  it('labels no shipper would set are not taken for a source', async () => {
    const found = await detectStreams(labelledProbe({ netfilter: { job: 'nginx' } }));
    expect(found.find((d) => d.source === 'netfilter')!.proposal).toBeUndefined();
  });
});

/** Fenced blocks of the Markdown files under docs/ and CONTRIBUTING.md. */
export function fencedBlocks(): Array<{ file: string; lang: string; code: string; line: number }> {
  const files = [...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f)), 'CONTRIBUTING.md'];
  const out: Array<{ file: string; lang: string; code: string; line: number }> = [];
  for (const file of files) {
    const lines = readFileSync(join(REPO, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(\w*)\s*$/.exec(lines[i]);
      if (!open) {
        continue;
      }
      const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      out.push({ file, lang: open[1], code: lines.slice(i + 1, end).join('\n') + '\n', line: i + 1 });
      i = end;
    }
  }
  return out;
}

/** A rule in the docs loads, plans, and matches its own positive tests and none of its negatives. */
function checkRuleExample(text: string): void {
  const loaded = loadRule(text);
  expect(loaded.ok ? [] : loaded.errors).toEqual([]);
  const rule = (loaded as { rule: Rule }).rule;
  const plan = planRule(rule);
  const lines = ruleTestLines(rule, Date.UTC(2026, 0, 1));
  const hit = (line: string) => {
    const r = SOURCES[rule.logsource.service].parse(line);
    return r.ok && matchEvent(plan, r.event);
  };
  expect(lines.positive.length).toBeGreaterThan(0);
  expect(lines.positive.map(hit)).toEqual(lines.positive.map(() => true));
  expect(lines.negative.map(hit)).toEqual(lines.negative.map(() => false));
}

describe('docs code blocks', () => {
  const blocks = fencedBlocks().filter((b) => ['yaml', 'alloy'].includes(b.lang));
  it('there are blocks to check', () => expect(blocks.length).toBeGreaterThan(10));
  it.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))('%s parses', (_at, b) => {
    if (b.lang === 'alloy') {
      expect(checkAlloy(b.code)).toEqual([]);
      return;
    }
    for (const doc of yamlDocs(b.code)) {
      if (doc && doc.logsource) {
        checkRuleExample(b.code);
      }
      if (doc && doc.kind === 'Policy') {
        const r = parsePolicy(b.code);
        expect(r.ok ? [] : r.errors).toEqual([]);
      }
    }
  });
});
