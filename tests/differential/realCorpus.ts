// The real-world corpus: log lines gathered from public projects (provenance and licences
// in its PROVENANCE.md). It lives beside the repository, never inside it; tests read it from
// ../shared/corpus (or VIGIL_CORPUS_DIR) and fail when it is absent.
import fs from 'node:fs';
import path from 'node:path';
import { CriReassembler, SOURCES, splitEventList } from '../../src/sources';
import type { ParseResult, SourceId } from '../../src/sources/types';
import type { CorpusEntry } from './corpus';

export const CORPUS_DIR = process.env.VIGIL_CORPUS_DIR ?? path.resolve(__dirname, '../../../shared/corpus');

/** Stream labels of corpus lines: the nearform shipper profile's, as the default selectors expect. */
const LABELS: Record<SourceId, Record<string, string>> = {
  audit: { job: 'auditlog', host: 'corpus' },
  coredns: { namespace: 'kube-system', container: 'coredns', pod: 'coredns-corpus' },
  netfilter: { job: 'kernellog', host: 'corpus' },
  falco: { job: 'falco', host: 'corpus' },
};

/** One logical line of a corpus file and its parse. */
export interface CorpusLine {
  source: SourceId;
  file: string;
  /** 1-based physical line where the logical line ends. */
  lineNo: number;
  raw: string;
  result: ParseResult;
}

/** Every logical line of the corpus: CRI partial lines joined, EventList batches split (as `vigil parse` reads files). */
export function readCorpus(): CorpusLine[] {
  if (!fs.existsSync(CORPUS_DIR)) {
    throw new Error(`the real-world corpus is missing: expected it at ${CORPUS_DIR} (set VIGIL_CORPUS_DIR)`);
  }
  const out: CorpusLine[] = [];
  for (const source of Object.keys(LABELS) as SourceId[]) {
    const dir = path.join(CORPUS_DIR, source);
    for (const file of fs.readdirSync(dir).sort()) {
      const joiner = new CriReassembler();
      const physical = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
      if (physical[physical.length - 1] === '') {
        physical.pop();
      }
      const push = (raw: string, lineNo: number) => {
        const items = source === 'audit' ? splitEventList(raw) : undefined;
        for (const item of items ?? [raw]) {
          out.push({ source, file: `${source}/${file}`, lineNo, raw: item, result: SOURCES[source].parse(item) });
        }
      };
      physical.forEach((p, i) => {
        for (const line of joiner.push(p)) {
          push(line, i + 1);
        }
      });
      for (const line of joiner.end()) {
        push(line, physical.length);
      }
    }
  }
  return out;
}

const NS_PER_MS = BigInt(1000000);

/**
 * The corpus as a backend holds it after a shipper's usual stages: frames and wrappers
 * (CRI, docker json-file, syslog, journald, AKS, CloudWatch) stripped, rejected lines kept
 * as they are. One line a second from `fromMs`; events take their entry time, as the
 * backends count windows on it.
 */
export function corpusEntries(lines: CorpusLine[], fromMs: number): CorpusEntry[] {
  return lines.map((l, i) => {
    const ts = BigInt(fromMs + i * 1000) * NS_PER_MS + BigInt(123457);
    const entry: CorpusEntry = { labels: LABELS[l.source], ts, line: l.raw, source: l.source };
    if (l.result.ok) {
      entry.line = l.result.event.line;
      entry.event = {
        ...l.result.event,
        timeMs: Number(ts / NS_PER_MS),
        timeNs: String(ts % NS_PER_MS).padStart(6, '0'),
      };
    }
    return entry;
  });
}
