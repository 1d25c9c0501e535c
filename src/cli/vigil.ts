/**
 * `vigil`: the command-line tool. Dispatches to src/cli/commands/*; `vigil --help` lists them.
 */
import { UsageError } from './args';
import { COMMANDS, type CliIO } from './commands';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: vigil <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun \`vigil <command> --help\` for a command's options.\n`;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`vigil: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`vigil ${name}: ${e.message}\n\n${command.usage}`);
      return 2;
    }
    io.stderr.write(`vigil ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}

// Run only as the entry point (bin/vigil.mjs imports this file), not when a test imports main.
if (process.argv[1] && /vigil(\.mjs|\.ts)?$/.test(process.argv[1])) {
  // A reader that stops early (`vigil parse … | head`) closes the pipe: that ends the run
  // quietly and successfully, as it does for other Unix tools.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      process.exit(0);
    }
    throw e;
  });
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`vigil: ${String(e)}\n`);
      process.exitCode = 1;
    }
  );
}
