// Fault matrix: every injected fault × a send and an idempotent operation × both clients, once where
// the fault hits the first attempt only and once where it never ends. The server counts what it
// received and what it could have processed, so duplicates are measured, not assumed. The policy it
// checks is the one documented in src/retry.ts and the README ("Retries, duplicates and timeouts").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestError } from '../src/index.js';
import {
  FAULTS,
  type FaultRow,
  MAX_RETRIES,
  type Mode,
  makeClient,
  OPERATIONS,
  type Operation,
  processedCount,
  runFaultCase,
  TIMEOUT_MS,
} from './helpers/fault-cases.js';
import { startFaultServer } from './helpers/fault-server.js';
import { json } from './helpers/recording-server.js';

let cases = 0;
let duplicates = 0;
let unhandled = 0;
const onUnhandled = () => {
  unhandled++;
};

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  // Let late socket and timer callbacks of the last cases settle before counting.
  await new Promise((resolve) => setTimeout(resolve, 100));
  process.off('unhandledRejection', onUnhandled);
  console.log(
    `fault matrix: ${cases} cases, ${duplicates} duplicates, ${unhandled} unhandled rejections`,
  );
  expect(unhandled).toBe(0);
  expect(duplicates).toBe(0);
});

/** Counts the case and the duplicate deliveries of a send it caused. */
function tally(op: Operation, processed: number): void {
  cases++;
  if (op.kind === 'send') duplicates += Math.max(0, processed - 1);
}

const matrix = OPERATIONS.flatMap((op) =>
  FAULTS.flatMap((row) =>
    (['recover', 'exhaust'] as Mode[]).map((mode) => [op, row, mode] as const),
  ),
);

describe.concurrent('faults', () => {
  it.each(
    matrix.map(
      ([op, row, mode]) =>
        [`${op.service} ${op.name}: ${row.name}, ${mode}`, op, row, mode] as [
          string,
          Operation,
          FaultRow,
          Mode,
        ],
    ),
  )('%s', async (_name, op, row, mode) => {
    const { error, received, elapsed } = await runFaultCase(op, row, mode);
    tally(op, processedCount(received));
    const retried = op.kind === 'idempotent' || row.retriedForSends;
    const attempts = !retried ? 1 : mode === 'recover' ? 2 : MAX_RETRIES + 1;

    expect(received).toHaveLength(attempts);
    // A send is acted on at most once; a send that succeeded was acted on exactly once.
    if (op.kind === 'send') expect(processedCount(received)).toBeLessThanOrEqual(1);
    // Every attempt carries the same request, body included.
    for (const r of received) {
      expect(`${r.method} ${r.target}`).toBe(`${received[0]?.method} ${received[0]?.target}`);
      expect(r.body.equals(received[0]?.body as Buffer)).toBe(true);
    }

    if (retried && mode === 'recover') {
      expect(error).toBeUndefined();
      if (op.kind === 'send') expect(processedCount(received)).toBe(1);
    } else {
      expect(error).toBeInstanceOf(RestError);
      const restError = error as RestError;
      if (row.status !== undefined) {
        expect(restError.statusCode).toBe(row.status);
        expect(restError.code).toBe(row.code);
        // The request id of the last answer, the one the error reports.
        expect(restError.requestId).toBe(`req-${attempts - 1}`);
      } else {
        expect(restError.statusCode).toBeUndefined();
        expect(restError.code).toBe(RestError.REQUEST_SEND_ERROR);
        if (row.timeout) expect(restError.message).toContain(`timed out after ${TIMEOUT_MS} ms`);
        if (!retried) expect(restError.message).toContain('not retried');
      }
    }

    if (row.retryAfterMs !== undefined && attempts > 1) {
      for (let i = 1; i < received.length; i++) {
        const gap = (received[i]?.at as number) - (received[i - 1]?.at as number);
        expect(gap).toBeGreaterThanOrEqual(row.retryAfterMs * 0.99);
      }
    }
    if (row.timeout) {
      const timedOut = mode === 'recover' ? 1 : attempts;
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS * timedOut * 0.99);
      // Prompt: nowhere near the 10 s the slow answer would take (generous for a loaded machine).
      expect(elapsed).toBeLessThan(TIMEOUT_MS * attempts + 3000);
    }
  });
});

describe.each(OPERATIONS)('$service $name: connection refused', (op) => {
  /** A port nobody listens on, and a fetch that counts attempts and can open the port on the first failure. */
  async function refusedSetup(openAfterFirstFailure: boolean) {
    const probe = await startFaultServer();
    const port = probe.port;
    await probe.close();
    let attempts = 0;
    let opened: Awaited<ReturnType<typeof startFaultServer>> | undefined;
    const client = makeClient(op.service, port, {
      fetch: async (input, init) => {
        attempts++;
        try {
          return await fetch(input, init);
        } catch (error) {
          if (openAfterFirstFailure && !opened) opened = await startFaultServer(port);
          throw error;
        }
      },
    });
    return { client, port, attempts: () => attempts, opened: () => opened };
  }

  it('is retried, since nothing was sent, and the call succeeds once the port opens', async () => {
    const setup = await refusedSetup(true);
    try {
      await op.run(setup.client);
      tally(op, processedCount(setup.opened()?.received ?? []));
      expect(setup.attempts()).toBe(2);
      expect(setup.opened()?.received).toHaveLength(1);
    } finally {
      await setup.opened()?.close();
    }
  });

  it('ends in a RestError naming the request once retries are spent', async () => {
    const setup = await refusedSetup(false);
    const error = (await op.run(setup.client).catch((e: unknown) => e)) as RestError;
    tally(op, 0);
    expect(error).toBeInstanceOf(RestError);
    expect(error.code).toBe(RestError.REQUEST_SEND_ERROR);
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toContain(`http://127.0.0.1:${setup.port}/api/`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(setup.attempts()).toBe(MAX_RETRIES + 1);
  });
});

describe.each(OPERATIONS)('$service $name: abort', (op) => {
  const PROMPT_MS = 3000;

  it('abortSignal stops an attempt in flight, without retrying', async () => {
    const server = await startFaultServer();
    try {
      server.plan([], { kind: 'slow', delayMs: 10_000 });
      const controller = new AbortController();
      // Abort once the request is at the server, not on a timer a loaded machine can beat.
      server.onRequest = () => setTimeout(() => controller.abort(), 20);
      const started = performance.now();
      const error = await op
        .run(makeClient(op.service, server.port), controller.signal)
        .catch((e: unknown) => e);
      tally(op, processedCount(server.received));
      expect((error as Error).name).toBe('AbortError');
      expect(performance.now() - started).toBeLessThan(PROMPT_MS);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('abortSignal stops the wait of a long Retry-After', async () => {
    const server = await startFaultServer();
    try {
      const busy = json(503, { code: 'Busy' }, { 'retry-after': '30' });
      server.plan([], { kind: 'status', reply: busy, processed: false });
      const controller = new AbortController();
      // Abort while the client waits out Retry-After, i.e. after the first answer went back.
      server.onRequest = () => setTimeout(() => controller.abort(new Error('stop now')), 100);
      const client = makeClient(op.service, server.port, {
        retry: { maxRetries: 3, maxRetryDelayInMs: 60_000 },
      });
      const started = performance.now();
      await expect(op.run(client, controller.signal)).rejects.toThrow('stop now');
      tally(op, processedCount(server.received));
      expect(performance.now() - started).toBeLessThan(PROMPT_MS);
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await startFaultServer();
    try {
      const error = await op
        .run(makeClient(op.service, server.port), AbortSignal.abort())
        .catch((e: unknown) => e);
      tally(op, processedCount(server.received));
      expect((error as Error).name).toBe('AbortError');
      expect(server.received).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
