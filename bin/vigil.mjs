#!/usr/bin/env node
// The `vigil` command-line tool (parse, detect, compile). Runs the TypeScript sources through
// tsx; both the ESM and the CommonJS hooks are needed because the package is not "type": "module".
import { register } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';
register();
registerCjs();
await import('../src/cli/vigil.ts');
