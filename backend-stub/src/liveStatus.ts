/**
 * The live mode's status: one line instead of a line per push. On a terminal it is redrawn in
 * place (carriage return, clear line) after every push; in a log (stdout not a terminal) a
 * summary is printed at most once per interval, a minute by default.
 */

/** What runLive reports: lines sent each tick, or a push that failed (retried next tick). */
export interface LiveReport {
  sent(lines: number): void;
  failed(message: string): void;
}

/** `tty`: one line redrawn in place; `log`: a summary line at most every `intervalMs`. */
export type StatusMode = 'tty' | 'log';

/** What becomes of released lines: pushed to a store, appended to files, or only counted. */
export type LiveVerb = 'pushed' | 'written' | 'generated';

export interface LiveCounts {
  lines: number;
  /** When lines were last sent (ms since the epoch). */
  lastAt?: number;
  errors: number;
  lastError?: string;
}

export interface LiveStatusOptions {
  mode: StatusMode;
  verb: LiveVerb;
  write: (text: string) => void;
  now?: () => number;
  /** The terminal's width: a tty line is cut to fit, as a wrapped line cannot be redrawn. */
  columns?: () => number | undefined;
  /** Log mode: the least time between two summaries. Default one minute. */
  intervalMs?: number;
}

const CLEAR_LINE = '\r\x1b[2K';
const NOUN: Record<LiveVerb, string> = { pushed: 'push', written: 'write', generated: 'lines' };

/** HH:MM:SS in local time. */
function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/** The status line, e.g. `vigil-sim live: 12,345 lines pushed, last push 10:42:05, no errors`. */
export function formatLiveStatus(c: LiveCounts, verb: LiveVerb): string {
  const last = c.lastAt === undefined ? 'none yet' : clock(c.lastAt);
  const errors =
    c.errors === 0
      ? 'no errors'
      : `${c.errors.toLocaleString('en-US')} ${c.errors === 1 ? 'error' : 'errors'} (last: ${c.lastError}; retrying)`;
  return `vigil-sim live: ${c.lines.toLocaleString('en-US')} lines ${verb}, last ${NOUN[verb]} ${last}, ${errors}`;
}

export class LiveStatus implements LiveReport {
  readonly counts: LiveCounts = { lines: 0, errors: 0 };
  private readonly now: () => number;
  private readonly intervalMs: number;
  /** Log mode: when the last summary was printed. */
  private printedAt?: number;
  /** Something happened since the last summary (log) or a line is on screen (tty). */
  private pending = false;
  private shown = false;

  constructor(private readonly o: LiveStatusOptions) {
    this.now = o.now ?? Date.now;
    this.intervalMs = o.intervalMs ?? 60_000;
  }

  sent(lines: number): void {
    this.counts.lines += lines;
    this.counts.lastAt = this.now();
    this.update();
  }

  failed(message: string): void {
    this.counts.errors++;
    this.counts.lastError = message.replace(/\s+/g, ' ').trim();
    this.update();
  }

  /** Ends the status: the tty line stays on screen with a newline; a log gets its last summary. */
  finish(): void {
    if (this.o.mode === 'tty') {
      if (this.shown) {
        this.o.write(`${CLEAR_LINE}${this.fit(formatLiveStatus(this.counts, this.o.verb))}\n`);
        this.shown = false;
      }
    } else if (this.pending) {
      this.print();
    }
  }

  private update(): void {
    if (this.o.mode === 'tty') {
      this.o.write(CLEAR_LINE + this.fit(formatLiveStatus(this.counts, this.o.verb)));
      this.shown = true;
      return;
    }
    this.pending = true;
    if (this.printedAt === undefined || this.now() - this.printedAt >= this.intervalMs) {
      this.print();
    }
  }

  private print(): void {
    this.o.write(`${formatLiveStatus(this.counts, this.o.verb)}\n`);
    this.printedAt = this.now();
    this.pending = false;
  }

  /** Cut to the terminal's width less one column, so the line never wraps. */
  private fit(line: string): string {
    const cols = this.o.columns?.();
    return cols && cols > 1 && line.length > cols - 1 ? `${line.slice(0, cols - 2)}…` : line;
  }
}
