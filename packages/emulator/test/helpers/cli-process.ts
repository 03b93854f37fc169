// The built hubcast-emulator bin as a child process on ephemeral ports, its stdout collected.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far. */
  readonly out: string;
  /** Its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
}

export function spawnCli(): CliProcess {
  if (!existsSync(BIN)) {
    throw new Error('dist/cli.js is missing: run `pnpm --filter @hubcast/emulator build` first');
  }
  const child = spawn(process.execPath, [BIN, '--web-pubsub-port', '0', '--signalr-port', '0'], {
    stdio: 'pipe',
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    get out() {
      return out;
    },
    exited,
  };
}
