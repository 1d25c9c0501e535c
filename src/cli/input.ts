/** Input handling shared by the commands that read log lines: parser choice, entry time, lines. */
import fs from 'node:fs';
import readline from 'node:readline';
import { CriReassembler, SOURCES, parseAuto, splitEventList } from '../sources';
import {
  type LineParser,
  type ParseErrorKind,
  type ParseOptions,
  type ParseResult,
  SOURCE_IDS,
  type SourceId,
} from '../sources/types';
import { UsageError } from './args';
import type { CliIO } from './commands/types';

/** The parser for `--source`: one source's, or `auto` to detect each line's source. */
export function pickParser(source: string | undefined): LineParser {
  if (source === 'auto') {
    return parseAuto;
  }
  if (source && (SOURCE_IDS as readonly string[]).includes(source)) {
    return SOURCES[source as SourceId].parse;
  }
  throw new UsageError(`--source must be one of ${[...SOURCE_IDS, 'auto'].join(', ')}`);
}

/** `--entry-time`: RFC 3339 or epoch milliseconds, for lines that carry no time of their own. */
export function entryTime(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) {
    throw new UsageError(`--entry-time "${text}" is neither RFC 3339 nor epoch milliseconds`);
  }
  return ms;
}

/** The physical lines of a file (or stdin for `-`), streamed. Opening errors reject before the first line. */
async function* readRaw(input: string, io: CliIO): AsyncGenerator<string> {
  const stream: NodeJS.ReadableStream = input === '-' ? io.stdin : fs.createReadStream(input, { encoding: 'utf8' });
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    if (input === '-') {
      resolve();
    } else {
      stream.once('open', () => resolve());
    }
  });
  yield* readline.createInterface({ input: stream, crlfDelay: Infinity });
}

/** One logical input line and what its parser made of it; `line` is its 1-based physical line. */
export interface ParsedLine {
  line: number;
  result: ParseResult;
}

/**
 * Parses every line of the input. A webhook EventList batch (audit) becomes one event per
 * item, all numbered with the batch's line; CRI partial lines are numbered by their last part.
 */
export async function* readParsed(
  input: string,
  source: string | undefined,
  io: CliIO,
  opts: ParseOptions
): AsyncGenerator<ParsedLine> {
  const parse = pickParser(source);
  const batches = source === 'audit' || source === 'auto';
  let physical = 0;
  const joiner = new CriReassembler();
  const lines = (async function* () {
    for await (const raw of readRaw(input, io)) {
      physical++;
      yield* joiner.push(raw);
    }
    yield* joiner.end();
  })();
  for await (const text of lines) {
    const items = batches && text.charCodeAt(0) === 123 ? splitEventList(text) : undefined;
    for (const item of items ?? [text]) {
      yield { line: physical, result: parse(item, opts) };
    }
  }
}

/** Counts of a run: lines read, events parsed, and rejected lines by reason. */
export interface ParseSummary {
  lines: number;
  parsed: number;
  malformed: number;
  rejected: Partial<Record<ParseErrorKind, number>>;
}

export function newSummary(): ParseSummary {
  return { lines: 0, parsed: 0, malformed: 0, rejected: {} };
}

/** Adds one parsed line to the summary. */
export function count(summary: ParseSummary, p: ParsedLine): void {
  summary.lines++;
  if (p.result.ok) {
    summary.parsed++;
  } else {
    summary.malformed++;
    summary.rejected[p.result.error.kind] = (summary.rejected[p.result.error.kind] ?? 0) + 1;
  }
}
