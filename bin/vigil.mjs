#!/usr/bin/env node
// The `vigil` command-line tool (parse, detect, compile). Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/vigil.ts');
