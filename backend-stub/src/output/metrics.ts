/**
 * Falco counters in Prometheus text format, consistent with the generated Falco events:
 * - `falco_events` — falcosidekick before 2.30 (priority by name);
 * - `falcosecurity_falcosidekick_falco_events_total` — falcosidekick ≥ 2.30 (priority as
 *   its number, Debug = 1 … Emergency = 8, plus `priority_raw`);
 * - `falcosecurity_falco_rules_matches_total` — Falco ≥ 0.39 itself (priority as Falco's
 *   number, Emergency = 0 … Debug = 7, one `tag_<tag>="true"` label per tag).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FALCO_PRIORITIES, FalcoMeta, SimEvent } from '../types';

export type MetricFamily = 'falco_events' | 'falcosecurity_falcosidekick_falco_events_total' | 'falcosecurity_falco_rules_matches_total';
export const METRIC_FAMILIES: readonly MetricFamily[] = ['falco_events', 'falcosecurity_falcosidekick_falco_events_total', 'falcosecurity_falco_rules_matches_total'];

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Array<[string, string]>): string {
  return `{${labels.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}

/** Falco's own numbering: Emergency = 0 … Debug = 7. */
export function falcoPriorityNumber(p: FalcoMeta['priority']): number {
  return FALCO_PRIORITIES.indexOf(p);
}

/** falcosidekick's numbering: Debug = 1 … Emergency = 8. */
export function sidekickPriorityNumber(p: FalcoMeta['priority']): number {
  return 8 - FALCO_PRIORITIES.indexOf(p);
}

function seriesFor(family: MetricFamily, f: FalcoMeta): string {
  const k8s: Array<[string, string]> = [['k8s_ns_name', f.namespace ?? ''], ['k8s_pod_name', f.pod ?? '']];
  if (family === 'falco_events') {
    return labelText([['hostname', f.hostname], ['rule', f.rule], ['priority', f.priority], ['source', f.source], ...k8s]);
  }
  if (family === 'falcosecurity_falcosidekick_falco_events_total') {
    return labelText([['hostname', f.hostname], ['rule', f.rule], ['priority', String(sidekickPriorityNumber(f.priority))], ['priority_raw', f.priority.toLowerCase()], ['source', f.source], ...k8s]);
  }
  const tags = [...f.tags].sort().map((t): [string, string] => [`tag_${t.replace(/[^a-zA-Z0-9_]/g, '_')}`, 'true']);
  return labelText([['priority', String(falcoPriorityNumber(f.priority))], ['rule_name', f.rule], ['source', f.source], ...tags]);
}

/** Counters per family and series, fed with Falco events as they are generated or released. */
export class FalcoCounters {
  private readonly counts = new Map<MetricFamily, Map<string, number>>();

  constructor(private readonly families: readonly MetricFamily[] = METRIC_FAMILIES) {
    for (const f of families) {
      this.counts.set(f, new Map());
    }
  }

  add(events: Iterable<SimEvent>): void {
    for (const ev of events) {
      if (!ev.falco) {
        continue;
      }
      for (const family of this.families) {
        const m = this.counts.get(family)!;
        const key = seriesFor(family, ev.falco);
        m.set(key, (m.get(key) ?? 0) + 1);
      }
    }
  }

  /** The Prometheus text exposition (format 0.0.4). */
  render(): string {
    const out: string[] = [];
    for (const family of this.families) {
      out.push(`# HELP ${family} Falco events by rule and priority (simulated).`, `# TYPE ${family} counter`);
      for (const [series, value] of [...this.counts.get(family)!].sort()) {
        out.push(`${family}${series} ${value}`);
      }
    }
    return out.join('\n') + '\n';
  }
}

export interface MetricsServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Serves `/metrics` on loopback (port 0 picks a free one). */
export function startMetricsServer(port: number, counters: FalcoCounters, host = '127.0.0.1'): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(counters.render());
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot serve metrics on ${host}:${port}: ${err.message}`)));
    server.listen(port, host, () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${actual}/metrics`,
        port: actual,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
