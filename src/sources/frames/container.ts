/**
 * Container-log frames a node writes around each line a container prints: the CRI format
 * (`<RFC3339Nano> stdout F <line>`) and Docker's json-file (`{"log":"<line>\n",...}`).
 * Shippers usually strip them; files and the CLI see them, and their time is the only time
 * a CoreDNS line has.
 */
import { chomp } from './guard';
import { Instant, parseRfc3339 } from './time';

/** A line with its frame removed. */
export interface Unframed {
  body: string;
  framed?: 'cri' | 'docker-json' | 'syslog' | 'journald';
  time?: Instant;
  /** Host that wrote the line (syslog/journald frames). */
  host?: string;
  /** Syslog tag / journald identifier (`kernel`). */
  tag?: string;
  /** CRI `P` tag: the line continues in the next frame. */
  partial?: boolean;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Strips a CRI frame; undefined when the line is not CRI-framed. */
export function unframeCri(line: string): Unframed | undefined {
  // Cheap shape check before any slicing: `2026-...T` at the start.
  if (line.length < 24 || !isDigit(line.charCodeAt(0)) || line.charCodeAt(4) !== 45 || line.charCodeAt(10) !== 84) {
    return undefined;
  }
  const sp1 = line.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp2 < 0) {
    return undefined;
  }
  const stream = line.slice(sp1 + 1, sp2);
  if (stream !== 'stdout' && stream !== 'stderr') {
    return undefined;
  }
  let sp3 = line.indexOf(' ', sp2 + 1);
  if (sp3 < 0) {
    sp3 = line.length; // an empty log line has no trailing space
  }
  const tags = line.slice(sp2 + 1, sp3);
  if (!/^[FP](?::[A-Z])*$/.test(tags)) {
    return undefined;
  }
  const time = parseRfc3339(line.slice(0, sp1));
  if (!time) {
    return undefined;
  }
  return { body: line.slice(sp3 + 1), framed: 'cri', time, partial: tags[0] === 'P' };
}

/** Strips a Docker json-file frame; undefined when the line is not one. */
export function unframeDockerJson(line: string): Unframed | undefined {
  if (!line.startsWith('{"log":')) {
    return undefined;
  }
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return undefined;
  }
  const rec = obj as { log?: unknown; time?: unknown };
  if (typeof rec.log !== 'string') {
    return undefined;
  }
  const time = typeof rec.time === 'string' ? parseRfc3339(rec.time) : undefined;
  return { body: chomp(rec.log), framed: 'docker-json', time };
}

/** Strips either container frame; undefined when the line has neither. */
export function unframeContainer(line: string): Unframed | undefined {
  return unframeCri(line) ?? unframeDockerJson(line);
}
