// Item 7: `pnpm generate` for both specs (and the emulator's route table), cold (turbo --force) and
// again with no changes, which must be served entirely from turbo's cache.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, type ItemResult, row } from './result.js';
import { summarize } from './stats.js';

export interface CodegenOptions {
  rounds: number;
}

export const CODEGEN_DEFAULTS: CodegenOptions = { rounds: 3 };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TurboRun {
  ms: number;
  cached: number;
  total: number;
}

/** turbo's summary line, e.g. `Cached:    3 cached, 3 total`. */
export function parseTurboSummary(output: string): { cached: number; total: number } {
  const match = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  if (!match) throw new Error(`no turbo summary in the output of pnpm generate:\n${output}`);
  return { cached: Number(match[1]), total: Number(match[2]) };
}

/** Runs `pnpm generate [args]` at the repository root and times it. */
export function runGenerate(args: string[] = []): Promise<TurboRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('pnpm', ['generate', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) return reject(new Error(`pnpm generate failed (${code}):\n${output}`));
      try {
        resolve({ ms, ...parseTurboSummary(output) });
      } catch (error) {
        reject(error);
      }
    });
  });
}

export async function measureCodegen(options = CODEGEN_DEFAULTS): Promise<ItemResult> {
  const cold: TurboRun[] = [];
  const warm: TurboRun[] = [];
  // Each round is a forced run followed by an unchanged one (the second depends on the first).
  for (let round = 0; round < options.rounds; round++) {
    cold.push(await runGenerate(['--force']));
    warm.push(await runGenerate());
  }
  const coldMs = summarize(cold.map((r) => r.ms));
  const warmMs = summarize(warm.map((r) => r.ms));
  const fullyCached = warm.every((r) => r.cached === r.total && r.total > 0);
  const tasks = cold[0]?.total ?? 0;
  return {
    item: 7,
    title: 'Code generation',
    method: `${options.rounds} rounds of \`pnpm generate --force\` (turbo, no cache) followed by \`pnpm generate\` with no changes; ${tasks} generate tasks (two raw clients, the emulator route table), wall time of the whole command.`,
    rows: [
      row('pnpm generate, cold (--force)', 'ms', coldMs),
      row('pnpm generate, second run (no changes)', 'ms', warmMs),
    ],
    checks: [
      { target: 'cold run < 5 s', measured: `${fmt(coldMs.median)} ms`, met: coldMs.median < 5000 },
      {
        target: 'second run fully cached',
        measured: warm.map((r) => `${r.cached}/${r.total} cached`).join(', '),
        met: fullyCached,
      },
    ],
    facts: { tasks },
  };
}
