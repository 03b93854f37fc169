// Starts each runtime as a real process for one run: Node, Deno and Bun run src/probe-cli.mjs from
// this package (so `@hubcast/server` resolves through node_modules to the built dist); workerd runs
// an esbuild bundle of src/worker-entry.mjs through miniflare; Chromium loads the harness's page.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
const PROBE_CLI = join(PACKAGE_DIR, 'src', 'probe-cli.mjs');

/** A runtime process serving one run; `ended` settles with a description once it is gone. */
export interface Launched {
  ended: Promise<string>;
  /** What the process printed so far (the tail), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

function watch(child: ChildProcess, killGroup: boolean): Launched {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const ended = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => resolve(`exit ${code ?? signal}; output:\n${output}`));
  });
  return {
    ended,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      // Chromium forks helpers (zygote, renderer); it leads its own process group, so end them all.
      if (killGroup) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
      await ended;
    },
  };
}

const quietEnv = {
  ...process.env,
  DENO_NO_UPDATE_CHECK: '1',
  DENO_NO_PROMPT: '1',
  NO_COLOR: '1',
};

/** Node, Deno or Bun running the probe CLI. */
export function launchCli(
  kind: 'node' | 'deno' | 'bun',
  executable: string,
  origin: string,
  runId: string,
) {
  const runtimeArgs: Record<typeof kind, string[]> = {
    node: [],
    // Reads node_modules as it is (as pnpm laid it out) and may talk to loopback hosts only.
    deno: [
      'run',
      '--quiet',
      '--node-modules-dir=manual',
      '--allow-read',
      '--allow-env',
      '--allow-net=127.0.0.1',
    ],
    bun: ['--no-install'],
  };
  const child = spawn(executable, [...runtimeArgs[kind], PROBE_CLI, origin, runId], {
    cwd: PACKAGE_DIR,
    env: quietEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watch(child, false);
}

let workerBundle: Promise<string> | undefined;

/** workerd (through miniflare, which spawns the workerd binary) running the probe's Worker. */
export async function launchWorkerd(origin: string, runId: string): Promise<Launched> {
  workerBundle ??= bundle('worker-entry.mjs', 'neutral');
  const worker = new Miniflare({
    modules: true,
    script: await workerBundle,
    compatibilityDate: '2025-12-01',
  });
  const query = new URLSearchParams({ harness: origin, run: runId });
  const ended = worker.dispatchFetch(`http://probe.local/?${query}`).then(
    async (response) => `answered ${response.status}: ${await response.text()}`,
    (error: unknown) => `failed: ${String(error)}`,
  );
  return { ended, output: () => '', stop: () => worker.dispose() };
}

/** The version workerd's own binary reports, e.g. `2025-12-17` (scripts cannot see it). */
export async function workerdVersion(): Promise<string> {
  const { default: binary } = createRequire(import.meta.url)('workerd') as { default: string };
  const { stdout } = await promisify(execFile)(binary, ['--version']);
  return stdout.trim().replace(/^workerd\s+/, '');
}

/** The Chromium executable on PATH, if any (Debian's `chromium` package). */
export function findChromium(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

/** Headless Chromium with a fresh profile, kept off every network but loopback. */
export async function launchChromium(executable: string, origin: string, runId: string) {
  const profile = await mkdtemp(join(tmpdir(), 'hubcast-chromium-'));
  const child = spawn(
    executable,
    [
      '--headless',
      '--no-sandbox', // CI runs as root, where Chromium's sandbox cannot start
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-logging=stderr', // page console errors land in the row's failure message
      `--user-data-dir=${profile}`,
      `${origin}/page?run=${encodeURIComponent(runId)}`,
    ],
    { detached: true, env: quietEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const launched = watch(child, true);
  return {
    ...launched,
    async stop() {
      await launched.stop();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Bundles one entry of src/ with the built @hubcast/server inlined. */
export async function bundle(entry: string, platform: 'neutral' | 'browser'): Promise<string> {
  const result = await build({
    entryPoints: [join(PACKAGE_DIR, 'src', entry)],
    bundle: true,
    format: 'esm',
    platform,
    ...(platform === 'neutral'
      ? { conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'] }
      : {}),
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
