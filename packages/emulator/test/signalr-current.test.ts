// SignalR's current REST API (api-version 2024-12-01) against real clients: client results with
// @microsoft/signalr handlers that return values, stream items to a raw hub-protocol client, tokens
// from :generateToken, the `application` parameter, the route family's audience rule and request bodies.
import {
  signalRBroadcast,
  signalRCheckUserExistence,
  signalRCompleteConnectionStream,
  signalRGenerateClientToken,
  signalRGetAccessKey,
  signalRGetHealthStatus,
  signalRInvokeClientConnection,
  signalRSendToConnection,
  signalRSendToConnectionStream,
  signalRSendToUser,
} from '@hubcast/signalr-rest/2024-12-01';
import type { HubConnection } from '@microsoft/signalr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { connectClient, currentRestClient, until, V } from './helpers/signalr-current.js';
import { type Emulator, restCall, signToken, WsProbe } from './helpers.js';

const INVOCATION_TIMEOUT_MS = 300;
let emulator: Emulator;
let rest: ReturnType<typeof currentRestClient>;
const open: HubConnection[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    webPubSubPort: 0,
    signalRPort: 0,
    signalRInvocationTimeoutMs: INVOCATION_TIMEOUT_MS,
  });
  rest = currentRestClient(emulator);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop()));
});
afterAll(() => emulator.close());

const connect = (options: Parameters<typeof connectClient>[2] = {}) =>
  connectClient(emulator, open, options);
const invoke = (connectionId: string, target: string, args: unknown[] = []) =>
  signalRInvokeClientConnection({
    client: rest,
    path: { hub: 'chat', connectionId },
    query: V,
    body: { target, arguments: args },
  });

describe(':invoke (client results) with @microsoft/signalr', () => {
  it("returns the value the client's handler returned", async () => {
    const c = await connect();
    c.connection.on('confirm', (question: string, n: number) => ({
      answer: `yes: ${question}`,
      n,
    }));
    const { response, data } = await invoke(c.id, 'Confirm', ['delete?', 2]);
    expect(response?.status).toBe(200);
    expect(data).toEqual({ result: { answer: 'yes: delete?', n: 2 } });
  });

  it('awaits an async handler and keeps results of concurrent invocations apart', async () => {
    const c = await connect();
    c.connection.on('slowEcho', async (value: number) => {
      await new Promise((r) => setTimeout(r, 50 - value * 10));
      return value * 2;
    });
    const results = await Promise.all([1, 2, 3].map((n) => invoke(c.id, 'slowEcho', [n])));
    expect(results.map((r) => r.data)).toEqual([{ result: 2 }, { result: 4 }, { result: 6 }]);
  });

  it('answers 400 with the error when the handler throws or the client has no handler', async () => {
    const c = await connect();
    c.connection.on('fail', () => {
      throw new Error('nope, not today');
    });
    const thrown = await invoke(c.id, 'fail');
    expect(thrown.response?.status).toBe(400);
    expect(thrown.response?.headers.get('x-ms-error-code')).toBe('ClientInvocationFailed');
    expect(thrown.error).toMatchObject({ code: 'ClientInvocationFailed' });
    expect((thrown.error as { message: string }).message).toContain('nope, not today');
    const missing = await invoke(c.id, 'noSuchMethod');
    expect(missing.response?.status).toBe(400);
    expect((missing.error as { message: string }).message).toContain(
      "Client didn't provide a result.",
    );
  });

  it('answers 404 for an unknown connection and when the client leaves before answering', async () => {
    expect((await invoke('no-such-connection', 'x')).response?.status).toBe(404);
    const c = await connect();
    c.connection.on('never', () => new Promise(() => {}));
    const pending = invoke(c.id, 'never');
    await new Promise((r) => setTimeout(r, 50));
    await c.connection.stop();
    const { response, error } = await pending;
    expect(response?.status).toBe(404);
    expect(error).toMatchObject({ code: 'ConnectionNotFound' });
  });

  it('answers 504 when the client does not answer within the invocation timeout', async () => {
    const c = await connect();
    c.connection.on('never', () => new Promise(() => {}));
    const started = Date.now();
    const { response, error } = await invoke(c.id, 'never');
    expect(response?.status).toBe(504);
    expect(error).toMatchObject({ code: 'ClientInvocationTimeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(INVOCATION_TIMEOUT_MS - 20);
  });
});

describe('streams, with a raw JSON hub-protocol client', () => {
  /** A WebSocket client that speaks the documented protocol: handshake, then records. */
  async function rawClient() {
    const url = `${emulator.signalR.endpoint}/client/?hub=chat`;
    const token = await signToken({ aud: url });
    const negotiate = await fetch(
      `${emulator.signalR.endpoint}/client/negotiate?hub=chat&negotiateVersion=1`,
      { method: 'POST', headers: { authorization: `Bearer ${token}` } },
    );
    const { connectionId, connectionToken } = await negotiate.json();
    const ws = `${url.replace(/^http/, 'ws')}&id=${connectionToken}&access_token=${token}`;
    const probe = await WsProbe.connect(ws);
    probe.socket.send('{"protocol":"json","version":1}\x1e');
    expect((await probe.next()).data.toString()).toBe('{}\x1e');
    const records = async () => (await probe.next()).data.toString();
    return { probe, connectionId: connectionId as string, records };
  }

  it('delivers items with the stream id, then a completion (with the error when given)', async () => {
    const { probe, connectionId, records } = await rawClient();
    const path = { hub: 'chat', connectionId, streamId: 'inv-1' };
    const sent = await signalRSendToConnectionStream({
      client: rest,
      path,
      query: V,
      body: { n: 1 },
    });
    expect(sent.response?.status).toBe(202);
    expect(await records()).toBe('{"type":2,"invocationId":"inv-1","item":{"n":1}}\x1e');
    await signalRSendToConnectionStream({
      client: rest,
      path,
      query: { ...V, completed: true },
      body: [2, 'ü'],
    });
    expect(await records()).toBe('{"type":2,"invocationId":"inv-1","item":[2,"ü"]}\x1e');
    expect(await records()).toBe('{"type":3,"invocationId":"inv-1"}\x1e');
    const failed = { ...path, streamId: 'inv-2' };
    await signalRCompleteConnectionStream({
      client: rest,
      path: failed,
      query: { ...V, reason: 'boom' },
    });
    expect(await records()).toBe('{"type":3,"invocationId":"inv-2","error":"boom"}\x1e');
    // Microsoft's Management SDK names the completion's error `error`.
    const url = `${emulator.signalR.endpoint}/api/hubs/chat/connections/${connectionId}/streams/inv-3/:complete?api-version=2024-12-01&error=bad`;
    expect((await restCall('POST', url, { aud: url.split('?')[0] })).status).toBe(202);
    expect(await records()).toBe('{"type":3,"invocationId":"inv-3","error":"bad"}\x1e');
    await probe.close();
  });
});

describe('client tokens, application and the rest of the route family', () => {
  it(':generateToken returns a token the emulator accepts for that user', async () => {
    const { data } = await signalRGenerateClientToken({
      client: rest,
      path: { hub: 'shop_chat' },
      query: { ...V, userId: 'gen-user', minutesToExpire: 5 },
    });
    const token = (data as { token: string }).token;
    const c = await connect({ hub: 'shop_chat', accessToken: token });
    expect(c.id).toBeTruthy();
    const exists = await signalRCheckUserExistence({
      client: rest,
      path: { hub: 'chat', user: 'gen-user' },
      query: { ...V, application: 'shop' },
    });
    expect(exists.response?.status).toBe(200);
  });

  it('application=shop addresses the hub shop_chat, where v1 clients of {app}_{hub} are', async () => {
    const inApp = await connect({ hub: 'shop_chat', user: 'amy' });
    const plain = await connect({ user: 'amy' });
    await signalRSendToUser({
      client: rest,
      path: { hub: 'chat', user: 'amy' },
      query: { ...V, application: 'shop' },
      body: { target: 'newMessage', arguments: ['shop only'] },
    });
    await until(inApp.received, 1);
    expect(inApp.received).toEqual([{ target: 'newMessage', args: ['shop only'] }]);
    expect(plain.received).toEqual([]);
  });

  it('accepts PascalCase bodies (as the .NET SDK sends them) and refuses a missing target', async () => {
    const c = await connect();
    const url = `${emulator.signalR.endpoint}/api/hubs/chat/connections/${c.id}/:send?api-version=2024-12-01`;
    const body = JSON.stringify({ Target: 'newMessage', Arguments: ['pascal'] });
    const ok = await restCall('POST', url, {
      aud: url.split('?')[0],
      body,
      contentType: 'application/json',
    });
    expect(ok.status).toBe(202);
    await until(c.received, 1);
    expect(c.received[0]).toEqual({ target: 'newMessage', args: ['pascal'] });
    const empty = await signalRSendToConnection({
      client: rest,
      path: { hub: 'chat', connectionId: c.id },
      query: V,
      body: { arguments: [] } as never,
    });
    expect(empty.response?.status).toBe(400);
  });

  it('answers health, the signing key and broadcasts under /api', async () => {
    expect((await signalRGetHealthStatus({ client: rest, query: V })).response?.status).toBe(200);
    const key = await signalRGetAccessKey({ client: rest, query: V });
    expect(key.data).toMatchObject({ KeyId: expect.stringMatching(/^emulator-/) });
    const sent = await signalRBroadcast({
      client: rest,
      path: { hub: 'chat' },
      query: V,
      body: { target: 'x' },
    });
    expect(sent.response?.status).toBe(202);
  });

  it('takes aud without the query, or with part of it; not with a query the request lacks', async () => {
    const url = `${emulator.signalR.endpoint}/api/hubs/chat/:send?application=shop&api-version=2024-12-01&excluded=c1`;
    const call = (aud: string) =>
      restCall('POST', url, { aud, body: '{"target":"m"}', contentType: 'application/json' });
    const path = url.split('?')[0] as string;
    expect((await call(path)).status).toBe(202);
    // What Management SDK versions for 2022-06-01 signed: application and api-version only.
    expect((await call(`${path}?application=shop&api-version=2024-12-01`)).status).toBe(202);
    expect((await call(url)).status).toBe(202);
    expect((await call(`${path}?application=other`)).status).toBe(401);
    expect((await call(`${emulator.signalR.endpoint}/api/hubs/chat`)).status).toBe(401);
  });
});
