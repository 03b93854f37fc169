// Web PubSub clients on the json.webpubsub.azure.v1 subprotocols, with the real client library
// @azure/web-pubsub-client (npm) as the oracle, connecting with URLs minted by `:generateToken`.
import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import {
  type OnGroupDataMessageArgs,
  type OnServerDataMessageArgs,
  SendMessageError,
  WebPubSubClient,
  WebPubSubJsonProtocol,
} from '@azure/web-pubsub-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Emulator,
  officialServiceClient,
  restCall,
  startTestEmulator,
  WsProbe,
} from './helpers.js';

let emulator: Emulator;
let service: WebPubSubServiceClient;
const started: WebPubSubClient[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  service = officialServiceClient(emulator, 'chat');
});
afterEach(() => {
  for (const client of started.splice(0)) client.stop();
});
afterAll(() => emulator.close());

/** A client URL from the REST `:generateToken` operation (the URL itself is built locally, as the SDKs do). */
async function generatedUrl(query: string): Promise<string> {
  const base = `${emulator.webPubSub.endpoint}/api/hubs/chat`;
  const response = await restCall('POST', `${base}/:generateToken?api-version=2024-12-01&${query}`);
  expect(response.status).toBe(200);
  const { token } = (await response.json()) as { token: string };
  return `${emulator.webPubSub.endpoint.replace(/^http/, 'ws')}/client/hubs/chat?access_token=${token}`;
}

/** Starts a client and collects what it receives. */
async function startClient(query: string, reliable = true) {
  const client = new WebPubSubClient(await generatedUrl(query), {
    autoReconnect: false,
    messageRetryOptions: { maxRetries: 0 },
    ...(reliable ? {} : { protocol: WebPubSubJsonProtocol() }),
  });
  const groupMessages: OnGroupDataMessageArgs['message'][] = [];
  const serverMessages: OnServerDataMessageArgs['message'][] = [];
  const connected = new Promise<{ connectionId: string; userId?: string }>((resolve) =>
    client.on('connected', (e) => resolve(e)),
  );
  client.on('group-message', (e) => groupMessages.push(e.message));
  client.on('server-message', (e) => serverMessages.push(e.message));
  started.push(client);
  await client.start();
  return { client, connected: await connected, groupMessages, serverMessages };
}

async function until<T>(items: T[], count: number): Promise<T[]> {
  const deadline = Date.now() + 2000;
  while (items.length < count) {
    if (Date.now() > deadline) throw new Error(`Expected ${count} messages, got ${items.length}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return items;
}

const ROLES = 'role=webpubsub.joinLeaveGroup&role=webpubsub.sendToGroup';

describe('@azure/web-pubsub-client against the emulator', () => {
  it.each([
    ['json.reliable.webpubsub.azure.v1 (the default)', true],
    ['json.webpubsub.azure.v1', false],
  ])(
    'connects over %s, joins a group, and receives server, group and user messages',
    async (_, reliable) => {
      const alice = await startClient(`userId=alice&${ROLES}`, reliable);
      const bob = await startClient(`userId=bob&${ROLES}`, reliable);
      expect(alice.connected.userId).toBe('alice');
      expect(await service.connectionExists(alice.connected.connectionId)).toBe(true);

      await alice.client.joinGroup('room');
      await bob.client.joinGroup('room');
      const ack = await bob.client.sendToGroup('room', { text: 'hi from bob' }, 'json');
      expect(ack.isDuplicated).toBe(false);
      const [fromBob] = await until(alice.groupMessages, 1);
      expect(fromBob).toMatchObject({
        group: 'room',
        fromUserId: 'bob',
        dataType: 'json',
        data: { text: 'hi from bob' },
      });

      await service.sendToAll({ all: true });
      await service.sendToUser('alice', 'only alice', { contentType: 'text/plain' });
      await service.group('room').sendToAll(new Uint8Array([7, 8, 9]).buffer);
      // REST sends arrive from the server, except group sends: those are group messages.
      const server = await until(alice.serverMessages, 2);
      expect(server.map((m) => [m.dataType, m.data])).toEqual([
        ['json', { all: true }],
        ['text', 'only alice'],
      ]);
      const [, fromRest] = await until(alice.groupMessages, 2);
      expect(fromRest).toMatchObject({
        group: 'room',
        dataType: 'binary',
        data: new Uint8Array([7, 8, 9]).buffer,
      });
      expect(fromRest?.fromUserId).toBeUndefined();
      expect(bob.serverMessages.map((m) => m.data)).not.toContain('only alice');
    },
  );

  it('sends text and binary between clients, and noEcho keeps a message from its sender', async () => {
    const a = await startClient(`userId=a&${ROLES}&group=echo`);
    const b = await startClient(`userId=b&${ROLES}&group=echo`);
    await a.client.sendToGroup('echo', 'with echo', 'text');
    await a.client.sendToGroup('echo', new Uint8Array([1, 2]).buffer, 'binary', { noEcho: true });
    const atB = await until(b.groupMessages, 2);
    expect(atB.map((m) => [m.dataType, m.data])).toEqual([
      ['text', 'with echo'],
      ['binary', new Uint8Array([1, 2]).buffer],
    ]);
    const atA = await until(a.groupMessages, 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(atA.map((m) => m.data)).toEqual(['with echo']);
  });

  it('acks with the given ackId, and reports a repeated ackId as a duplicate', async () => {
    const { client } = await startClient(`${ROLES}`);
    expect(await client.sendToGroup('acks', 'one', 'text', { ackId: 41 })).toEqual({
      ackId: 41,
      isDuplicated: false,
    });
    expect(await client.sendToGroup('acks', 'again', 'text', { ackId: 41 })).toEqual({
      ackId: 41,
      isDuplicated: true,
    });
    // With no event handler configured, an event fails as in Microsoft's emulator.
    const event = await client
      .sendEvent('anything', { a: 1 }, 'json', { ackId: 42 })
      .catch((e) => e);
    expect((event as SendMessageError).errorDetail).toEqual({
      name: 'InternalServerError',
      message: "No event handler is configured for event 'anything' in hub 'chat'.",
    });
  });

  it('rejects joins and sends without permission as Forbidden until REST grants it', async () => {
    const { client, connected } = await startClient(
      'userId=nobody&role=webpubsub.sendToGroup.allowed',
    );
    const join = await client.joinGroup('secret').catch((e: unknown) => e);
    expect(join).toBeInstanceOf(SendMessageError);
    expect((join as SendMessageError).errorDetail).toEqual({
      name: 'Forbidden',
      message: expect.stringContaining("group 'secret'"),
    });
    const send = await client.sendToGroup('other', 'x', 'text').catch((e: unknown) => e);
    expect((send as SendMessageError).errorDetail?.name).toBe('Forbidden');
    // The group-scoped role from the token allows exactly its group.
    expect((await client.sendToGroup('allowed', 'x', 'text')).isDuplicated).toBe(false);

    await service.grantPermission(connected.connectionId, 'joinLeaveGroup', {
      targetName: 'secret',
    });
    await client.joinGroup('secret');
    expect(await service.groupExists('secret')).toBe(true);
    await service.revokePermission(connected.connectionId, 'joinLeaveGroup', {
      targetName: 'secret',
    });
    const leave = await client.leaveGroup('secret').catch((e: unknown) => e);
    expect((leave as SendMessageError).errorDetail?.name).toBe('Forbidden');
  });

  it('gets the disconnected message with the reason when REST closes the connection', async () => {
    const { client, connected } = await startClient('userId=leaving');
    const disconnected = new Promise<unknown>((resolve) =>
      client.on('disconnected', (e) => resolve(e.message)),
    );
    const stopped = new Promise<void>((resolve) => client.on('stopped', () => resolve()));
    await service.closeConnection(connected.connectionId, { reason: 'kicked by the app' });
    expect(await disconnected).toMatchObject({ message: 'kicked by the app' });
    await stopped;
  });
});

describe('json.webpubsub.azure.v1 on the wire', () => {
  async function rawClient(query: string, protocol = 'json.webpubsub.azure.v1') {
    const probe = await WsProbe.connect(await generatedUrl(query), protocol);
    const connected = await probe.nextJson();
    return { probe, connected };
  }

  it('sends connected with userId and connectionId, and reconnectionToken on the reliable protocol', async () => {
    const plain = await rawClient('userId=wire');
    expect(plain.connected).toEqual({
      type: 'system',
      event: 'connected',
      userId: 'wire',
      connectionId: expect.any(String),
    });
    const reliable = await rawClient('', 'json.reliable.webpubsub.azure.v1');
    expect(reliable.connected).toEqual({
      type: 'system',
      event: 'connected',
      connectionId: expect.any(String),
      reconnectionToken: expect.any(String),
    });
    await Promise.all([plain.probe.close(), reliable.probe.close()]);
  });

  it('numbers reliable messages and answers ping with pong', async () => {
    const { probe } = await rawClient(ROLES, 'json.reliable.webpubsub.azure.v1');
    await service.sendToAll('one', { contentType: 'text/plain' });
    await service.sendToAll('two', { contentType: 'text/plain' });
    expect(await probe.nextJson()).toEqual({
      sequenceId: 1,
      type: 'message',
      from: 'server',
      dataType: 'text',
      data: 'one',
    });
    expect((await probe.nextJson()).sequenceId).toBe(2);
    probe.socket.send(JSON.stringify({ type: 'ping' }));
    expect(await probe.nextJson()).toEqual({ type: 'pong' });
    await probe.close();
  });

  it.each([
    [{ type: 'joinGroup', group: '   ', ackId: 1 }, "The parameter 'group'"],
    [{ type: 'sendToGroup', group: 'g', dataType: 'binary', data: 'not base64!' }, 'base64'],
    [{ type: 'sendToGroup', group: 'g', dataType: 'xml', data: '<a/>' }, 'dataType'],
    [{ type: 'teleport', ackId: 4 }, "Unsupported request type 'teleport'"],
  ])(
    'declines the malformed request %j: disconnected message, then close 1007',
    async (request, why) => {
      const { probe } = await rawClient(ROLES);
      probe.socket.send(JSON.stringify(request));
      const disconnected = await probe.nextJson();
      expect(disconnected).toMatchObject({ type: 'system', event: 'disconnected' });
      expect(String(disconnected.message)).toContain(why);
      expect((await probe.closed).code).toBe(1007);
    },
  );

  it('closes a JSON client that sends a binary frame with 1003', async () => {
    const { probe } = await rawClient(ROLES);
    probe.socket.send(Buffer.from([1, 2, 3]));
    expect(await probe.closed).toMatchObject({ code: 1003 });
  });

  it('delivers client group messages to plain WebSocket members raw', async () => {
    const sender = await rawClient(ROLES);
    const plain = await WsProbe.connect(await generatedUrl('group=raw'));
    sender.probe.socket.send(
      JSON.stringify({ type: 'sendToGroup', group: 'raw', dataType: 'json', data: { k: [1] } }),
    );
    sender.probe.socket.send(
      JSON.stringify({ type: 'sendToGroup', group: 'raw', dataType: 'binary', data: 'AAEC' }),
    );
    expect(await plain.next()).toEqual({ data: Buffer.from('{"k":[1]}'), binary: false });
    expect(await plain.next()).toEqual({ data: Buffer.from([0, 1, 2]), binary: true });
    await Promise.all([sender.probe.close(), plain.close()]);
  });
});
