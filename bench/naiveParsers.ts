/**
 * The naive alternatives the parser benchmark compares against: what one writes first.
 * JSON sources: JSON.parse then flatten every key recursively. Text sources: one big regex.
 */
import type { SourceId } from '../src/sources/types';

function flattenAll(value: unknown, prefix: string, out: Record<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      flattenAll(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else {
    out[prefix] = value;
  }
}

function jsonFlatten(line: string): Record<string, unknown> | undefined {
  try {
    const out: Record<string, unknown> = {};
    flattenAll(JSON.parse(line), '', out);
    return out;
  } catch {
    return undefined;
  }
}

const COREDNS_RE =
  /^\[(?<level>\w+)\] \[?(?<ip>[^\]\s]+?)\]?:(?<port>\d+) - (?<id>\d+) "(?<type>\S+) (?<cls>\S+) (?<name>\S+) (?<proto>\S+) (?<size>\d+) (?<do>\S+) (?<buf>\d+)" (?<rcode>\S+) (?<flags>\S*) (?<rsize>\d+) (?<dur>[\d.]+)s(?: "(?<op>\w+)")?$/;

const KV_RE = /([A-Z]+)=(\S*)/g;

export const NAIVE: Record<SourceId, { name: string; parse: (line: string) => unknown }> = {
  audit: { name: 'JSON.parse + flatten all', parse: jsonFlatten },
  falco: { name: 'JSON.parse + flatten all', parse: jsonFlatten },
  coredns: { name: 'one named-group regex', parse: (line) => COREDNS_RE.exec(line)?.groups },
  netfilter: {
    name: 'global KEY=value regex',
    parse: (line) => {
      const out: Record<string, string> = {};
      for (const m of line.matchAll(KV_RE)) {
        out[m[1]] = m[2]; // later keys overwrite: UDP LEN and ICMP quoted packets come out wrong
      }
      return out.SRC ? out : undefined;
    },
  },
};
