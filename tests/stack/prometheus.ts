// A real Prometheus (Debian's package, 2.42) on a free loopback port, scraping the given targets.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { launch, ManagedServer, requireBinary, versionsVar } from './process';

export interface PrometheusOptions {
  /** `host:port` or a full URL (`http://127.0.0.1:9100/custom/metrics`). */
  scrapeTargets?: string[];
  scrapeIntervalSeconds?: number;
  extraArgs?: string[];
}

export async function startPrometheus(opts: PrometheusOptions = {}): Promise<ManagedServer> {
  const binary = requireBinary(process.env.PROMETHEUS_BIN || versionsVar('PROMETHEUS_BIN'), 'Prometheus');
  const configPath = (dataDir: string) => join(dataDir, 'prometheus.yml');
  return launch({
    name: 'prometheus',
    binary,
    readyPath: '/-/ready',
    prepare: (dataDir) => writeFileSync(configPath(dataDir), prometheusConfig(opts)),
    args: (port, dataDir) => [
      `--config.file=${configPath(dataDir)}`,
      `--storage.tsdb.path=${join(dataDir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(opts.extraArgs ?? []),
    ],
  });
}

/** One scrape job per target, so each keeps its own scheme and metrics path. */
export function prometheusConfig(opts: PrometheusOptions): string {
  const interval = `${opts.scrapeIntervalSeconds ?? 1}s`;
  const jobs = (opts.scrapeTargets ?? []).map((target, i) => {
    const url = new URL(target.includes('://') ? target : `http://${target}`);
    return {
      job_name: `target-${i}`,
      scheme: url.protocol.replace(':', ''),
      metrics_path: url.pathname === '/' ? '/metrics' : url.pathname,
      static_configs: [{ targets: [url.host] }],
    };
  });
  return stringify({
    global: { scrape_interval: interval, evaluation_interval: interval },
    scrape_configs: jobs,
  });
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Runs an instant PromQL query and returns its vector; errors carry Prometheus' own message. */
export async function queryPromQL(baseUrl: string, query: string): Promise<PromSample[]> {
  const res = await fetch(`${baseUrl}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query }) });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: PromSample[] };
  };
  if (body.status !== 'success' || !body.data) {
    throw new Error(`PromQL query ${JSON.stringify(query)} failed: HTTP ${res.status}: ${body.error ?? 'no data'}`);
  }
  if (body.data.resultType !== 'vector') {
    throw new Error(`PromQL query ${JSON.stringify(query)} returned a ${body.data.resultType}, not a vector`);
  }
  return body.data.result;
}
