// Item 4: cold process wall time: a fresh `node` process that imports the SDK, constructs a client and
// mints one token, then exits. hubcast and @azure/web-pubsub alternate; an empty node process is shown
// for reference (the floor neither SDK can go below).
import { spawn } from 'node:child_process';
import { builtScript } from './child.js';
import { connectionString } from './fixtures.js';
import { type ItemResult, ratioText, row } from './result.js';
import { interleave, ratios, summarize } from './stats.js';

export interface ColdOptions {
  rounds: number;
}

export const COLD_DEFAULTS: ColdOptions = { rounds: 21 };

/** Wall time in ms of `node <args>`; fails if the process does. */
function timeProcess(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        BENCH_CONNECTION_STRING: connectionString('https://bench.webpubsub.azure.com'),
      },
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const elapsed = performance.now() - start;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}`));
    });
  });
}

export async function measureColdStart(options = COLD_DEFAULTS): Promise<ItemResult> {
  const hubcast = () => timeProcess([builtScript('cold-hubcast')]);
  const azure = () => timeProcess([builtScript('cold-azure')]);
  const empty = () => timeProcess(['-e', '']);
  // One untimed run each fills the OS file cache.
  await Promise.all([hubcast(), azure()]);
  const samples = await interleave({ hubcast, azure, empty }, options.rounds);
  const vsAzure = ratios(samples.hubcast, samples.azure);
  return {
    item: 4,
    title: 'Cold start',
    method: `${options.rounds} interleaved rounds; each is a fresh \`node\` process (import, construct from a connection string, mint one client token, exit), timed from spawn to exit.`,
    rows: [
      row('@azure/web-pubsub 1.2.0', 'ms', summarize(samples.azure)),
      row('@hubcast/server', 'ms', summarize(samples.hubcast)),
      row('node -e "" (reference: an empty process)', 'ms', summarize(samples.empty)),
    ],
    checks: [
      {
        target: 'hubcast ≤ 0.35× azure wall time',
        measured: ratioText(vsAzure),
        met: vsAzure.median <= 0.35,
      },
    ],
  };
}
