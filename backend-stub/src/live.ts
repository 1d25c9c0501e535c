/**
 * Live mode: generates ahead in chunks (baseline plus the selected scenarios in every
 * chunk) and releases each line when the wall clock reaches its timestamp.
 */
import type { Cluster } from './cluster';
import type { LiveReport } from './liveStatus';
import { FalcoCounters } from './output/metrics';
import { writeFiles } from './output/files';
import { pushToLoki, PushOptions } from './output/push';
import { generateEvents, toStreams } from './simulate';
import type { ProfileId, SimEvent, SimOptions } from './types';

export interface LiveOptions extends Omit<SimOptions, 'from' | 'to'> {
  /** Generation chunk; scenarios repeat once per chunk. */
  chunkMs?: number;
  /** How often lines are released. */
  tickMs?: number;
  push?: { url: string } & PushOptions;
  /** Append released lines to the files a shipper tails (see output/files.ts). */
  outDir?: string;
  counters?: FalcoCounters;
  signal?: AbortSignal;
  /** Told the lines sent each tick (pushed; else written to outDir; else generated) and failed pushes. */
  report?: LiveReport;
  now?: () => number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    // Remove the abort listener once the timer fires, or a long live run piles them up.
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Runs until the signal aborts. Push failures are reported and retried with the next tick. */
export async function runLive(o: LiveOptions): Promise<void> {
  const now = o.now ?? Date.now;
  const chunkMs = o.chunkMs ?? 15 * 60_000;
  const tickMs = o.tickMs ?? 5_000;
  const profile: ProfileId = o.profile ?? 'nearform';
  let chunkStart = now();
  let pending: SimEvent[] = [];
  let unsent: SimEvent[] = [];
  let chunkIndex = 0;
  // One cluster for the whole run, so pods and IPs stay the same across chunks.
  let cluster: Cluster | undefined;
  while (!o.signal?.aborted) {
    if (pending.length === 0) {
      const gen = generateEvents({ ...o, seed: (o.seed ?? 1) + chunkIndex, from: chunkStart, to: chunkStart + chunkMs }, cluster);
      if (gen instanceof Error) {
        throw gen;
      }
      cluster = gen.cluster;
      pending = gen.events;
      chunkStart += chunkMs;
      chunkIndex++;
    }
    const cutoffUs = now() * 1000;
    let n = 0;
    while (n < pending.length && pending[n].at.us <= cutoffUs) {
      n++;
    }
    const due = pending.slice(0, n);
    pending = pending.slice(n);
    o.counters?.add(due);
    if (o.outDir && due.length > 0) {
      await writeFiles(o.outDir, due, undefined, { append: true });
    }
    unsent.push(...due);
    if (o.push && unsent.length > 0 && cluster) {
      try {
        const report = await pushToLoki(o.push.url, toStreams(unsent, profile, cluster).streams, o.push);
        o.report?.sent(report.lines);
        unsent = [];
      } catch (err) {
        o.report?.failed((err as Error).message);
      }
    } else if (!o.push) {
      if (unsent.length > 0) {
        o.report?.sent(unsent.length);
      }
      unsent = [];
    }
    await sleep(tickMs, o.signal);
  }
}
