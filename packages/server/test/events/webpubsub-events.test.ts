// WebPubSubEventHandler on every event type, each built from the docs' recorded request
// (fixtures/cloud-events.ts): what the callbacks get, and what the service gets back.

import { describe, expect, it } from 'vitest';
import {
  type ConnectRequest,
  type DisconnectedRequest,
  type MqttConnectRequest,
  type MqttDisconnectedRequest,
  MqttV500ConnectReasonCode,
  type UserEventRequest,
  WebPubSubEventHandler,
  type WebPubSubEventHandlerOptions,
} from '../../src/events.js';
import * as docs from './fixtures/cloud-events.js';
import {
  BINARY_EXAMPLE,
  connectionString,
  deferred,
  PRIMARY_KEY,
  recorded,
  toRequest,
  VALUES,
} from './helpers.js';

const base = { connectionString: connectionString(PRIMARY_KEY), path: '/upstream' };
const handlerWith = (options: WebPubSubEventHandlerOptions) =>
  new WebPubSubEventHandler('chat', { ...base, ...options });
const decodeState = (header: string | null) =>
  JSON.parse(Buffer.from(header ?? '', 'base64').toString());

describe('connect', () => {
  it('hands the docs example to handleConnect and returns the connect answer', async () => {
    let seen: ConnectRequest | undefined;
    const handler = handlerWith({
      handleConnect(req, res) {
        seen = req;
        res.setState('room', 'lobby');
        res.success({
          userId: 'alice-1',
          groups: ['lobby'],
          roles: ['webpubsub.sendToGroup'],
          subprotocol: 'json.webpubsub.azure.v1',
        });
      },
    });
    const response = await handler.fetch(toRequest(recorded(docs.CONNECT)));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      userId: 'alice-1',
      groups: ['lobby'],
      roles: ['webpubsub.sendToGroup'],
      subprotocol: 'json.webpubsub.azure.v1',
    });
    expect(decodeState(response.headers.get('ce-connectionState'))).toEqual({ room: 'lobby' });
    expect(seen).toMatchObject({
      claims: {},
      query: {},
      queries: {},
      headers: {},
      subprotocols: [],
      clientCertificates: [
        {
          thumbprint: '<certificate SHA-1 thumbprint>',
          content: '-----BEGIN CERTIFICATE-----\r\n...\r\n-----END CERTIFICATE-----',
        },
      ],
    });
    expect(seen?.context).toMatchObject({
      hub: 'chat',
      connectionId: VALUES['{connectionId}'],
      userId: 'alice',
      eventName: 'connect',
      origin: 'xxx.webpubsub.azure.com',
      states: {},
      clientProtocol: 'default',
    });
    // The signature is there for code that reads it, but never serialized or logged.
    expect(seen?.context.signature).toMatch(/^sha256=[0-9a-f]{64},sha256=[0-9a-f]{64}$/);
    expect(JSON.stringify(seen)).not.toContain('sha256=');
  });

  it('answers 204 to success() without a body, and the failure status and detail to fail()', async () => {
    const accept = handlerWith({ handleConnect: (_req, res) => res.success() });
    const accepted = await accept.fetch(toRequest(recorded(docs.CONNECT)));
    expect(accepted.status).toBe(204);
    expect(accepted.headers.get('ce-connectionState')).toBeNull();
    for (const code of [400, 401, 500] as const) {
      const refuse = handlerWith({ handleConnect: (_req, res) => res.fail(code, `no (${code})`) });
      const refused = await refuse.fetch(toRequest(recorded(docs.CONNECT)));
      expect(refused.status).toBe(code);
      expect(await refused.text()).toBe(`no (${code})`);
    }
    const refuseWith = handlerWith({
      handleConnect: (_req, res) => res.failWith({ code: 401, detail: 'who?' }),
    });
    const refusedWith = await refuseWith.fetch(toRequest(recorded(docs.CONNECT)));
    expect([refusedWith.status, await refusedWith.text()]).toEqual([401, 'who?']);
  });

  it('accepts every connect (200, body unread) when there is no handleConnect', async () => {
    const response = await handlerWith({}).fetch(
      toRequest(recorded(docs.CONNECT, { body: 'not json' })),
    );
    expect(response.status).toBe(200);
  });

  it('answers once the callback replies, even later (callback style)', async () => {
    const handler = handlerWith({
      handleConnect: (_req, res) => {
        setTimeout(() => res.success({ userId: 'late' }), 20);
      },
    });
    const response = await handler.fetch(toRequest(recorded(docs.CONNECT)));
    expect(await response.json()).toEqual({ userId: 'late' });
  });
});

describe('connected and disconnected (non-blocking)', () => {
  it('answers before onConnected finishes, hands the work to waitUntil, and reads the state', async () => {
    const gate = deferred<void>();
    const finished = deferred<unknown>();
    const waited: Promise<unknown>[] = [];
    const handler = handlerWith({
      async onConnected(req) {
        await gate.promise;
        finished.resolve(req);
      },
    });
    const response = await handler.fetch(toRequest(recorded(docs.CONNECTED)), {
      waitUntil: (promise) => waited.push(promise),
    });
    expect(response.status).toBe(200);
    expect(waited).toHaveLength(1);
    gate.resolve();
    await waited[0];
    expect(await finished.promise).toMatchObject({
      context: {
        connectionId: VALUES['{connectionId}'],
        subprotocol: 'abc',
        // eyJrZXkiOiJhIn0= is base64 of {"key":"a"}.
        states: { key: 'a' },
      },
    });
  });

  it('gives onDisconnected the reason', async () => {
    const seen = deferred<DisconnectedRequest>();
    const handler = handlerWith({ onDisconnected: (req) => seen.resolve(req) });
    const response = await handler.fetch(toRequest(recorded(docs.DISCONNECTED)));
    expect(response.status).toBe(200);
    expect((await seen.promise).reason).toBe('closed by the client');
  });

  it('reports a failing non-blocking callback to onError, after a 200', async () => {
    const reported = deferred<[unknown, string]>();
    const handler = handlerWith({
      onConnected: async () => {
        throw new Error('database down');
      },
      onError: (error, callback) => reported.resolve([error, callback]),
    });
    expect((await handler.fetch(toRequest(recorded(docs.CONNECTED)))).status).toBe(200);
    const [error, callback] = await reported.promise;
    expect([(error as Error).message, callback]).toEqual(['database down', 'onConnected']);
  });
});

describe('user events', () => {
  async function receive(block: string): Promise<UserEventRequest> {
    const seen = deferred<UserEventRequest>();
    const handler = handlerWith({
      handleUserEvent(req, res) {
        seen.resolve(req);
        res.success();
      },
    });
    const response = await handler.fetch(toRequest(recorded(block)));
    expect(response.status).toBe(200);
    return seen.promise;
  }

  it('reads text, JSON and binary bodies by their Content-Type', async () => {
    expect(await receive(docs.MESSAGE_TEXT)).toMatchObject({
      data: 'UserPayload',
      dataType: 'text',
    });
    expect(await receive(docs.CUSTOM_TEXT)).toMatchObject({
      data: 'text data',
      dataType: 'text',
      context: { eventName: 'chatMessage', subprotocol: 'json.webpubsub.azure.v1' },
    });
    expect(await receive(docs.CUSTOM_JSON)).toMatchObject({
      data: { hello: 'world' },
      dataType: 'json',
    });
    const binary = await receive(docs.CUSTOM_BINARY);
    expect(binary.dataType).toBe('binary');
    expect(binary.data).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(binary.data as ArrayBuffer)).toEqual(BINARY_EXAMPLE);
    expect(new TextDecoder().decode(binary.data as ArrayBuffer)).toBe('hello world');
  });

  it('replies with the payload typed by dataType, and the state when set', async () => {
    const cases = [
      ['text', 'hi', 'text/plain; charset=utf-8', 'hi'],
      ['json', '{"a":1}', 'application/json; charset=utf-8', '{"a":1}'],
      ['binary', new Uint8Array([1, 2, 3]), 'application/octet-stream', '\u0001\u0002\u0003'],
      [undefined, 'raw', 'application/octet-stream', 'raw'],
    ] as const;
    for (const [dataType, data, contentType, body] of cases) {
      const handler = handlerWith({
        handleUserEvent(req, res) {
          res.setState('count', (req.context.states.count ?? 0) + 1);
          res.success(data, dataType);
        },
      });
      const response = await handler.fetch(toRequest(recorded(docs.MESSAGE_TEXT)));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(contentType);
      expect(await response.text()).toBe(body);
      // The request's state ({"key":"a"}) is kept and extended.
      expect(decodeState(response.headers.get('ce-connectionstate'))).toEqual({
        key: 'a',
        count: 1,
      });
    }
  });

  it('fails an event with the status and detail (the service then drops the connection)', async () => {
    const handler = handlerWith({ handleUserEvent: (_req, res) => res.fail(400, 'bad message') });
    const response = await handler.fetch(toRequest(recorded(docs.CUSTOM_JSON)));
    expect([response.status, await response.text()]).toEqual([400, 'bad message']);
  });
});

describe('MQTT clients', () => {
  it('reads the docs MQTT connect and answers failures with CONNACK codes', async () => {
    let seen: MqttConnectRequest | undefined;
    const handler = handlerWith({
      handleConnect(req, res) {
        seen = req as MqttConnectRequest;
        res.fail(401, 'bad password');
      },
    });
    const response = await handler.fetch(toRequest(recorded(docs.MQTT_CONNECT)));
    expect(response.status).toBe(401);
    // MQTT 3.1.1 (protocolVersion 4): 401 becomes return code 5, NotAuthorized.
    expect(await response.json()).toEqual({ mqtt: { code: 5, reason: 'bad password' } });
    expect(seen?.context).toMatchObject({
      clientProtocol: 'mqtt',
      connectionId: VALUES['{clientId}'],
      mqtt: { physicalConnectionId: VALUES['{physicalConnectionId}'] },
    });
    expect(seen?.mqtt).toMatchObject({ protocolVersion: 4, cleanStart: true, username: null });
    expect(seen?.claims).toEqual({ type1: ['value1'] });
    expect(seen?.queries).toEqual({ queryKey1: ['queryValue1'] });
  });

  it('maps MQTT 5 failures, failWith codes, and answers 204 with no handleConnect', async () => {
    const v5 = recorded(docs.MQTT_CONNECT, {
      body: JSON.stringify({ mqtt: { protocolVersion: 5 }, claims: {}, query: {} }),
    });
    const refuse = handlerWith({ handleConnect: (_req, res) => res.fail(400) });
    expect(await (await refuse.fetch(toRequest(v5))).json()).toEqual({ mqtt: { code: 134 } });
    const banned = handlerWith({
      handleConnect: (_req, res) =>
        res.failWith({
          mqtt: { code: MqttV500ConnectReasonCode.Banned, reason: 'banned by server' },
        }),
    });
    const response = await banned.fetch(toRequest(v5));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ mqtt: { code: 138, reason: 'banned by server' } });
    expect((await handlerWith({}).fetch(toRequest(recorded(docs.MQTT_CONNECT)))).status).toBe(204);
  });

  it('reads MQTT connected, disconnected and user events with their session', async () => {
    const disconnected = deferred<MqttDisconnectedRequest>();
    const user = deferred<UserEventRequest>();
    const handler = handlerWith({
      onDisconnected: (req) => disconnected.resolve(req as MqttDisconnectedRequest),
      handleUserEvent(req, res) {
        user.resolve(req);
        res.success('ack', 'text');
      },
    });
    expect((await handler.fetch(toRequest(recorded(docs.MQTT_DISCONNECTED)))).status).toBe(200);
    expect(await disconnected.promise).toMatchObject({
      reason: '',
      mqtt: {
        initiatedByClient: true,
        disconnectPacket: { code: 0, userProperties: [{ name: 'name1', value: 'value1' }] },
      },
      context: {
        clientProtocol: 'mqtt',
        mqtt: { physicalConnectionId: 'phys-9', sessionId: 'session-3' },
      },
    });
    const response = await handler.fetch(toRequest(recorded(docs.MQTT_USER_EVENT)));
    expect(await response.text()).toBe('ack');
    expect(await user.promise).toMatchObject({
      data: 'hello over mqtt',
      dataType: 'text',
      context: { eventName: 'publish' },
    });
    expect((await handler.fetch(toRequest(recorded(docs.MQTT_CONNECTED)))).status).toBe(200);
  });
});
