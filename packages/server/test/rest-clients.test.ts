// The raw clients from createWebPubSubRestClient / createSignalRRestClient: any generated operation
// works with them, each request signed for its own URL (verified with jose against the key), retried,
// given the default api-version when the call has none, and with echoed credentials cut from errors.
import { signalRBroadcast, signalRCheckUserExistence } from '@hubcast/signalr-rest';
import {
  signalRCheckUserExistence as currentUserExists,
  signalRListConnectionsInGroup,
} from '@hubcast/signalr-rest/2024-12-01';
import {
  ResponseError,
  webPubSubAddUserToGroup,
  webPubSubGenerateClientToken,
  webPubSubGroupExists,
  webPubSubSendToAll,
} from '@hubcast/webpubsub-rest';
import { jwtVerify } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSignalRRestClient, createWebPubSubRestClient } from '../src/index.js';
import { json, type Reply, successReply, useRecordingServer } from './helpers/recording-server.js';

const KEY = 'cmF3IGNsaWVudCB0ZXN0IGtleSwgbmV2ZXIgcHJpbnQgaXQh';
let script: Reply[] = [];
const server = useRecordingServer((request) => script.shift() ?? successReply(request));
let cs: string;

beforeAll(() => {
  cs = `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`;
});
beforeEach(() => {
  script = [];
});

/** The claims of the request's token, verified with the access key. */
async function claimsOf(authorization: unknown): Promise<Record<string, unknown>> {
  const token = String(authorization).replace(/^Bearer /, '');
  const { payload } = await jwtVerify(token, new TextEncoder().encode(KEY));
  return payload;
}

describe('createWebPubSubRestClient', () => {
  it('signs every operation for its own URL (aud = the full URL, query included)', async () => {
    const client = createWebPubSubRestClient(cs);
    const query = { 'api-version': '2024-12-01' };
    const sent = await webPubSubSendToAll({ client, path: { hub: 'chat' }, query, body: { a: 1 } });
    const added = await webPubSubAddUserToGroup({
      client,
      path: { hub: 'chat', group: 'room', userId: 'alice' },
      query,
    });
    expect(sent.response?.status).toBe(202);
    expect(added.response?.status).toBe(200);
    const [send, add] = server.take();
    expect(send?.body.toString()).toBe('{"a":1}');
    expect((await claimsOf(send?.headers.authorization)).aud).toBe(
      `${server.url}/api/hubs/chat/:send?api-version=2024-12-01`,
    );
    expect((await claimsOf(add?.headers.authorization)).aud).toBe(
      `${server.url}/api/hubs/chat/users/alice/groups/room?api-version=2024-12-01`,
    );
    expect(String(send?.headers['user-agent'])).toMatch(/^hubcast\//);
  });

  it('adds the default api-version to a call without one, and signs the URL with it', async () => {
    const client = createWebPubSubRestClient(
      `http://127.0.0.1:${server.port}`,
      { key: KEY },
      {
        apiVersion: '2024-01-01',
      },
    );
    const result = await webPubSubGroupExists({
      client,
      path: { hub: 'chat', group: 'room' },
      query: {} as never,
    });
    expect(result.response?.status).toBe(200);
    const [request] = server.take();
    expect(request?.target).toBe('/api/hubs/chat/groups/room?api-version=2024-01-01');
    expect((await claimsOf(request?.headers.authorization)).aud).toBe(
      `${server.url}/api/hubs/chat/groups/room?api-version=2024-01-01`,
    );
  });

  it('retries, and parses JSON results', async () => {
    const client = createWebPubSubRestClient(cs, { retryOptions: { retryDelayInMs: 1 } });
    script = [{ status: 503 }];
    const { data } = await webPubSubGenerateClientToken({
      client,
      path: { hub: 'chat' },
      query: { 'api-version': '2024-12-01', userId: 'alice' },
    });
    expect(data).toEqual({ token: 'service-minted-token' });
    expect(server.take()).toHaveLength(2);
  });

  it('cuts an echoed token from the error body, and throwOnError throws a ResponseError', async () => {
    const client = createWebPubSubRestClient(cs);
    const echo = (request: { headers: Record<string, unknown> }) =>
      json(401, { code: 'InvalidToken', message: `Rejected ${request.headers.authorization}` });
    server.respond = (request) => echo(request);
    try {
      const query = { 'api-version': '2024-12-01' };
      const result = await webPubSubSendToAll({ client, path: { hub: 'chat' }, query, body: 'x' });
      expect(result.response?.status).toBe(401);
      expect(result.error).toEqual({ code: 'InvalidToken', message: 'Rejected Bearer [redacted]' });
      const thrown = await webPubSubSendToAll({
        client,
        path: { hub: 'chat' },
        query,
        body: 'x',
        throwOnError: true,
      }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ResponseError);
      expect((thrown as ResponseError).message).toBe(
        'The service answered 401: Rejected Bearer [redacted]',
      );
    } finally {
      server.respond = (request) => script.shift() ?? successReply(request);
    }
  });
});

describe('createSignalRRestClient', () => {
  it('serves v1 and 2024-12-01 operations; aud is the URL without its query', async () => {
    const client = createSignalRRestClient(cs);
    await signalRBroadcast({
      client,
      path: { hub: 'chat' },
      body: { Target: 't', Arguments: [1] },
    });
    await signalRCheckUserExistence({ client, path: { hub: 'chat', user: 'u' } });
    await currentUserExists({ client, path: { hub: 'chat', user: 'u' }, query: {} as never });
    const { data } = await signalRListConnectionsInGroup({
      client,
      path: { hub: 'chat', group: 'room' },
      query: { 'api-version': '2024-12-01', maxpagesize: 10 },
    });
    expect(data).toEqual({ value: [{ connectionId: 'c1', userId: 'u1' }] });
    const sent = server.take();
    expect(sent.map((r) => `${r.method} ${r.target}`)).toEqual([
      'POST /api/v1/hubs/chat',
      'GET /api/v1/hubs/chat/users/u',
      'HEAD /api/hubs/chat/users/u?api-version=2024-12-01',
      'GET /api/hubs/chat/groups/room/connections?api-version=2024-12-01&maxpagesize=10',
    ]);
    const audiences = await Promise.all(
      sent.map(async (r) => (await claimsOf(r.headers.authorization)).aud),
    );
    expect(audiences).toEqual([
      `${server.url}/api/v1/hubs/chat`,
      `${server.url}/api/v1/hubs/chat/users/u`,
      `${server.url}/api/hubs/chat/users/u`,
      `${server.url}/api/hubs/chat/groups/room/connections`,
    ]);
  });

  it("sends to the connection string's ServerEndpoint and signs for its Endpoint", async () => {
    const client = createSignalRRestClient(
      `Endpoint=https://x.service.signalr.net;AccessKey=${KEY};ServerEndpoint=${server.url};Version=1.0;`,
    );
    await signalRCheckUserExistence({ client, path: { hub: 'chat', user: 'u' } });
    const [request] = server.take();
    expect(request?.target).toBe('/api/v1/hubs/chat/users/u');
    expect((await claimsOf(request?.headers.authorization)).aud).toBe(
      'https://x.service.signalr.net/api/v1/hubs/chat/users/u',
    );
  });
});
