/**
 * Writes the run as the files a shipper tails on a node: audit.log, kern.log, CoreDNS
 * container logs (CRI-framed), falco.json, plus manifest.json.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { criFrame } from '../formats/coredns';
import { hashSeed } from '../prng';
import type { Manifest, SimEvent } from '../types';

export interface WrittenFiles {
  audit: string;
  kern: string;
  coredns: string[];
  falco: string;
  manifest?: string;
}

/** A kubelet-style container log name: `<pod>_<namespace>_<container>-<64 hex id>.log`. */
function containerLogName(pod: string, namespace: string, container: string): string {
  let id = '';
  for (let i = 0; id.length < 64; i++) {
    id += hashSeed(i, pod).toString(16).padStart(8, '0');
  }
  return `${pod}_${namespace}_${container}-${id.slice(0, 64)}.log`;
}

/** With `append`, lines are added to existing files (live mode) instead of replacing them. */
export async function writeFiles(dir: string, events: SimEvent[], manifest?: Manifest, opts: { append?: boolean } = {}): Promise<WrittenFiles> {
  await fs.mkdir(path.join(dir, 'containers'), { recursive: true });
  const audit: string[] = [];
  const kern: string[] = [];
  const falco: string[] = [];
  const coredns = new Map<string, string[]>();
  for (const ev of events) {
    if (ev.source === 'audit') {
      audit.push(ev.line);
    } else if (ev.source === 'netfilter') {
      kern.push(ev.line);
    } else if (ev.source === 'falco') {
      falco.push(ev.line);
    } else {
      const file = path.join(dir, 'containers', containerLogName(ev.pod?.name ?? 'coredns', 'kube-system', 'coredns'));
      const list = coredns.get(file) ?? [];
      list.push(criFrame(ev.at, ev.line));
      coredns.set(file, list);
    }
  }
  const write = (file: string, lines: string[]) =>
    (opts.append ? fs.appendFile : fs.writeFile)(file, lines.length > 0 ? lines.join('\n') + '\n' : '');
  const out: WrittenFiles = { audit: path.join(dir, 'audit.log'), kern: path.join(dir, 'kern.log'), coredns: [...coredns.keys()], falco: path.join(dir, 'falco.json') };
  await Promise.all([write(out.audit, audit), write(out.kern, kern), write(out.falco, falco), ...[...coredns].map(([f, l]) => write(f, l))]);
  if (manifest) {
    out.manifest = path.join(dir, 'manifest.json');
    await fs.writeFile(out.manifest, JSON.stringify(manifest, null, 2) + '\n');
  }
  return out;
}
