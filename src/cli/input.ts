/** Input handling shared by the commands that read log lines: parser choice, entry time, lines. */
import fs from 'node:fs';
import readline from 'node:readline';
import { CriReassembler, SOURCES, parseAuto } from '../sources';
import { type LineParser, SOURCE_IDS, type SourceId } from '../sources/types';
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

/**
 * The lines of a file (or stdin for `-`), streamed, with CRI partial lines joined. Opening
 * errors (missing file, permissions) reject before the first line.
 */
export async function* readLines(input: string, io: CliIO): AsyncGenerator<string> {
  const stream: NodeJS.ReadableStream = input === '-' ? io.stdin : fs.createReadStream(input, { encoding: 'utf8' });
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    if (input === '-') {
      resolve();
    } else {
      stream.once('open', () => resolve());
    }
  });
  const joiner = new CriReassembler();
  for await (const raw of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
    yield* joiner.push(raw);
  }
  yield* joiner.end();
}
