// Jest's global setup for the integration and browser projects (jest.config.js): builds
// devhost, and for the browser project the page host bundle, once for the whole run, before
// any worker starts. The harness (buildDevhost, ensureHost) then reuses them instead of each
// test file building its own. The binary lives in a temp dir removed when jest exits.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '@jest/types';
import { BUILT_DEVHOST_ENV, BUILT_HOST_ENV, buildDevhost, buildHost } from './harness';

export default async function buildOnce(_global: Config.GlobalConfig, project: Config.ProjectConfig): Promise<void> {
  const browser = project.displayName?.name === 'browser';
  const [devhost] = await Promise.all([
    // Both projects' setups run in one jest process: the second finds the first's binary.
    buildDevhost(),
    browser && process.env[BUILT_HOST_ENV] !== '1' ? buildHost() : undefined,
  ]);
  if (process.env[BUILT_DEVHOST_ENV] !== devhost) {
    process.env[BUILT_DEVHOST_ENV] = devhost;
    process.on('exit', () => rmSync(dirname(devhost), { recursive: true, force: true }));
  }
  if (browser) {
    process.env[BUILT_HOST_ENV] = '1';
  }
}
