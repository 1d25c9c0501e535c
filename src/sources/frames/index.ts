/** Framing shared by the source parsers: guards, timestamps, container and host frames. */
import type { ParseOptions, ParsedEvent } from '../types';
import type { Unframed } from './container';

export { MAX_LINE_LENGTH, guardLine, binaryError, fail, parseError, chomp } from './guard';
export { parseRfc3339, parseSyslogStamp } from './time';
export type { Instant } from './time';
export { unframeCri, unframeDockerJson, unframeContainer } from './container';
export type { Unframed } from './container';
export { unframeSyslog, unframeJournald } from './syslog';
export { CriReassembler } from './reassemble';

/** The time fields of an event whose line carries no time of its own. */
export function frameTime(
  frame: Unframed | undefined,
  opts: ParseOptions | undefined
): Pick<ParsedEvent, 'timeMs' | 'timeNs' | 'timeFrom'> {
  if (frame?.time) {
    return frame.time.ns === undefined
      ? { timeMs: frame.time.ms, timeFrom: 'frame' }
      : { timeMs: frame.time.ms, timeNs: frame.time.ns, timeFrom: 'frame' };
  }
  if (opts?.entryTimeMs !== undefined) {
    return { timeMs: opts.entryTimeMs, timeFrom: 'entry' };
  }
  return { timeMs: 0, timeFrom: 'none' };
}

/** Sets the time fields of `event` the way frameTime computes them, without a temporary object. */
export function setFrameTime(event: ParsedEvent, frame: Unframed | undefined, opts: ParseOptions | undefined): void {
  if (frame?.time) {
    event.timeMs = frame.time.ms;
    if (frame.time.ns !== undefined) {
      event.timeNs = frame.time.ns;
    }
    event.timeFrom = 'frame';
  } else if (opts?.entryTimeMs !== undefined) {
    event.timeMs = opts.entryTimeMs;
    event.timeFrom = 'entry';
  } else {
    event.timeMs = 0;
    event.timeFrom = 'none';
  }
}
