/**
 * Joins CRI partial lines: the runtime splits a long container line into frames tagged `P`
 * followed by one tagged `F`. Per-line parsers cannot see the split, so readers of raw
 * container-log files (the CLI) run lines through this first.
 */
import { MAX_LINE_LENGTH } from './guard';
import { unframeCri } from './container';

/** Feeds raw lines in order; hands back complete lines (joined when they were split). */
export class CriReassembler {
  private head: string | undefined;
  private parts: string[] = [];
  private length = 0;

  /** Returns the lines completed by this one: none while a partial line is pending. */
  push(line: string): string[] {
    const frame = unframeCri(line);
    if (!frame) {
      // A non-CRI line ends any dangling partial: emit both rather than lose either.
      return [...this.end(), line];
    }
    if (this.head === undefined) {
      this.head = line.slice(0, line.length - frame.body.length);
    }
    // Past the limit the joined line will be rejected as too long; stop growing it.
    if (this.length <= MAX_LINE_LENGTH) {
      this.parts.push(frame.body);
      this.length += frame.body.length;
    }
    return frame.partial ? [] : this.end();
  }

  /** Flushes a partial line left at the end of input. */
  end(): string[] {
    if (this.head === undefined) {
      return [];
    }
    // The first frame's header (time, stream) with its tag rewritten to F.
    const joined = this.head.replace(/ P( |$)/, ' F$1') + this.parts.join('');
    this.head = undefined;
    this.parts = [];
    this.length = 0;
    return [joined];
  }
}
