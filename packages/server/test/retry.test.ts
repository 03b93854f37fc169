// Retry settings and the failures outside the fault matrix (HEAD, 4xx, Retry-After cap, health), and
// which network failures prove that nothing was sent (TLS ones against real loopback servers).
// The matrix of transient faults × sends and idempotent operations is in fault-matrix.test.ts.
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { WebPubSubServiceClient, type WebPubSubServiceClientOptions } from '../src/index.js';
import { isIdempotent, neverConnected, retryAfterMs } from '../src/retry.js';
import type { Reply } from './helpers/recording-server.js';
import {
  startRecordingServer,
  successReply,
  useRecordingServer,
} from './helpers/recording-server.js';
import { selfSignedCertificate, startTlsFailingServer, TLS_FAULTS } from './helpers/tls-servers.js';

/** Node's message when the peer closes the socket before the TLS handshake completes. */
const CLOSED_IN_HANDSHAKE =
  'Client network socket disconnected before secure TLS connection was established';

const KEY = 'retry-test-key';
const server = useRecordingServer();

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
  it('reads seconds, milliseconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const after = (headers: Record<string, string>) => retryAfterMs(new Headers(headers), now);
    expect(after({ 'retry-after': '2' })).toBe(2000);
    expect(after({ 'retry-after-ms': '150', 'retry-after': '9' })).toBe(150);
    expect(after({ 'x-ms-retry-after-ms': '40' })).toBe(40);
    expect(after({ 'retry-after': new Date(now + 5000).toUTCString() })).toBe(5000);
    expect(after({ 'retry-after': new Date(now - 5000).toUTCString() })).toBe(0);
    expect(after({ 'retry-after': 'soon' })).toBeUndefined();
  });

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

// Sends are retried after a network failure only when it proves nothing was sent.
describe('network failures that prove nothing was sent', () => {
  it('a refused connection, as fetch reports it', async () => {
    const closed = await startRecordingServer();
    await closed.close();
    const error = await fetch(closed.url).catch((e: unknown) => e);
    expect(neverConnected(error)).toBe(true);
  });

  const refused = { code: 'ECONNREFUSED' };
  it.each([
    ['DNS failure', { cause: { code: 'ENOTFOUND' } }, true],
    ['DNS lookup timeout', { cause: { code: 'EAI_AGAIN' } }, true],
    ['connect timeout', { cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } }, true],
    ['every address refused', { cause: new AggregateError([refused, refused]) }, true],
    ['one address reset', { cause: new AggregateError([refused, { code: 'ECONNRESET' }]) }, false],
    ['connection reset', { cause: { code: 'ECONNRESET' } }, false],
    ['socket closed by the server', { cause: { code: 'UND_ERR_SOCKET' } }, false],
    ['an error without a code (another runtime)', new TypeError('Network request failed'), false],
    // TLS: the request is written only once the handshake succeeded.
    ['self-signed certificate', { cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } }, true],
    ['certificate for another host', { cause: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } }, true],
    ['unknown issuer', { cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } }, true],
    ['expired certificate', { cause: { code: 'CERT_HAS_EXPIRED' } }, true],
    ['not a TLS server', { cause: { code: 'ERR_SSL_WRONG_VERSION_NUMBER' } }, true],
    ['handshake alert', { cause: { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' } }, true],
    ['no common protocol', { cause: { code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' } }, true],
    [
      'closed in the handshake',
      { cause: { code: 'ECONNRESET', message: CLOSED_IN_HANDSHAKE } },
      true,
    ],
    // TLS errors that can also happen after the request went out.
    ['bad record MAC', { cause: { code: 'ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC' } }, false],
    ['unexpected EOF', { cause: { code: 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING' } }, false],
  ])('%s → %s', (_name, error, expected) => {
    expect(neverConnected(error)).toBe(expected);
  });

  describe('real TLS failures, as Node reports them', () => {
    const failure = async (connect: () => Promise<unknown>) =>
      connect().then(
        () => undefined,
        (e: unknown) => e,
      );

    it.each(TLS_FAULTS)('fetch meeting %s', async (fault) => {
      const tls = await startTlsFailingServer(fault);
      try {
        expect(neverConnected(await failure(() => fetch(`https://127.0.0.1:${tls.port}/`)))).toBe(
          true,
        );
      } finally {
        await tls.close();
      }
    });

    it('a certificate for another host name (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
      const tls = await startTlsFailingServer('a self-signed certificate');
      try {
        const error = await failure(
          () =>
            new Promise((resolve, reject) => {
              const socket = connectTls({
                port: tls.port,
                host: '127.0.0.1',
                servername: 'svc.webpubsub.azure.com',
                ca: selfSignedCertificate().cert,
              });
              socket.once('secureConnect', () => resolve(socket.destroy()));
              socket.once('error', reject);
            }),
        );
        expect((error as { code?: string }).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
        expect(neverConnected(new TypeError('fetch failed', { cause: error }))).toBe(true);
      } finally {
        await tls.close();
      }
    });

    it('a reset answering the ClientHello stays ambiguous: Node reports it like any reset', async () => {
      const rst = createTcpServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
      await new Promise<void>((resolve) => rst.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = rst.address() as AddressInfo;
        const error = await failure(() => fetch(`https://127.0.0.1:${port}/`));
        expect((error as { cause?: { message?: string } }).cause?.message).toBe('read ECONNRESET');
        expect(neverConnected(error)).toBe(false);
      } finally {
        await new Promise((resolve) => rst.close(resolve));
      }
    });
  });
});

describe('which requests are idempotent', () => {
  const hub = 'https://x.example/api/hubs/chat';
  it.each([
    ['PUT', `${hub}/users/u/groups/g`, true],
    ['DELETE', `${hub}/connections/c`, true],
    ['HEAD', `${hub}/users/u`, true],
    ['GET', 'https://x.example/api/v1/auth/accessKey', true],
    ['POST', `${hub}/:addToGroups?api-version=2024-12-01`, true],
    ['POST', `${hub}/:removeFromGroups?api-version=2024-12-01`, true],
    ['POST', `${hub}/groups/g/:closeConnections?reason=x`, true],
    ['POST', `${hub}/users/u/:closeConnections`, true],
    ['POST', `${hub}/:generateToken?userId=u`, true],
    ['POST', `${hub}/:send?api-version=2024-12-01`, false],
    ['POST', `${hub}/groups/g/:send`, false],
    // A group or user literally named like an action is still a send.
    ['POST', `${hub}/groups/:closeConnections/:send`, false],
    ['POST', 'https://x.example/api/v1/hubs/chat/users/u', false],
  ])('%s %s → %s', (method, url, expected) => {
    expect(isIdempotent(method, url)).toBe(expected);
  });
});
