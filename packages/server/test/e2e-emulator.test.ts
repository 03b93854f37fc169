// End to end: @hubcast/server against the real @hubcast/emulator over HTTP and WebSockets, with plain
// `ws` clients for Web PubSub and @microsoft/signalr for SignalR.
import { once } from 'node:events';
import { type Emulator, startEmulator } from '@hubcast/emulator';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RestError, SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
});
afterAll(() => emulator.close());

/** A plain WebSocket client that collects every frame as text (binary frames as hex). */
async function plainClient(wps: WebPubSubServiceClient, userId: string, groups?: string[]) {
  const { url } = await wps.getClientAccessToken({ userId, groups });
  const socket = new WebSocket(url);
  const frames: string[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data: Buffer, isBinary) => {
    frames.push(isBinary ? `bin:${data.toString('hex')}` : data.toString());
    for (const w of waiters.splice(0)) w();
  });
  const closed = once(socket, 'close').then(([code, reason]) => ({ code, reason: String(reason) }));
  await once(socket, 'open');
  const next = async (count = 1) => {
    const deadline = Date.now() + 5000;
    while (frames.length < count && Date.now() < deadline) {
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
    return frames.slice(0, count);
  };
  return { socket, frames, next, closed };
}

describe('Web PubSub end to end', () => {
  const hub = 'e2e';
  let wps: WebPubSubServiceClient;
  beforeAll(() => {
    wps = new WebPubSubServiceClient(emulator.webPubSub.connectionString, hub);
  });

  it('delivers JSON, text and binary sends to a plain WebSocket exactly', async () => {
    const c = await plainClient(wps, 'u-types');
    await wps.sendToUser('u-types', { a: 1, s: 'é' });
    await wps.sendToUser('u-types', 'plain', { contentType: 'text/plain' });
    await wps.sendToUser('u-types', new Uint8Array([1, 2, 255]));
    expect(await c.next(3)).toEqual(['{"a":1,"s":"é"}', 'plain', 'bin:0102ff']);
    c.socket.close();
  });

  it('routes by group, user and filter, and honours excluded connections', async () => {
    const a = await plainClient(wps, 'alice', ['g1']);
    const b = await plainClient(wps, 'bob');
    expect(await wps.userExists('alice')).toBe(true);
    expect(await wps.groupExists('g1')).toBe(true);
    expect(await wps.groupExists('g2')).toBe(false);

    await wps.group('g2').addUser('bob');
    await wps.group('g2').sendToAll({ to: 'g2' });
    expect(await b.next()).toEqual(['{"to":"g2"}']);

    await wps.sendToAll({ to: 'not-alice' }, { filter: "userId ne 'alice'" });
    expect(await b.next(2)).toEqual(['{"to":"g2"}', '{"to":"not-alice"}']);
    expect(a.frames).toEqual([]);

    const members: string[] = [];
    for await (const member of wps.group('g1').listConnections({ maxPageSize: 1 })) {
      members.push(member.userId ?? '');
    }
    expect(members).toEqual(['alice']);
    a.socket.close();
    b.socket.close();
  });

  it('closes a user connection with the reason and reports it gone', async () => {
    const c = await plainClient(wps, 'closer');
    await wps.closeUserConnections('closer', { reason: 'bye from e2e' });
    const closed = await c.closed;
    expect(closed.reason).toBe('bye from e2e');
    expect(await wps.userExists('closer')).toBe(false);
  });

  it('surfaces a service-side 400 as a RestError with the ErrorDetail message', async () => {
    const error = await wps.addConnectionsToGroups(['g'], 'userId eq').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).statusCode).toBe(400);
    expect((error as RestError).message.length).toBeGreaterThan(0);
  });
});

describe('SignalR end to end', () => {
  it('negotiates a @microsoft/signalr client and delivers user, group and broadcast invocations', async () => {
    const signalr = new SignalRServiceClient(emulator.signalR.connectionString, 'e2e', {
      applicationName: 'App',
    });
    const { url, accessToken } = await signalr.negotiate({ userId: 'carol' });
    const connection = new HubConnectionBuilder()
      .withUrl(url, { accessTokenFactory: () => accessToken })
      .configureLogging(LogLevel.None)
      .build();
    const received: unknown[] = [];
    connection.on('note', (...args: unknown[]) => received.push(args));
    await connection.start();
    try {
      await signalr.addUserToGroup('carol', 'room', { ttlSeconds: 60 });
      expect(await signalr.userInGroup('carol', 'room')).toBe(true);
      await signalr.sendToUser('carol', 'note', ['user']);
      await signalr.sendToGroup('room', 'note', ['group', 2]);
      await signalr.sendToAll('note', ['all'], { excluded: ['someone-else'] });
      const deadline = Date.now() + 5000;
      while (received.length < 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(received).toEqual([['user'], ['group', 2], ['all']]);
      expect(await signalr.connectionExists(connection.connectionId ?? '')).toBe(true);
    } finally {
      await connection.stop();
    }
  });
});
