// Retry, timeout and abort behaviour against a fault-injecting loopback server. Request counts prove
// what was (and was not) sent again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  RestError,
  WebPubSubServiceClient,
  type WebPubSubServiceClientOptions,
} from '../src/index.js';
import type { RecordingServer, Reply } from './helpers/recording-server.js';
import { startRecordingServer, successReply } from './helpers/recording-server.js';

const KEY = 'retry-test-key';
let server: RecordingServer;
let times: number[];

beforeAll(async () => {
  server = await startRecordingServer();
});
afterEach(() => {
  server.respond = successReply;
  server.take();
});
afterAll(() => server.close());

function makeClient(options: WebPubSubServiceClientOptions = {}) {
  return new WebPubSubServiceClient(
    `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`,
    'hub',
    { retry: { retryDelayInMs: 1, maxRetryDelayInMs: 20 }, ...options },
  );
}

/** Answers the first `faults` requests with `fault`, then succeeds; records arrival times. */
function faultsThenSuccess(faults: number, fault: Reply | 'drop' | number): void {
  times = [];
  server.respond = (request, index) => {
    times.push(performance.now());
    if (index < faults) {
      if (fault === 'drop') throw new Error('drop the connection');
      if (typeof fault === 'number') {
        return new Promise<Reply>((resolve) =>
          setTimeout(() => resolve(successReply(request)), fault),
        );
      }
      return fault;
    }
    return successReply(request);
  };
}

const send = (c: WebPubSubServiceClient, signal?: AbortSignal) =>
  c.sendToAll({ n: 1 }, { abortSignal: signal });
const put = (c: WebPubSubServiceClient, signal?: AbortSignal) =>
  c.group('g').addUser('u', { abortSignal: signal });

describe('which failures are retried', () => {
  it('a send answered 500 is not retried (it may have been delivered)', async () => {
    faultsThenSuccess(1, { status: 500 });
    const error = await send(makeClient()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).statusCode).toBe(500);
    expect(server.take()).toHaveLength(1);
  });

  it.each([
    ['PUT', put],
    ['DELETE', (c: WebPubSubServiceClient) => c.removeUserFromAllGroups('u')],
    ['HEAD', (c: WebPubSubServiceClient) => c.userExists('u')],
  ])('%s answered 500 is retried (idempotent)', async (_method, call) => {
    faultsThenSuccess(2, { status: 500 });
    await call(makeClient());
    expect(server.take()).toHaveLength(3);
  });

  it.each([408, 429, 502, 503, 504])('a send answered %i is retried', async (status) => {
    faultsThenSuccess(1, { status });
    await send(makeClient());
    const requests = server.take();
    expect(requests).toHaveLength(2);
    // The retry carries the same body.
    expect(requests[1]?.body.toString()).toBe('{"n":1}');
    expect(requests[1]?.body.equals(requests[0]?.body as Buffer)).toBe(true);
  });

  it('a dropped connection is retried, for sends too', async () => {
    faultsThenSuccess(2, 'drop');
    await send(makeClient());
    expect(server.take()).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 409, 413])('%i is not retried', async (status) => {
    faultsThenSuccess(5, { status });
    await expect(put(makeClient())).rejects.toMatchObject({ statusCode: status });
    expect(server.take()).toHaveLength(1);
  });

  it('gives up after maxRetries and reports the last status', async () => {
    faultsThenSuccess(100, { status: 503 });
    await expect(
      send(makeClient({ retry: { maxRetries: 2, retryDelayInMs: 1 } })),
    ).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 503,
    });
    expect(server.take()).toHaveLength(3);
  });

  it('defaults to 3 retries', async () => {
    faultsThenSuccess(100, { status: 502 });
    await expect(send(makeClient())).rejects.toMatchObject({ statusCode: 502 });
    expect(server.take()).toHaveLength(4);
  });

  it('maxRetries 0 turns retries off', async () => {
    faultsThenSuccess(100, { status: 503 });
    await expect(send(makeClient({ retry: { maxRetries: 0 } }))).rejects.toMatchObject({
      statusCode: 503,
    });
    expect(server.take()).toHaveLength(1);
  });

  it('accepts the @azure/web-pubsub option name retryOptions', async () => {
    faultsThenSuccess(100, { status: 503 });
    const client = makeClient({
      retry: undefined,
      retryOptions: { maxRetries: 1, retryDelayInMs: 1 },
    });
    await expect(send(client)).rejects.toMatchObject({ statusCode: 503 });
    expect(server.take()).toHaveLength(2);
  });

  it('a refused connection ends in a RestError with code REQUEST_SEND_ERROR', async () => {
    const closed = await startRecordingServer();
    const port = closed.port;
    await closed.close();
    const client = new WebPubSubServiceClient(
      `Endpoint=http://127.0.0.1;Port=${port};AccessKey=${KEY};`,
      'hub',
      { retry: { maxRetries: 1, retryDelayInMs: 1 } },
    );
    const error = (await send(client).catch((e: unknown) => e)) as RestError;
    expect(error).toBeInstanceOf(RestError);
    expect(error.code).toBe(RestError.REQUEST_SEND_ERROR);
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toContain(`POST http://127.0.0.1:${port}/api/hubs/hub/:send`);
  });
});

describe('Retry-After', () => {
  it('waits the seconds of Retry-After', async () => {
    faultsThenSuccess(1, { status: 429, headers: { 'retry-after': '1' } });
    await send(makeClient({ retry: { retryDelayInMs: 1, maxRetryDelayInMs: 5000 } }));
    expect(server.take()).toHaveLength(2);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(950);
  });

  it('waits the milliseconds of retry-after-ms', async () => {
    faultsThenSuccess(1, { status: 503, headers: { 'retry-after-ms': '200' } });
    await send(makeClient({ retry: { retryDelayInMs: 1, maxRetryDelayInMs: 5000 } }));
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(190);
  });

  it('caps Retry-After at maxRetryDelayInMs', async () => {
    faultsThenSuccess(1, { status: 503, headers: { 'retry-after': '30' } });
    const started = performance.now();
    await send(makeClient({ retry: { retryDelayInMs: 1, maxRetryDelayInMs: 50 } }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.take()).toHaveLength(2);
  });
});

describe('timeouts and abort', () => {
  it('times out a slow attempt and retries it', async () => {
    // Generous against a slow machine: the second, fast answer must not time out too.
    faultsThenSuccess(1, 1500);
    await send(makeClient({ timeoutInMs: 400 }));
    expect(server.take()).toHaveLength(2);
  });

  it('reports a timeout after the last attempt', async () => {
    faultsThenSuccess(100, 400);
    const error = (await send(
      makeClient({ timeoutInMs: 50, retry: { maxRetries: 1, retryDelayInMs: 1 } }),
    ).catch((e: unknown) => e)) as RestError;
    expect(error).toBeInstanceOf(RestError);
    expect(error.code).toBe(RestError.REQUEST_SEND_ERROR);
    expect(error.message).toMatch(/timed out after 50 ms/);
    expect(server.take()).toHaveLength(2);
  });

  it('abortSignal stops an attempt in flight, without retrying', async () => {
    faultsThenSuccess(100, 1000);
    const controller = new AbortController();
    // Abort once the request is in flight at the server (not on a timer, which a loaded CI machine can
    // beat), while its slow answer is still pending.
    const slow = server.respond;
    server.respond = (request, index) => {
      setTimeout(() => controller.abort(), 10);
      return slow(request, index);
    };
    const started = performance.now();
    const error = await send(makeClient(), controller.signal).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(900);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.take()).toHaveLength(1);
  });

  it('abortSignal stops the wait between retries', async () => {
    faultsThenSuccess(100, { status: 503, headers: { 'retry-after': '10' } });
    const controller = new AbortController();
    const client = makeClient({ retry: { maxRetries: 3, maxRetryDelayInMs: 60_000 } });
    const answer = server.respond;
    server.respond = (request, index) => {
      // Abort while the client waits out Retry-After, i.e. after the first answer has gone back.
      setTimeout(() => controller.abort(new Error('stop now')), 50);
      return answer(request, index);
    };
    const pending = send(client, controller.signal);
    await expect(pending).rejects.toThrow('stop now');
    expect(server.take()).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const error = await send(makeClient(), AbortSignal.abort()).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(server.take()).toHaveLength(0);
  });

  it('isServiceHealthy is false for a failing service and true for a healthy one', async () => {
    const client = makeClient({ retry: { maxRetries: 0 } });
    expect(await client.isServiceHealthy()).toBe(true);
    expect(server.take().map((r) => `${r.method} ${r.target}`)).toEqual([
      'HEAD /api/health?api-version=2024-12-01',
    ]);
    server.respond = () => ({ status: 503 });
    expect(await client.isServiceHealthy()).toBe(false);
  });
});
