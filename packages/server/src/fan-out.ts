// Sends one message to many targets with bounded concurrency. Every target gets its own settled result,
// so one failure never hides the others.
import type { OperationOptions } from './operation-options.js';

/** Options of the methods that send one message to many targets. */
export interface FanOutOptions extends OperationOptions {
  /** How many requests run at once (default 8). */
  concurrency?: number;
  /** Stops starting new requests and aborts the running ones. */
  abortSignal?: AbortSignal;
}

/** The outcome for one target of a fan-out send; one failure never hides the others. */
export type FanOutResult =
  | {
      /** The target (user, connection or group) this result is for. */
      target: string;
      /** The message was accepted for this target. */
      status: 'fulfilled';
    }
  | {
      /** The target (user, connection or group) this result is for. */
      target: string;
      /** Sending to this target failed. */
      status: 'rejected';
      /** Why it failed, usually a {@link RestError}. */
      reason: unknown;
    };

export const DEFAULT_CONCURRENCY = 8;

export function checkConcurrency(value: unknown): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError('options.concurrency must be an integer of at least 1');
  }
  return value;
}

/** Runs `send` for every target, at most `concurrency` at a time; results keep the targets' order. */
export async function fanOut(
  targets: readonly string[],
  concurrency: number,
  send: (target: string) => Promise<unknown>,
): Promise<FanOutResult[]> {
  const results: FanOutResult[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index] as string;
      try {
        await send(target);
        results[index] = { target, status: 'fulfilled' };
      } catch (reason) {
        results[index] = { target, status: 'rejected', reason };
      }
    }
  };
  const workers = Math.min(concurrency, targets.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
