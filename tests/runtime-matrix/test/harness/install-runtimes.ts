// The runtimes that come from the npm registry, pinned exactly. Each is installed with
// `npm install --prefix` into its own folder under node_modules/.cache, not as a dependency: the
// `node` package's bin is named `node` and would shadow the system Node in node_modules/.bin, and
// keeping them out of the lockfile spares every `pnpm install` some 500 MB of binaries. A folder
// counts as installed once its marker is written, so an interrupted download is redone.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/runtime-matrix/', import.meta.url));

export interface NpmRuntime {
  /** Row name, e.g. `node 22`. */
  label: string;
  /** What the runtime reports itself as (see src/probe.mjs). */
  kind: 'node' | 'deno' | 'bun';
  pkg: string;
  version: string;
  bin: string;
}

export const NPM_RUNTIMES: readonly NpmRuntime[] = [
  { label: 'node 20', kind: 'node', pkg: 'node', version: '20.20.2', bin: 'node' },
  { label: 'node 22', kind: 'node', pkg: 'node', version: '22.23.3', bin: 'node' },
  { label: 'node 24', kind: 'node', pkg: 'node', version: '24.21.0', bin: 'node' },
  { label: 'deno', kind: 'deno', pkg: 'deno', version: '2.9.6', bin: 'deno' },
  { label: 'bun', kind: 'bun', pkg: 'bun', version: '1.4.5', bin: 'bun' },
];

export type Installed = { ok: true; executable: string } | { ok: false; reason: string };

/** Installs (or finds in the cache) one runtime and returns the path of its executable. */
export async function installRuntime(runtime: NpmRuntime): Promise<Installed> {
  const prefix = join(CACHE, `${runtime.pkg}-${runtime.version}`);
  const executable = join(prefix, 'node_modules', '.bin', runtime.bin);
  const marker = join(prefix, 'installed');
  if (existsSync(marker) && existsSync(executable)) return { ok: true, executable };
  await rm(prefix, { recursive: true, force: true });
  await mkdir(prefix, { recursive: true });
  const spec = `${runtime.pkg}@${runtime.version}`;
  try {
    // The `node`, `deno` and `bun` packages fetch their platform binary in install scripts.
    await run(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        spec,
      ],
      { timeout: 200_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `npm install ${spec} failed: ${detail}` };
  }
  if (!existsSync(executable)) {
    return { ok: false, reason: `npm install ${spec} left no ${runtime.bin} executable` };
  }
  await writeFile(marker, `${spec}\n`);
  return { ok: true, executable };
}
