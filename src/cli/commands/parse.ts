/**
 * `vigil parse`: parses a log file (or stdin) with one source's parser, or detects the
 * source per line, printing one JSON event per line on stdout and a summary on stderr.
 */
import { UsageError, parseArgs } from '../args';
import { entryTime, pickParser, readLines } from '../input';
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
    const summary: ParseSummary = { lines: 0, parsed: 0, malformed: 0 };
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
    for await (const line of readLines(input, io)) {
      await handle(line);
    }
    await write(io.stdout, batch);
    io.stderr.write(JSON.stringify(summary) + '\n');
    return 0;
  },
};
