// Every wait and every body is bounded (issue #13, items 2, 3 and 6): the default attempt timeout,
// the caps on response bodies and what an error message keeps of one, and redaction before the cut.
// The fault matrix (fault-matrix.test.ts) runs trickling, blackholed and huge answers against every
// operation; this file checks the figures and messages behind those rows.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_DATA_BYTES, MAX_ERROR_BYTES } from '../src/attempt.js';
import {
  type FetchLike,
  RestError,
  SignalRServiceClient,
  type TokenCredential,
  WebPubSubServiceClient,
} from '../src/index.js';
import { DEFAULT_TIMEOUT_IN_MS, resolveRetryPolicy } from '../src/retry.js';
import { type FaultServer, startFaultServer } from './helpers/fault-server.js';
import { json } from './helpers/recording-server.js';

let server: FaultServer;
let cs: string;

beforeAll(async () => {
  server = await startFaultServer();
  cs = `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=bounds-test-key;Version=1.0;`;
});
afterEach(() => {
  server.plan([]);
  server.onRequest = undefined;
  server.received.length = 0;
});
afterAll(() => server.close());

const reject = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('the default attempt timeout', () => {
  it('is 30 s, and 0 still turns it off', () => {
    expect(DEFAULT_TIMEOUT_IN_MS).toBe(30_000);
    expect(resolveRetryPolicy(undefined, undefined).timeoutInMs).toBe(30_000);
    expect(resolveRetryPolicy(undefined, 0).timeoutInMs).toBe(0);
  });

  // A fetch that never answers (it only ends when its attempt is aborted), on fake timers: the whole
  // timeline is exact. fault-matrix.test.ts runs a real blackholed server with a short timeout.
  it.each([
    // One attempt: a send is not repeated after a timeout.
    ['a send', [0], 30_000, (c: WebPubSubServiceClient) => c.sendToAll('x')],
    // Four attempts of 30 s, after the longest backoffs (jitter pinned at its top): 0.8, 1.6, 3.2 s.
    [
      'an existence check',
      [0, 30_800, 62_400, 95_600],
      125_600,
      (c: WebPubSubServiceClient) => c.userExists('u'),
    ],
  ] as const)('ends %s that gets no answer, with default options', async (_, starts, end, call) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
    vi.spyOn(Math, 'random').mockReturnValue(1);
    try {
      const attempts: number[] = [];
      const neverAnswers: FetchLike = (_input, init) =>
        new Promise((_resolve, reject) => {
          attempts.push(Date.now());
          const signal = init?.signal as AbortSignal;
          signal.addEventListener('abort', () => reject(signal.reason));
        });
      let settled = false;
      const client = new WebPubSubServiceClient(cs, 'hub', { fetch: neverAnswers });
      const outcome = reject(call(client)).finally(() => {
        settled = true;
      });
      // Signing the request is real async work (WebCrypto): wait for the first attempt in real time.
      while (attempts.length === 0) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(end - 1);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      const error = (await outcome) as RestError;
      expect(error).toBeInstanceOf(RestError);
      expect(error.message).toContain('timed out after 30000 ms');
      expect(attempts).toEqual(starts);
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });
});

describe('response bodies', () => {
  it('an error body is cut at 64 KB; the message keeps its start', async () => {
    const start = 'Quota exceeded for hub chat: too many messages.';
    server.plan([
      {
        kind: 'stream',
        status: 400,
        headers: { 'content-type': 'text/plain', 'x-ms-error-code': 'Quota' },
        chunk: `${start} ${'x'.repeat(1024 * 1024)}`,
        intervalMs: 0,
        totalBytes: 256 * 1024 * 1024,
        processed: false,
      },
    ]);
    const client = new WebPubSubServiceClient(cs, 'hub', { retry: { maxRetries: 0 } });
    const error = (await reject(client.sendToAll('x'))) as RestError;
    expect(error).toMatchObject({ statusCode: 400, code: 'Quota' });
    expect(error.message).toMatch(
      /^The service answered 400 Bad Request \(Quota\): Quota exceeded/,
    );
    expect(error.message.length).toBeLessThan(600);
    expect(MAX_ERROR_BYTES).toBe(64 * 1024);
    expect(server.received[0]?.bytesSent).toBeLessThan(64 * 1024 * 1024);
  });

  it('a list page over 4 MiB is refused with a clear error, not buffered', async () => {
    server.plan([
      {
        kind: 'stream',
        status: 200,
        headers: { 'content-type': 'application/json' },
        chunk: `{"value":[${'{"connectionId":"c"},'.repeat(3000)}`,
        intervalMs: 0,
        totalBytes: 1024 ** 3,
        processed: true,
      },
    ]);
    const client = new WebPubSubServiceClient(cs, 'hub');
    const error = (await reject(client.group('g').listConnections().next())) as RestError;
    expect(error).toMatchObject({ name: 'RestError', code: 'PARSE_ERROR', statusCode: 200 });
    expect(error.message).toContain(`answered more than ${MAX_DATA_BYTES} bytes`);
    expect(MAX_DATA_BYTES).toBe(4 * 1024 * 1024);
    // Not retried: the same request would get the same page.
    expect(server.received).toHaveLength(1);
  });

  it('a full page of 200 members with long ids is read as usual', async () => {
    const value = Array.from({ length: 200 }, (_, i) => ({
      connectionId: `conn-${i}-${'c'.repeat(100)}`,
      userId: `user-${i}-${'u'.repeat(1000)}`,
    }));
    server.plan([{ kind: 'status', reply: json(200, { value }), processed: true }]);
    const client = new WebPubSubServiceClient(cs, 'hub');
    const page = await client.group('g').listConnections().byPage().next();
    expect(page.value).toEqual(value);
  });

  it('a success that returns no data is not read: a 202 with a 1 GiB body resolves at once', async () => {
    server.plan([
      {
        kind: 'stream',
        status: 202,
        chunk: 'y'.repeat(64 * 1024),
        intervalMs: 0,
        totalBytes: 1024 ** 3,
        processed: true,
      },
    ]);
    const client = new SignalRServiceClient(cs, 'hub');
    await client.sendToAll('note', ['hi']);
    expect(server.received[0]?.bytesSent).toBeLessThan(64 * 1024 * 1024);
  });

  it('a success whose data is not JSON is a PARSE_ERROR', async () => {
    server.plan([
      { kind: 'status', reply: { status: 200, body: '<html>maintenance</html>' }, processed: true },
    ]);
    const client = new WebPubSubServiceClient(cs, 'hub');
    await expect(client.group('g').listConnections().next()).rejects.toMatchObject({
      name: 'RestError',
      code: 'PARSE_ERROR',
    });
  });
});

describe('redaction comes before the message is cut', () => {
  const opaque = `opaque-entra-token-${crypto.randomUUID()}-${'t'.repeat(40)}`;
  const entra: TokenCredential = {
    getToken: async () => ({ token: opaque, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };

  /** Every 12-character piece of `token`: none may show. */
  const pieces = (token: string) =>
    Array.from({ length: token.length - 11 }, (_, i) => token.slice(i, i + 12));

  // The echoed token starts before the 500-character cut and ends after it.
  it.each([
    ['a JWT signed with the access key', () => new WebPubSubServiceClient(cs, 'hub')],
    ['an opaque Entra ID token', () => new WebPubSubServiceClient(server.url, entra, 'hub')],
  ])('%s, echoed across the cut', async (_, makeClient) => {
    let token = '';
    // The server echoes the token it received; the fault is picked after onRequest runs.
    server.onRequest = (index) => {
      token = String(server.received[index]?.headers.authorization).replace(/^Bearer /, '');
      const body = `Rejected request: ${'.'.repeat(450)} token ${token} end`;
      server.plan([], {
        kind: 'status',
        reply: { status: 401, headers: { 'content-type': 'text/plain' }, body },
        processed: false,
      });
    };
    const client = makeClient();
    const error = (await reject(client.group('g').addUser('u'))) as RestError;
    expect(token.length).toBeGreaterThan(60);
    expect(error).toBeInstanceOf(RestError);
    expect(error.message).toContain('Rejected request: ...');
    for (const piece of pieces(token)) expect(error.message).not.toContain(piece);
  });
});
