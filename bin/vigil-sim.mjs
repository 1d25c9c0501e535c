#!/usr/bin/env node
// The cluster simulator's command line. Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../backend-stub/src/cli.ts');
