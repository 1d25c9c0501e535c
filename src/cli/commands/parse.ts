/**
 * `vigil parse`: parses a log file (or stdin) with one source's parser, or detects the
 * source per line, printing one JSON event per line on stdout and a summary on stderr.
 */
import { UsageError, parseArgs } from '../args';
import { count, entryTime, newSummary, readParsed } from '../input';
import type { CliIO, Command } from './types';

const USAGE = `usage: vigil parse --source audit|coredns|netfilter|falco|auto --input FILE|- [options]

Prints one JSON event per line on stdout, and on stderr the summary
  {"lines":N,"parsed":N,"malformed":N,"rejected":{"<reason>":N,...}}
Lines may be bare or framed (CRI, docker json-file, syslog, journald JSON, AKS diagnostic and
CloudWatch Logs records); CRI partial lines are joined first, and an audit webhook EventList
batch counts as one line per event it holds.

options:
  --source S         parser to use; auto detects the source of each line
  --input FILE       file to read, or - for stdin
  --entry-time T     time (RFC 3339 or epoch ms) for lines that carry none
  --with-object      include the original JSON object of audit/Falco events
  --errors           print each rejected line as {"line":N,"kind":...,"message":...} on stderr
`;

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
    const args = parseArgs(argv, { valued: ['source', 'input', 'entry-time'], flags: ['with-object', 'errors'] });
    const input = args.options.input ?? args.positionals[0];
    if (!input) {
      throw new UsageError('--input FILE (or - for stdin) is required');
    }
    const opts = { entryTimeMs: entryTime(args.options['entry-time']) };
    const withObject = args.flags.has('with-object');
    const showErrors = args.flags.has('errors');
    const summary = newSummary();
    let batch = '';
    for await (const p of readParsed(input, args.options.source, io, opts)) {
      count(summary, p);
      if (p.result.ok) {
        const event = withObject ? p.result.event : { ...p.result.event, object: undefined };
        batch += JSON.stringify(event) + '\n';
      } else if (showErrors) {
        io.stderr.write(JSON.stringify({ line: p.line, ...p.result.error }) + '\n');
      }
      if (batch.length > 64 * 1024) {
        await write(io.stdout, batch);
        batch = '';
      }
    }
    await write(io.stdout, batch);
    io.stderr.write(JSON.stringify(summary) + '\n');
    return 0;
  },
};
