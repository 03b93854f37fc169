// Web PubSub event handlers against an independent judge: an app built with the official
// `@azure/web-pubsub-express`. What its handleConnect / handleUserEvent / onConnected / onDisconnected
// see must be what the service sends (reference-cloud-events.md); what they answer must reach the
// real clients as the service delivers it. The signature is checked here with node:crypto against the
// key the emulator was configured with.

import { InvocationError, SendMessageError, WebPubSubClient } from '@azure/web-pubsub-client';
import {
  type ConnectRequest,
  type DisconnectedRequest,
  type UserEventRequest,
  WebPubSubEventHandler,
} from '@azure/web-pubsub-express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEmulator, type UpstreamCall } from '../src/index.js';
import { type App, expectedSignature, startListenerApp } from './helpers/apps.js';
import { type Emulator, eventually, signToken, UpgradeRejected, WsProbe } from './helpers.js';

const KEY = 'the-configured-key-for-event-handler-tests';
const JSON_SUBPROTOCOL = 'json.webpubsub.azure.v1';

const connects: ConnectRequest[] = [];
const userEvents: UserEventRequest[] = [];
const connected: string[] = [];
const disconnected: DisconnectedRequest[] = [];
const calls: UpstreamCall[] = [];
const logLines: string[] = [];
let app: App;
let emulator: Emulator;

const handler = new WebPubSubEventHandler('chat', {
  handleConnect(req, res) {
    connects.push(req);
    const as = req.queries?.as?.[0];
    if (as === 'nobody') return res.fail(401, 'No such user.');
    if (as === 'crash') return res.fail(500, 'stack trace: secret internals');
    res.setState('visits', 1);
    if (as === 'as-is') return res.success();
    res.success({
      userId: as ?? 'from-handler',
      groups: ['room'],
      roles: ['webpubsub.sendToGroup.room'],
      // The handler picks the subprotocol when the client offers its own first.
      ...(req.subprotocols?.[0] === 'custom.protocol' ? { subprotocol: JSON_SUBPROTOCOL } : {}),
    });
  },
  handleUserEvent(req, res) {
    // A copy: setState below changes req.context.states in place.
    userEvents.push({ ...req, context: { ...req.context, states: { ...req.context.states } } });
    const visits = Number(req.context.states.visits ?? 0);
    if (req.context.eventName === 'reject' || req.data === 'fail!') {
      return res.fail(400, 'Send a number.');
    }
    res.setState('visits', visits + 1);
    if (req.dataType === 'binary') return res.success(req.data, 'binary');
    if (req.dataType === 'json') {
      return res.success(JSON.stringify({ echo: req.data, visits }), 'json');
    }
    if (req.data === 'silence') return res.success();
    res.success(`echo: ${req.data}`, 'text');
  },
  onConnected(req) {
    connected.push(req.context.connectionId);
  },
  onDisconnected(req) {
    disconnected.push(req);
  },
});

beforeAll(async () => {
  const server = express();
  server.use(handler.getMiddleware());
  app = await startListenerApp(server);
  emulator = await startEmulator({
    webPubSubPort: 0,
    signalRPort: 0,
    accessKey: KEY,
    log: (line) => logLines.push(line),
    onUpstreamCall: (call) => calls.push(call),
    eventHandlers: [
      {
        hub: 'chat',
        urlTemplate: `${app.url}/api/webpubsub/hubs/{hub}/`,
        userEventPattern: '*',
        systemEvents: ['connect', 'connected', 'disconnected'],
      },
    ],
  });
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

async function clientUrl(query = '', claims: Record<string, unknown> = { sub: 'token-user' }) {
  const aud = `${emulator.webPubSub.endpoint}/client/hubs/chat`;
  const token = await signToken({ aud, ...claims }, { key: KEY });
  return `${aud.replace(/^http/, 'ws')}?access_token=${token}${query}`;
}

describe('connect', () => {
  it('sends what the service sends, and applies userId, groups, roles, subprotocol and state', async () => {
    const probe = await WsProbe.connect(
      await clientUrl('&room=blue&room=green'),
      ['custom.protocol', JSON_SUBPROTOCOL],
      { 'x-trace': 't-1' },
    );
    expect(probe.socket.protocol).toBe(JSON_SUBPROTOCOL);
    const welcome = await probe.nextJson();
    expect(welcome).toMatchObject({ type: 'system', event: 'connected', userId: 'from-handler' });
    const req = connects.at(-1) as ConnectRequest;
    expect(req.context).toMatchObject({
      hub: 'chat',
      connectionId: welcome.connectionId,
      eventName: 'connect',
      userId: 'token-user',
      origin: new URL(emulator.webPubSub.endpoint).host,
      states: {},
    });
    expect(req.context.signature).toBe(expectedSignature(KEY, welcome.connectionId as string));
    expect(req.claims?.sub).toEqual(['token-user']);
    expect(req.queries).toEqual({ room: ['blue', 'green'] }); // no access_token
    expect(req.headers?.['x-trace']).toEqual(['t-1']);
    expect(req.headers?.authorization).toBeUndefined();
    expect(req.subprotocols).toEqual(['custom.protocol', JSON_SUBPROTOCOL]);
    // The roles and groups from the answer: the client may send to "room", and is in it.
    probe.socket.send(JSON.stringify({ type: 'sendToGroup', group: 'room', data: 'hi', ackId: 1 }));
    expect(await probe.nextJson()).toMatchObject({ type: 'message', group: 'room', data: 'hi' });
    expect(await probe.nextJson()).toEqual({ type: 'ack', ackId: 1, success: true });
    // The state set in connect comes back with the next event.
    probe.socket.send(JSON.stringify({ type: 'event', event: 'ping', dataType: 'json', data: 7 }));
    expect(await probe.nextJson()).toEqual({
      type: 'message',
      from: 'server',
      dataType: 'json',
      data: { echo: 7, visits: 1 },
    });
    expect(userEvents.at(-1)?.context).toMatchObject({
      userId: 'from-handler',
      states: { visits: 1 },
    });
    // web-pubsub-express does not read ce-subprotocol into the context; the request has it.
    const event = app.requests.filter((r) => r.method === 'POST').at(-1);
    expect(event?.headers['ce-subprotocol']).toBe(JSON_SUBPROTOCOL);
    expect(event?.headers['ce-type']).toBe('azure.webpubsub.user.ping');
    expect(event?.headers['ce-source']).toBe(`/hubs/chat/client/${welcome.connectionId}`);
    await probe.close();
  });

  it('refuses the handshake with the status and text the handler answered', async () => {
    const refused = await WsProbe.connect(await clientUrl('&as=nobody')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UpgradeRejected);
    expect(refused).toMatchObject({ status: 401, body: 'No such user.' });
    // A 5xx answer's body stays in the app.
    const crashed = await WsProbe.connect(await clientUrl('&as=crash')).catch((e: unknown) => e);
    expect(crashed).toMatchObject({ status: 500 });
    expect((crashed as UpgradeRejected).body).not.toContain('secret');
    const refusedIds = connects.slice(-2).map((c) => c.context.connectionId);
    await new Promise((r) => setTimeout(r, 100));
    expect(connected.filter((id) => refusedIds.includes(id))).toEqual([]);
    expect(disconnected.filter((d) => refusedIds.includes(d.context.connectionId))).toEqual([]);
  });

  it('accepts as is on 204, with the token user and no subprotocol forced', async () => {
    const probe = await WsProbe.connect(await clientUrl('&as=as-is'));
    probe.socket.send('hello');
    expect((await probe.next()).data.toString()).toBe('echo: hello');
    expect(userEvents.at(-1)?.context).toMatchObject({
      userId: 'token-user',
      states: { visits: 1 },
    });
    await probe.close();
  });
});

describe('user events', () => {
  it('answers a plain client with text and binary frames typed by the Content-Type', async () => {
    const probe = await WsProbe.connect(await clientUrl('&as=as-is'));
    probe.socket.send('one');
    const text = await probe.next();
    expect([text.binary, text.data.toString()]).toEqual([false, 'echo: one']);
    probe.socket.send(Buffer.from([1, 2, 3]));
    const binary = await probe.next();
    expect([binary.binary, [...binary.data]]).toEqual([true, [1, 2, 3]]);
    expect(userEvents.at(-1)).toMatchObject({
      dataType: 'binary',
      context: { eventName: 'message' },
    });
    probe.socket.send('silence'); // 200 with no body: nothing goes back
    await probe.expectSilence();
    // Connection state moved on with each answer.
    expect(userEvents.at(-1)?.context.states).toEqual({ visits: 3 });
    await probe.close();
  });

  it('closes a plain client whose message the handler fails, as the docs say', async () => {
    const probe = await WsProbe.connect(await clientUrl('&as=as-is'));
    probe.socket.send('fail!');
    expect(await probe.closed).toEqual({
      code: 1011,
      reason: 'The event handler answered 400: Send a number.',
    });
  });

  it('acks, replies to and fails events and invocations of the official client', async () => {
    const client = new WebPubSubClient(await clientUrl(), {
      autoReconnect: false,
      messageRetryOptions: { maxRetries: 0 },
    });
    const replies: unknown[] = [];
    client.on('server-message', (e) => replies.push(e.message.data));
    await client.start();
    const sent = await client.sendEvent('greet', 'hi', 'text');
    expect(sent.ackId).toBeGreaterThan(0);
    await eventually(() => replies.includes('echo: hi'));
    const invoked = await client.invokeEvent('compute', { n: 2 }, 'json');
    expect(invoked).toMatchObject({ dataType: 'json', data: { echo: { n: 2 } } });
    const failed = await client.sendEvent('reject', 'x', 'text').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SendMessageError);
    expect((failed as SendMessageError).errorDetail).toEqual({
      name: 'InternalServerError',
      message: 'The event handler answered 400: Send a number.',
    });
    const failedInvoke = await client.invokeEvent('reject', 'x', 'text').catch((e: unknown) => e);
    expect(failedInvoke).toBeInstanceOf(InvocationError);
    expect((failedInvoke as InvocationError).errorDetail?.message).toBe(
      'The event handler answered 400: Send a number.',
    );
    // The connection stays open after a failed event (as Microsoft's emulator): it still works.
    expect((await client.invokeEvent('again', 'ok', 'text')).data).toBe('echo: ok');
    client.stop();
  });
});

describe('connected and disconnected', () => {
  it('notifies both, in order, with the reason, and checks the handler URL once', async () => {
    const probe = await WsProbe.connect(await clientUrl('&as=as-is'));
    const id = connects.at(-1)?.context.connectionId as string;
    await eventually(() => connected.includes(id));
    await probe.close();
    await eventually(() => disconnected.some((d) => d.context.connectionId === id));
    const last = disconnected.find((d) => d.context.connectionId === id);
    expect(last?.reason).toBe('The client closed the connection (1005).');
    const options = app.requests.filter((r) => r.method === 'OPTIONS');
    expect(options).toHaveLength(1);
    expect(options[0]?.headers['webhook-request-origin']).toBe(
      new URL(emulator.webPubSub.endpoint).host,
    );
    expect(calls.filter((c) => c.event === 'validate')).toHaveLength(1);
  });

  it('sends disconnected after an accepted connect whose client left before the upgrade', async () => {
    // A handler that holds connect until the client has gone.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = new WebPubSubEventHandler('late', {
      async handleConnect(_req, res) {
        await held;
        res.success();
      },
      onDisconnected: (req) => disconnected.push(req),
    });
    const server = express();
    server.use(slow.getMiddleware());
    const lateApp = await startListenerApp(server);
    const late = await startEmulator({
      webPubSubPort: 0,
      signalRPort: 0,
      accessKey: KEY,
      eventHandlers: [
        {
          hub: 'late',
          urlTemplate: `${lateApp.url}/api/webpubsub/hubs/late/`,
          systemEvents: ['connect', 'disconnected'],
        },
      ],
    });
    try {
      const aud = `${late.webPubSub.endpoint}/client/hubs/late`;
      const token = await signToken({ aud }, { key: KEY });
      const socket = new WebSocket(`${aud.replace(/^http/, 'ws')}?access_token=${token}`);
      socket.on('error', () => {});
      await eventually(() => lateApp.requests.some((r) => r.method === 'POST'));
      const posted = lateApp.requests.find((r) => r.method === 'POST');
      expect(posted?.headers['ce-type']).toBe('azure.webpubsub.sys.connect');
      const connectionId = posted?.headers['ce-connectionid'] as string;
      socket.terminate(); // the client gives up while connect is in flight
      await new Promise((r) => setTimeout(r, 200));
      release();
      await eventually(() => disconnected.some((d) => d.context.connectionId === connectionId));
    } finally {
      await late.close();
      await lateApp.close();
    }
  });
});
