/**
 * The registry of `vigil` subcommands. To add one, write `commands/<name>.ts` exporting a
 * Command and list it here.
 */
import { compileCommand } from './compile';
import { detectCommand } from './detect';
import { parseCommand } from './parse';
import type { Command } from './types';

export const COMMANDS: Command[] = [parseCommand, detectCommand, compileCommand];

export type { Command, CliIO } from './types';
