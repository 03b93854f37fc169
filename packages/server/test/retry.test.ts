// Retry settings and the failures outside the fault matrix (HEAD, 4xx, Retry-After cap, health).
// The matrix of transient faults × sends and idempotent operations is in fault-matrix.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebPubSubServiceClient, type WebPubSubServiceClientOptions } from '../src/index.js';
import type { RecordingServer, Reply } from './helpers/recording-server.js';
import { startRecordingServer, successReply } from './helpers/recording-server.js';

const KEY = 'retry-test-key';
let server: RecordingServer;

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

/** Answers the first `faults` requests with `fault`, then succeeds. */
function faultsThenSuccess(faults: number, fault: Reply): void {
  server.respond = (request, index) => (index < faults ? fault : successReply(request));
}

const send = (c: WebPubSubServiceClient) => c.sendToAll({ n: 1 });
const put = (c: WebPubSubServiceClient) => c.group('g').addUser('u');

describe('which failures are retried', () => {
  // PUT and DELETE are in the fault matrix; HEAD is idempotent too.
  it('HEAD answered 500 is retried (idempotent)', async () => {
    faultsThenSuccess(2, { status: 500 });
    expect(await makeClient().userExists('u')).toBe(true);
    expect(server.take()).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 409, 413])('%i is not retried', async (status) => {
    faultsThenSuccess(5, { status });
    await expect(put(makeClient())).rejects.toMatchObject({ statusCode: status });
    expect(server.take()).toHaveLength(1);
  });

  it('defaults to 3 retries', async () => {
    faultsThenSuccess(100, { status: 503 });
    await expect(send(makeClient())).rejects.toMatchObject({ statusCode: 503 });
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
});

describe('Retry-After', () => {
  it('caps Retry-After at maxRetryDelayInMs', async () => {
    faultsThenSuccess(1, { status: 503, headers: { 'retry-after': '30' } });
    const started = performance.now();
    await send(makeClient({ retry: { retryDelayInMs: 1, maxRetryDelayInMs: 50 } }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.take()).toHaveLength(2);
  });
});

describe('health', () => {
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
