// Starting and stopping a server binary as its own process group, with a temp data dir,
// a free loopback port and a wait-until-ready poll. Used by the VictoriaLogs and
// Prometheus launchers; nothing here knows about either server.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** What the harness exposes beyond the shared contract, so tests can check clean-up. */
export interface ManagedServer extends RunningServer {
  pid: number;
  dataDir: string;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3;
const STDERR_TAIL_BYTES = 4096;

export { versionsVar } from '../versions';

export function requireBinary(path: string, what: string): string {
  if (!existsSync(path)) {
    throw new Error(`${what} binary not found at ${path}: run \`npm run setup\` first`);
  }
  return path;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

// Children still running when this process exits: the exit hook kills their groups.
const live = new Map<number, string>();
let hooksInstalled = false;

function killLeftovers(): void {
  for (const [pid, dir] of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) {
    return;
  }
  hooksInstalled = true;
  process.on('exit', killLeftovers);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    // Clean up, then re-raise so the default action (exit) still happens.
    process.once(sig, () => {
      killLeftovers();
      process.kill(process.pid, sig);
    });
  }
}

export interface LaunchSpec {
  name: string;
  binary: string;
  /** Builds the argument list for a given port and data dir. */
  args(port: number, dataDir: string): string[];
  /** Path polled until it answers 200. */
  readyPath: string;
  /** Called with the data dir before the process starts (e.g. to write a config file). */
  prepare?(dataDir: string): void;
}

/** Starts the server, retrying on a fresh port if another process took the chosen one. */
export async function launch(spec: LaunchSpec): Promise<ManagedServer> {
  installExitHooks();
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    try {
      return await launchOnce(spec);
    } catch (err) {
      lastError = err as Error;
      if (!/address already in use/i.test(lastError.message)) {
        throw lastError;
      }
    }
  }
  throw lastError;
}

async function launchOnce(spec: LaunchSpec): Promise<ManagedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `vigil-${spec.name}-`));
  spec.prepare?.(dataDir);
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  // detached: the child leads its own process group, so stop() can kill the whole group.
  const child = spawn(spec.binary, spec.args(port, dataDir), { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${spec.name}: could not spawn ${spec.binary}`);
  }
  live.set(pid, dataDir);
  // A test that forgets stop() must not keep jest alive; the exit hook still kills the group.
  child.unref();
  (child.stderr as Socket | null)?.unref();
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-STDERR_TAIL_BYTES);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const stop = () => stopChild(child, pid, dataDir, exited);
  try {
    await waitReady(spec.name, url + spec.readyPath, exited, () => stderrTail);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid, dataDir, stop };
}

async function waitReady(
  name: string,
  readyUrl: string,
  exited: Promise<number | null>,
  stderr: () => string
): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${name} exited with code ${exitCode} before it was ready:\n${stderr()}`);
    }
    try {
      const res = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        return;
      }
      lastProblem = `HTTP ${res.status}`;
    } catch (err) {
      lastProblem = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} not ready at ${readyUrl} after ${READY_TIMEOUT_MS} ms (${lastProblem}):\n${stderr()}`);
}

async function stopChild(
  child: ChildProcess,
  pid: number,
  dataDir: string,
  exited: Promise<number | null>
): Promise<void> {
  if (live.has(pid)) {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    // Anything the server forked and left behind in its group goes too.
    signalGroup(pid, 'SIGKILL');
    live.delete(pid);
  }
  rmSync(dataDir, { recursive: true, force: true });
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // group already gone
  }
}
