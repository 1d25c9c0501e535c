/**
 * The registry of `vigil` subcommands. To add one, write `commands/<name>.ts` exporting a
 * Command and list it here.
 */
import { parseCommand } from './parse';
import type { Command } from './types';

export const COMMANDS: Command[] = [parseCommand];

export type { Command, CliIO } from './types';
