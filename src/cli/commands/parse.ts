/**
 * `vigil parse`: parses a log file (or stdin) with one source's parser, or detects the
 * source per line, printing one JSON event per line on stdout and a summary on stderr.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { CriReassembler, SOURCES, parseAuto } from '../../sources';
import { type LineParser, SOURCE_IDS, type SourceId } from '../../sources/types';
import { UsageError, parseArgs } from '../args';
import type { CliIO, Command } from './types';

const USAGE = `usage: vigil parse --source audit|coredns|netfilter|falco|auto --input FILE|- [options]

Prints one JSON event per line on stdout and {"lines":N,"parsed":N,"malformed":N} on stderr.
Lines may be bare or framed (CRI, docker json-file, syslog, journald JSON); CRI partial
lines are joined first, and \`lines\` counts the joined lines.

options:
  --source S         parser to use; auto detects the source of each line
  --input FILE       file to read, or - for stdin
  --entry-time T     time (RFC 3339 or epoch ms) for lines that carry none
  --with-object      include the original JSON object of audit/Falco events
  --show-errors      print each malformed line's error as JSON on stderr
`;

/** Counts reported on stderr when the input ends. */
export interface ParseSummary {
  lines: number;
  parsed: number;
  malformed: number;
}

function pickParser(source: string | undefined): LineParser {
  if (source === 'auto') {
    return parseAuto;
  }
  if (source && (SOURCE_IDS as readonly string[]).includes(source)) {
    return SOURCES[source as SourceId].parse;
  }
  throw new UsageError(`--source must be one of ${[...SOURCE_IDS, 'auto'].join(', ')}`);
}

function entryTime(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) {
    throw new UsageError(`--entry-time "${text}" is neither RFC 3339 nor epoch milliseconds`);
  }
  return ms;
}

/** Writes through a buffer and waits for drain, so a large file never piles up in memory. */
async function write(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) {
    await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
}

export const parseCommand: Command = {
  name: 'parse',
  summary: 'parse audit/CoreDNS/netfilter/Falco lines into JSON events',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, ['source', 'input', 'entry-time']);
    const parse = pickParser(args.options.source);
    const input = args.options.input ?? args.positionals[0];
    if (!input) {
      throw new UsageError('--input FILE (or - for stdin) is required');
    }
    const opts = { entryTimeMs: entryTime(args.options['entry-time']) };
    const withObject = args.flags.has('with-object');
    const showErrors = args.flags.has('show-errors');
    const stream: NodeJS.ReadableStream = input === '-' ? io.stdin : fs.createReadStream(input, { encoding: 'utf8' });
    const opened = new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      if (input === '-') {
        resolve();
      } else {
        stream.once('open', () => resolve());
      }
    });
    await opened;
    const summary: ParseSummary = { lines: 0, parsed: 0, malformed: 0 };
    const joiner = new CriReassembler();
    let batch = '';
    const handle = async (line: string) => {
      summary.lines++;
      const res = parse(line, opts);
      if (res.ok) {
        summary.parsed++;
        const event = withObject ? res.event : { ...res.event, object: undefined };
        batch += JSON.stringify(event) + '\n';
      } else {
        summary.malformed++;
        if (showErrors) {
          io.stderr.write(JSON.stringify({ line: summary.lines, ...res.error }) + '\n');
        }
      }
      if (batch.length > 64 * 1024) {
        await write(io.stdout, batch);
        batch = '';
      }
    };
    const reader = readline.createInterface({ input: stream, crlfDelay: Infinity });
    for await (const raw of reader) {
      for (const line of joiner.push(raw)) {
        await handle(line);
      }
    }
    for (const line of joiner.end()) {
      await handle(line);
    }
    await write(io.stdout, batch);
    io.stderr.write(JSON.stringify(summary) + '\n');
    return 0;
  },
};
