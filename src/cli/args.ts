/**
 * Command-line options, read with `node:util` parseArgs in strict mode: an unknown option
 * or a missing value is a usage error, never silently a flag.
 */
import { parseArgs as parseNodeArgs } from 'node:util';

/** What a command accepts: options that take a value (`repeatable` ones may recur) and flags. */
export interface ArgSpec {
  valued: string[];
  repeatable?: string[];
  flags?: string[];
}

export interface ParsedArgs {
  options: Record<string, string>;
  /** Every value of each repeatable option, in order. */
  lists: Record<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

type NodeOptions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** Reads argv by `spec`; `-` is a positional (stdin). Throws UsageError on anything else. */
export function parseArgs(argv: string[], spec: ArgSpec): ParsedArgs {
  const options: NodeOptions = {};
  for (const name of spec.valued) {
    options[name] = { type: 'string' };
  }
  for (const name of spec.repeatable ?? []) {
    options[name] = { type: 'string', multiple: true };
  }
  for (const name of spec.flags ?? []) {
    options[name] = { type: 'boolean' };
  }
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    // Node's messages name the option and what is wrong; drop its hint about `--` forms.
    throw new UsageError((e as Error).message.replace(/\. To specify .*$/s, '').replace(/\.$/, ''));
  }
  const out: ParsedArgs = { options: {}, lists: {}, flags: new Set(), positionals: parsed.positionals };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') {
      out.options[name] = value;
    } else if (Array.isArray(value)) {
      out.lists[name] = value.map(String);
    } else if (value === true) {
      out.flags.add(name);
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
