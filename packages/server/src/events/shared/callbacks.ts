// Running the app's callbacks: errors are reported through `onError` (by default to console.error),
// never to the service, whose answer carries no stack or secret. Work that outlives the response is
// handed to the runtime's `waitUntil` when there is one (Cloudflare Workers, Vercel), so the runtime
// does not stop it when the response is sent.

/** The runtime's per-request context: `ExecutionContext` in Cloudflare Workers, for example. */
export interface WaitUntilContext {
  /** Keeps the runtime alive until `promise` settles, after the response was sent. */
  waitUntil?(promise: Promise<unknown>): void;
}

/** Where errors thrown by the app's callbacks go. */
export type ErrorReporter = (error: unknown, callback: string) => void;

export function defaultReporter(error: unknown, callback: string): void {
  console.error(`[hubcast] the ${callback} callback failed:`, error);
}

export function checkReporter(value: unknown, name: string): ErrorReporter {
  if (value === undefined) return defaultReporter;
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function`);
  return value as ErrorReporter;
}

/** Runs a callback whose result nobody waits for, reporting its failure. */
export function runDetached(
  run: () => unknown,
  callback: string,
  report: ErrorReporter,
  context: WaitUntilContext | undefined,
): void {
  const task = (async () => {
    await run();
  })().catch((error: unknown) => report(error, callback));
  context?.waitUntil?.(task);
}

/** Checks that an option is a function (or absent). */
export { optionalFunction } from '../../validation.js';
