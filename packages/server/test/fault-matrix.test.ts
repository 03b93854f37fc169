// Fault matrix: every injected fault × sends, idempotent operations and one that reads a page × both
// clients, once where the fault hits the first attempt only and once where it never ends. The server
// counts what it received and what it could have processed, so duplicates are measured, not assumed.
// Beyond the rows: refused connections, failed TLS handshakes, nextLinks to other origins and aborts.
// The policy it checks is the one documented in src/retry.ts and the README ("Retries, duplicates and
// timeouts").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestError, type TokenCredential, WebPubSubServiceClient } from '../src/index.js';
import {
  expectation,
  FAULTS,
  type FaultRow,
  MAX_BYTES_SENT,
  MAX_RETRIES,
  type Mode,
  makeClient,
  OPERATIONS,
  type Operation,
  processedCount,
  runFaultCase,
  TIMEOUT_MS,
} from './helpers/fault-cases.js';
import { type FaultServer, startFaultServer } from './helpers/fault-server.js';
import { json } from './helpers/recording-server.js';
import { TLS_FAULTS, type TlsFault, tlsFaultSetup } from './helpers/tls-servers.js';

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
    const { error, received, foreignReceived, elapsed } = await runFaultCase(op, row, mode);
    tally(op, processedCount(received));
    const { attempts, fails } = expectation(op, row, mode);

    expect(received).toHaveLength(attempts);
    // Nothing reaches another origin: no body, no credential.
    expect(foreignReceived).toHaveLength(0);
    // A huge body is never read whole: the server could send little more than socket buffers hold.
    for (const r of received) expect(r.bytesSent).toBeLessThan(MAX_BYTES_SENT);
    // A send is acted on at most once; a send that succeeded was acted on exactly once.
    if (op.kind === 'send') expect(processedCount(received)).toBeLessThanOrEqual(1);
    // Every attempt carries the same request, body included.
    for (const r of received) {
      expect(`${r.method} ${r.target}`).toBe(`${received[0]?.method} ${received[0]?.target}`);
      expect(r.body.equals(received[0]?.body as Buffer)).toBe(true);
    }

    if (!fails) {
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
        if (attempts === 1 && !row.final) expect(restError.message).toContain('not retried');
      }
    }

    if (row.retryAfterMs !== undefined && attempts > 1) {
      for (let i = 1; i < received.length; i++) {
        const gap = (received[i]?.at as number) - (received[i - 1]?.at as number);
        expect(gap).toBeGreaterThanOrEqual(row.retryAfterMs * 0.99);
      }
    }
    // Prompt: nowhere near the 10 s of a slow answer or the 20 s of a trickling body (generous for
    // a loaded machine).
    expect(elapsed).toBeLessThan(TIMEOUT_MS * attempts + 3000);
    if (row.bodyOnly && !op.readsBody) {
      // The status is the answer; the body is not waited for.
      expect(elapsed).toBeLessThan(TIMEOUT_MS);
    } else if (row.timeout || (row.bodyTimesOut && fails)) {
      // A retried status is not read, so only a last answer's body waits for the timeout.
      const timedOut = row.bodyTimesOut || mode === 'recover' ? 1 : attempts;
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS * timedOut * 0.99);
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

describe.each(OPERATIONS)('$service $name: TLS handshake failure', (op) => {
  /** Which error the client reports for each fault. */
  const CODES: Record<TlsFault, RegExp> = {
    'a self-signed certificate': /DEPTH_ZERO_SELF_SIGNED_CERT/,
    'a peer that closes during the handshake': /ECONNRESET/,
    'a plain HTTP server': /ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG)/,
  };

  const tlsSetup = (fault: TlsFault, failures: number) =>
    tlsFaultSetup(op.service, fault, failures);

  it.each(TLS_FAULTS)(
    '%s: retried even for a send, since nothing was sent; the call succeeds once a handshake does',
    async (fault) => {
      const setup = await tlsSetup(fault, 1);
      try {
        await op.run(setup.client);
        tally(op, processedCount(setup.healthy.received));
        expect(setup.attempts()).toBe(2);
        expect(setup.failing.connections).toBe(1);
        expect(setup.healthy.received).toHaveLength(1);
      } finally {
        await setup.close();
      }
    },
  );

  it.each(TLS_FAULTS)(
    '%s: a RestError naming the failure once retries are spent',
    async (fault) => {
      const setup = await tlsSetup(fault, Number.POSITIVE_INFINITY);
      try {
        const error = (await op.run(setup.client).catch((e: unknown) => e)) as RestError;
        tally(op, 0);
        expect(error).toBeInstanceOf(RestError);
        expect(error.code).toBe(RestError.REQUEST_SEND_ERROR);
        expect(error.statusCode).toBeUndefined();
        expect(error.message).toContain(`${setup.origin}/api/`);
        expect(error.message).toMatch(CODES[fault]);
        expect(setup.attempts()).toBe(MAX_RETRIES + 1);
        expect(setup.failing.connections).toBe(MAX_RETRIES + 1);
      } finally {
        await setup.close();
      }
    },
  );
});

describe('group.listConnections: a nextLink to another origin is not followed', () => {
  const list = OPERATIONS.find((op) => op.readsBody) as Operation;
  const opaqueToken = `opaque-entra-token-${crypto.randomUUID()}`;
  const entra: TokenCredential = {
    getToken: async () => ({ token: opaqueToken, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
  const path = '/api/hubs/hub/groups/g/connections?continuationToken=1';
  type Link = (own: FaultServer, foreign: FaultServer) => [link: string, origin: string];
  const links: [string, Link][] = [
    ['another port', (_, foreign) => [`${foreign.url}${path}`, foreign.url]],
    [
      'another host name',
      (own) => [`http://localhost:${own.port}${path}`, `http://localhost:${own.port}`],
    ],
    [
      'a protocol-relative link',
      (own) => [`//localhost:${own.port}${path}`, `http://localhost:${own.port}`],
    ],
    [
      'another scheme',
      (own) => [`https://127.0.0.1:${own.port}${path}`, `https://127.0.0.1:${own.port}`],
    ],
  ];
  const cases = links.flatMap(([name, link]) =>
    (['an access key', 'an Entra ID token'] as const).map((cred) => [name, cred, link] as const),
  );

  it.each(cases)('%s, credential %s', async (_name, cred, link) => {
    const own = await startFaultServer();
    const foreign = await startFaultServer();
    try {
      const [nextLink, origin] = link(own, foreign);
      const page = json(200, { value: [{ connectionId: 'c1' }], nextLink });
      own.plan([{ kind: 'status', reply: page, processed: true }]);
      const client =
        cred === 'an access key'
          ? (makeClient('Web PubSub', own.port) as WebPubSubServiceClient)
          : new WebPubSubServiceClient(own.url, entra, 'hub');
      const members: unknown[] = [];
      const error = (await (async () => {
        for await (const member of client.group('g').listConnections()) members.push(member);
      })().catch((e: unknown) => e)) as RestError;
      tally(list, 0);
      // The first page is delivered; the link to the next one is refused before any request.
      expect(members).toEqual([{ connectionId: 'c1' }]);
      expect(error).toBeInstanceOf(RestError);
      expect(error.message).toContain(`nextLink to ${origin}, not the endpoint's origin`);
      expect(own.received).toHaveLength(1);
      expect(foreign.received).toHaveLength(0);
    } finally {
      await own.close();
      await foreign.close();
    }
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

  it.each(op.readsBody ? [200, 400] : [400])(
    'abortSignal stops the read of a %i body that trickles, and rejects with its reason',
    async (status) => {
      const server = await startFaultServer();
      try {
        server.plan([], {
          kind: 'stream',
          status,
          headers: { 'content-type': 'application/json' },
          chunk: ' ',
          intervalMs: 200,
          totalBytes: 100,
          processed: true,
        });
        const controller = new AbortController();
        const reason = new Error('stop reading');
        // By then the headers and a byte or two of the body are at the client.
        server.onRequest = () => setTimeout(() => controller.abort(reason), 300);
        const started = performance.now();
        const error = await op
          .run(makeClient(op.service, server.port), controller.signal)
          .catch((e: unknown) => e);
        tally(op, processedCount(server.received));
        expect(error).toBe(reason);
        expect(performance.now() - started).toBeLessThan(PROMPT_MS);
        expect(server.received).toHaveLength(1);
      } finally {
        await server.close();
      }
    },
  );

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
