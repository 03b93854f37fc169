// SignalR upstream (serverless), judged by a raw node:http upstream that records each request and
// answers as concept-upstream.md describes, with completions written here from the hub protocol spec
// (JSON + 0x1E; MessagePack array behind a VarInt length). The official @microsoft/signalr client, in
// both hub protocols, invokes and sends; what it gets back and what the upstream saw are both checked.

import { Decoder, encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { SignalRUpstream } from '../src/signalr/upstream.js';
import {
  type App,
  answer,
  deadUrl,
  expectedSignature,
  type Recorded,
  startRawApp,
} from './helpers/apps.js';
import {
  negotiateResult,
  type ProtocolName,
  signalRClient,
  startSignalROnly,
  type TransportName,
} from './helpers/signalr.js';
import { type Emulator, eventually, KEY } from './helpers.js';

/** The MessagePack framing of HubProtocol.md: a VarInt length, then the message. */
function varintFramed(payload: Uint8Array): Buffer {
  const prefix: number[] = [];
  let length = payload.length;
  do {
    prefix.push((length & 0x7f) | (length > 0x7f ? 0x80 : 0));
    length >>>= 7;
  } while (length > 0);
  return Buffer.concat([Buffer.from(prefix), payload]);
}

/** A completion with a result, framed in the protocol of the request. */
function completion(request: Recorded, invocationId: string, result: unknown): Buffer {
  if (request.headers['content-type'] === 'application/x-msgpack') {
    return varintFramed(encode([3, {}, invocationId, 3, result]));
  }
  return Buffer.from(`${JSON.stringify({ type: 3, invocationId, result })}\x1e`);
}

/** The invocation in a request body: unframed JSON, or an unframed MessagePack array. */
function invocationOf(request: Recorded): {
  invocationId?: string;
  target: string;
  arguments: unknown[];
} {
  if (request.headers['content-type'] === 'application/json') {
    const { type, ...message } = JSON.parse(request.body.toString());
    expect(type).toBe(1);
    return message;
  }
  const [type, , invocationId, target, args] = new Decoder().decode(request.body) as unknown[];
  expect(type).toBe(1);
  return {
    target: target as string,
    arguments: args as unknown[],
    ...(invocationId == null ? {} : { invocationId: invocationId as string }),
  };
}

let app: App;
let emulator: Emulator;
const logLines: string[] = [];

beforeAll(async () => {
  app = await startRawApp((request, res) => {
    if (request.headers['x-asrs-category'] === 'connections') return answer(res, 200);
    const message = invocationOf(request);
    const type = { 'content-type': request.headers['content-type'] as string };
    switch (message.target) {
      case 'add': {
        const [a, b] = message.arguments as [number, number];
        return answer(res, 200, completion(request, message.invocationId as string, a + b), type);
      }
      case 'nothing':
        return answer(res, 204);
      case 'empty':
        return answer(res, 200);
      case 'garbage':
        return answer(res, 200, 'this is not a hub message', type);
      case 'slow':
        return; // never answers
      case 'notify':
        return answer(res, 200);
      default:
        return answer(res, 503);
    }
  });
  emulator = await startEmulator({
    webPubSubPort: 0,
    signalRPort: 0,
    upstreamTimeoutMs: 500,
    log: (line) => logLines.push(line),
    upstreamTemplates: [
      { urlTemplate: `${app.url}/upstream/{hub}/{category}/{event}?code=abc`, hubPattern: 'chat' },
    ],
  });
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

async function connect(transport: TransportName, protocol: ProtocolName, hub = 'chat') {
  const { url, accessToken } = await negotiateResult(
    emulator.signalR.endpoint,
    { nameid: 'alice' },
    hub,
  );
  const connection = signalRClient(url, accessToken, transport, protocol);
  await connection.start();
  return connection;
}

const requestsOf = (connectionId: string) =>
  app.requests.filter((r) => r.headers['x-asrs-connection-id'] === connectionId);

describe.each([
  ['WebSockets', 'json'],
  ['WebSockets', 'messagepack'],
  ['LongPolling', 'messagepack'],
] as const)('over %s with %s', (transport, protocol) => {
  it('invokes and sends through the upstream, and completes as the service does', async () => {
    const connection = await connect(transport, protocol);
    const id = connection.connectionId as string; // null once stopped
    expect(await connection.invoke('add', 1, 2)).toBe(3);
    expect(await connection.invoke('nothing')).toBeUndefined(); // 204: an empty completion
    expect(await connection.invoke('empty')).toBeUndefined(); // an empty 200 too
    await expect(connection.invoke('refused')).rejects.toThrow(
      'Invocation failed, status code 503',
    );
    await expect(connection.invoke('garbage')).rejects.toThrow(
      /^Invocation failed: the upstream answered a body the client cannot read/,
    );
    await expect(connection.invoke('slow')).rejects.toThrow(
      'Invocation failed, the upstream did not answer in time (no answer within 500 ms)',
    );
    await connection.send('notify', 'x');
    // Still usable after every failure.
    expect(await connection.invoke('add', 2, 2)).toBe(4);
    await eventually(() => requestsOf(id).some((r) => r.headers['x-asrs-event'] === 'notify'));
    await connection.stop();
    await eventually(() =>
      requestsOf(id).some((r) => r.headers['x-asrs-event'] === 'disconnected'),
    );

    const requests = requestsOf(id);
    const events = requests.map(
      (r) => `${r.headers['x-asrs-category']}/${r.headers['x-asrs-event']}`,
    );
    expect(events).toEqual([
      'connections/connected',
      ...['add', 'nothing', 'empty', 'refused', 'garbage', 'slow', 'notify', 'add'].map(
        (e) => `messages/${e}`,
      ),
      'connections/disconnected',
    ]);
    const [connected, add] = requests as [Recorded, Recorded];
    expect(connected.path).toBe('/upstream/chat/connections/connected?code=abc');
    expect(connected.body.toString()).toBe('{"type":10}');
    expect(requests.at(-1)?.body.toString()).toBe('{"Type":11}');
    expect(add.path).toBe('/upstream/chat/messages/add?code=abc');
    expect(add.headers).toMatchObject({
      'content-type': protocol === 'json' ? 'application/json' : 'application/x-msgpack',
      'x-asrs-hub': 'chat',
      'x-asrs-user-id': 'alice',
      'x-asrs-signature': expectedSignature(KEY, id, true),
    });
    expect(add.headers['x-asrs-user-claims']).toContain('nameid: alice');
    // The connect query without the secrets (long polling adds its `_` cache buster).
    expect(add.headers['x-asrs-client-query']).toMatch(/^\?hub=chat(&_=\d+)?$/);
    expect(add.rawHeaders).toContain('X-ASRS-Connection-Id');
    // The body is the invocation as the client sent it, without framing.
    expect(invocationOf(add)).toEqual({
      invocationId: expect.any(String),
      target: 'add',
      arguments: [1, 2],
    });
    expect(add.body.at(-1)).not.toBe(0x1e);
    const notify = invocationOf(requests.at(-3) as Recorded);
    expect(notify).toEqual({ target: 'notify', arguments: ['x'] }); // send: no invocationId
  });
});

describe('without a matching upstream', () => {
  it('ignores the invocation, as the service does, and says so in the log', async () => {
    const connection = await connect('WebSockets', 'json', 'other');
    await connection.send('notify', 'lost');
    await eventually(() =>
      logLines.some((l) => l.includes('no upstream template matches messages/notify in hub other')),
    );
    expect(app.requests.filter((r) => r.headers['x-asrs-hub'] === 'other')).toEqual([]);
    await connection.stop();
  });
});

describe('a dead upstream', () => {
  it('fails invocations with an error completion that says so', async () => {
    const dead = await startEmulator({
      webPubSubPort: 0,
      signalRPort: 0,
      upstreamTemplates: [{ urlTemplate: `${await deadUrl()}/upstream` }],
    });
    try {
      const { url, accessToken } = await negotiateResult(dead.signalR.endpoint, { nameid: 'bob' });
      const connection = signalRClient(url, accessToken, 'WebSockets', 'json');
      await connection.start();
      await expect(connection.invoke('add', 1, 2)).rejects.toThrow(
        'Invocation failed, the upstream is not reachable (ECONNREFUSED)',
      );
      await connection.stop();
    } finally {
      await dead.close();
    }
  });
});

describe('the queue of invocations waiting for the upstream', () => {
  it('holds 1,000; one more closes the connection with the reason', async () => {
    const stuck: SignalRUpstream = {
      connected: () => {},
      disconnected: () => {},
      invocation: () => new Promise(() => {}), // an upstream that never answers
    };
    const service = await startSignalROnly({ upstream: stuck });
    try {
      const { url, accessToken } = await negotiateResult(service.endpoint, { nameid: 'carol' });
      const connection = signalRClient(url, accessToken, 'WebSockets', 'json');
      const closed = new Promise<Error | undefined>((resolve) => connection.onclose(resolve));
      await connection.start();
      // 1,000 in all (the first one in flight counts too); the 1,001st is one too many.
      for (let i = 0; i < 1001; i++) await connection.send('work', i);
      expect((await closed)?.message).toBe(
        'Server returned an error on close: The queue of invocations waiting for the upstream is full (more than 1000 messages or 16 MiB).',
      );
    } finally {
      await service.close();
    }
  });
});
