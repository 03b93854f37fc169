// Medians with min and max over rounds, and interleaved rounds: every round runs each contender once,
// in a rotated order, so drift on a shared machine (other jobs, thermal, GC) hits all of them alike.

/** Median, min and max of a set of samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize() needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    samples: [...samples],
  };
}

/** Runs `rounds` rounds of every contender (rotating the order), returning each one's samples. */
export async function interleave<K extends string>(
  contenders: Record<K, () => Promise<number>>,
  rounds: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as K;
      samples[name].push(await contenders[name]());
    }
  }
  return samples;
}

/** Per-round ratios a[i] / b[i] of two interleaved sample lists. */
export function ratios(a: readonly number[], b: readonly number[]): Summary {
  return summarize(a.map((value, i) => value / (b[i] as number)));
}

/**
 * Calls `call` from `concurrency` workers until `durationMs` has passed; returns completed calls per
 * second. A failed call fails the measurement: a benchmark of errors measures nothing.
 */
export async function callsPerSecond(
  call: () => Promise<unknown>,
  durationMs: number,
  concurrency = 1,
): Promise<number> {
  let done = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - start) / 1000);
}
