/** A small argument reader for the CLI: `--name value`, `--name=value`, flags and positionals. */
export interface ParsedArgs {
  options: Record<string, string>;
  flags: Set<string>;
  positionals: string[];
}

/** Reads argv; names in `valued` take a value, any other `--x` is a flag. `-` is a positional. */
export function parseArgs(argv: string[], valued: string[]): ParsedArgs {
  const out: ParsedArgs = { options: {}, flags: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!valued.includes(name)) {
      out.flags.add(name);
    } else if (eq >= 0) {
      out.options[name] = arg.slice(eq + 1);
    } else if (i + 1 < argv.length) {
      out.options[name] = argv[++i];
    } else {
      throw new UsageError(`--${name} needs a value`);
    }
  }
  return out;
}

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
